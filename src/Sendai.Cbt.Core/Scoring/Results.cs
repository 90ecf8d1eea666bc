using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Scoring;

/// <summary>
/// The scored matrix: students (rows, in input order) × items (columns, in form order), each cell a status and a
/// weighted score. This is what item analysis (classical statistics, S-P chart, IRT) consumes: treat
/// <see cref="ResponseStatus.Correct"/> as 1, <see cref="ResponseStatus.Partial"/> as score/max, wrong and invalid as 0;
/// <see cref="ResponseStatus.NoResponse"/> as 0 or missing as the method requires; pending and unscored cells as missing.
/// </summary>
public sealed class ScoreMatrix
{
    private readonly int[] _units;
    private readonly byte[] _status;
    private readonly int[] _maxUnits;

    internal ScoreMatrix(ImmutableArray<string> studentIds, ImmutableArray<string> itemIds, int[] maxUnits, int[] units, byte[] status)
    {
        StudentIds = studentIds;
        ItemIds = itemIds;
        _maxUnits = maxUnits;
        _units = units;
        _status = status;
    }

    internal int[] Units => _units;
    internal byte[] StatusBytes => _status;

    /// <summary>Student ids by row.</summary>
    public ImmutableArray<string> StudentIds { get; }
    /// <summary>Item ids by column (form order).</summary>
    public ImmutableArray<string> ItemIds { get; }
    /// <summary>Number of rows.</summary>
    public int StudentCount => StudentIds.Length;
    /// <summary>Number of columns.</summary>
    public int ItemCount => ItemIds.Length;

    /// <summary>The status of a cell.</summary>
    /// <param name="student">Row.</param>
    /// <param name="item">Column.</param>
    public ResponseStatus Status(int student, int item) => (ResponseStatus)_status[Cell(student, item)];

    /// <summary>The weighted score of a cell (0 for no response, pending, invalid and unscored cells).</summary>
    /// <param name="student">Row.</param>
    /// <param name="item">Column.</param>
    public decimal Score(int student, int item) => ScoreMath.ToPoints(_units[Cell(student, item)]);

    /// <summary>The weighted maximum of a column.</summary>
    /// <param name="item">Column.</param>
    public decimal MaxScore(int item) => ScoreMath.ToPoints(_maxUnits[item]);

    private int Cell(int student, int item)
    {
        if ((uint)student >= (uint)StudentCount) throw new ArgumentOutOfRangeException(nameof(student));
        if ((uint)item >= (uint)ItemCount) throw new ArgumentOutOfRangeException(nameof(item));
        return student * ItemCount + item;
    }
}

/// <summary>A subscore of one student.</summary>
/// <param name="Kind">Section, viewpoint, domain or format.</param>
/// <param name="Key">The group key (see <see cref="SubscoreGroup.Key"/>).</param>
/// <param name="Score">Points earned.</param>
/// <param name="MaxScore">Points possible.</param>
/// <param name="Percent">Score / max × 100 (0 when max is 0), rounded to 0.1.</param>
public sealed record Subscore(SubscoreKind Kind, string Key, decimal Score, decimal MaxScore, decimal Percent);

/// <summary>観点別評価 of one student for one viewpoint.</summary>
/// <param name="Viewpoint">The viewpoint.</param>
/// <param name="Percent">Percent of the viewpoint's maximum.</param>
/// <param name="Grade">A, B or C by the cut points.</param>
public sealed record ViewpointGrade(Viewpoint Viewpoint, decimal Percent, char Grade);

/// <summary>One student's result.</summary>
/// <param name="StudentId">The student.</param>
/// <param name="Score">Total weighted score.</param>
/// <param name="MaxScore">Maximum of the form (scored items, pending ones included).</param>
/// <param name="Percent">Score / max × 100, rounded to 0.1.</param>
/// <param name="NoResponses">Items with no response.</param>
/// <param name="Pending">Items waiting for a teacher or the sandbox; while any are pending the total is provisional.</param>
/// <param name="Subscores">By section, viewpoint, domain and format.</param>
/// <param name="Viewpoints">観点別 A/B/C.</param>
public sealed record StudentResult(string StudentId, decimal Score, decimal MaxScore, decimal Percent, int NoResponses, int Pending,
    ImmutableArray<Subscore> Subscores, ImmutableArray<ViewpointGrade> Viewpoints)
{
    /// <summary>score / max × 100 rounded to 0.1 (0 when max is 0).</summary>
    /// <param name="score">Score.</param>
    /// <param name="max">Maximum.</param>
    public static decimal PercentOf(decimal score, decimal max) => max <= 0 ? 0 : Math.Round(score * 100m / max, 1, MidpointRounding.AwayFromZero);

    internal static decimal Percent100(long units, long max) => max <= 0 ? 0 : Math.Round(units * 100m / max, 1, MidpointRounding.AwayFromZero);

    internal static StudentResult Compute(CompiledForm form, string id, ReadOnlySpan<int> units, ReadOnlySpan<byte> status, long precomputedTotal)
    {
        long total = 0;
        int nr = 0, pending = 0;
        for (int i = 0; i < units.Length; i++)
        {
            total += units[i];
            if (status[i] == (byte)ResponseStatus.NoResponse && form.Keys[i].Item.IsScored) nr++;
            if (status[i] == (byte)ResponseStatus.Pending) pending++;
        }

        var subs = ImmutableArray.CreateBuilder<Subscore>(form.Groups.Length);
        var vps = ImmutableArray.CreateBuilder<ViewpointGrade>();
        foreach (var g in form.Groups)
        {
            long s = 0;
            foreach (int i in g.ItemIndices) s += units[i];
            decimal pct = Percent100(s, g.MaxUnits);
            subs.Add(new Subscore(g.Kind, g.Key, ScoreMath.ToPoints(s), g.MaxScore, pct));
            if (g.Viewpoint is { } vp) vps.Add(new ViewpointGrade(vp, pct, form.Options.CutPoints.Grade(pct)));
        }

        return new StudentResult(id, ScoreMath.ToPoints(total), form.MaxScore, Percent100(total, form.MaxUnits), nr, pending, subs.MoveToImmutable(), vps.ToImmutable());
    }
}

/// <summary>A student's result with every response explained.</summary>
/// <param name="Result">Totals and subscores.</param>
/// <param name="Responses">Every item in form order.</param>
public sealed record StudentDetail(StudentResult Result, ImmutableArray<ScoredResponse> Responses);

/// <summary>How often an answer was given.</summary>
/// <param name="Answer">A choice label, or the normalised answer text.</param>
/// <param name="Count">Students who gave it.</param>
public sealed record AnswerCount(string Answer, int Count);

/// <summary>Statistics of one item over all students of a run.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Index">Column in the form.</param>
/// <param name="Type">Item type.</param>
/// <param name="MaxScore">Weighted maximum.</param>
/// <param name="Students">Students graded.</param>
/// <param name="Correct">Full credit.</param>
/// <param name="Partial">Partial credit.</param>
/// <param name="Wrong">Answered, zero credit.</param>
/// <param name="Invalid">Unreadable responses (scored 0).</param>
/// <param name="NoResponse">無解答.</param>
/// <param name="Pending">Waiting for scoring.</param>
/// <param name="Unscored">Recorded survey answers.</param>
/// <param name="ScoreSum">Sum of weighted scores.</param>
/// <param name="Answers">Answer distribution: every label for choice items (in label order), otherwise the most frequent normalised answers; an entry <c>(other)</c> counts answers beyond the distinct-answer limit.</param>
public sealed record ItemStatistics(string ItemId, int Index, ItemType Type, decimal MaxScore, int Students, int Correct, int Partial, int Wrong,
    int Invalid, int NoResponse, int Pending, int Unscored, decimal ScoreSum, ImmutableArray<AnswerCount> Answers)
{
    private decimal Rate(int n) => Students == 0 ? 0 : Math.Round((decimal)n / Students, 4, MidpointRounding.AwayFromZero);

    /// <summary>正答率: full credit / students.</summary>
    public decimal CorrectRate => Rate(Correct);
    /// <summary>部分正答率.</summary>
    public decimal PartialRate => Rate(Partial);
    /// <summary>誤答率 (wrong and invalid).</summary>
    public decimal WrongRate => Rate(Wrong + Invalid);
    /// <summary>無解答率.</summary>
    public decimal NoResponseRate => Rate(NoResponse);
    /// <summary>Share of pending responses.</summary>
    public decimal PendingRate => Rate(Pending);
    /// <summary>Mean weighted score over the students whose response is scored (not pending or unscored), rounded to 0.0001.</summary>
    public decimal MeanScore
    {
        get
        {
            int n = Students - Pending - Unscored;
            return n <= 0 ? 0 : Math.Round(ScoreSum / n, 4, MidpointRounding.AwayFromZero);
        }
    }
}

/// <summary>The result of grading a batch: the scored matrix, per-item statistics, diagnostics and counts.</summary>
public sealed class GradingResult
{
    private readonly long[] _totals;

    internal GradingResult(CompiledForm form, ScoreMatrix matrix, long[] totals, ImmutableArray<ItemStatistics> items,
        ImmutableArray<Diagnostic> diagnostics, int rejectedRows, long responses)
    {
        Form = form;
        Matrix = matrix;
        _totals = totals;
        Items = items;
        Diagnostics = diagnostics;
        RejectedRows = rejectedRows;
        Responses = responses;
    }

    /// <summary>The compiled form.</summary>
    public CompiledForm Form { get; }
    /// <summary>Students × items.</summary>
    public ScoreMatrix Matrix { get; }
    /// <summary>Per-item statistics in form order.</summary>
    public ImmutableArray<ItemStatistics> Items { get; }
    /// <summary>Every problem found while reading and scoring, in input order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }
    /// <summary>Rows scored.</summary>
    public int AcceptedRows => Matrix.StudentCount;
    /// <summary>Rows rejected (duplicate student id, unreadable row); each has a diagnostic.</summary>
    public int RejectedRows { get; }
    /// <summary>Item responses given (cells that are not 無解答).</summary>
    public long Responses { get; }

    /// <summary>Total score of a row.</summary>
    /// <param name="student">Row.</param>
    public decimal Total(int student) => ScoreMath.ToPoints(_totals[student]);

    /// <summary>Mean total score over all students (0 when none), rounded to 0.0001.</summary>
    public decimal MeanScore => AcceptedRows == 0 ? 0 : Math.Round(ScoreMath.ToPoints(_totals.Sum()) / AcceptedRows, 4, MidpointRounding.AwayFromZero);

    /// <summary>The result of one row (computed on demand from the matrix).</summary>
    /// <param name="student">Row.</param>
    public StudentResult Student(int student)
    {
        int n = Matrix.ItemCount;
        return StudentResult.Compute(Form, Matrix.StudentIds[student], Matrix.Units.AsSpan(student * n, n), Matrix.StatusBytes.AsSpan(student * n, n), _totals[student]);
    }

    /// <summary>All student results in row order.</summary>
    public IEnumerable<StudentResult> Students()
    {
        for (int i = 0; i < AcceptedRows; i++) yield return Student(i);
    }
}
