using System.Collections.Immutable;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Analysis;

/// <summary>What a cell of a <see cref="ScoreMatrix"/> holds. No response is not a wrong response, and neither is "not administered".</summary>
public enum CellStatus : byte
{
    /// <summary>The student answered and the answer was scored (the score may be 0).</summary>
    Scored = 0,
    /// <summary>The item was presented but left unanswered (無解答). Counted as 0 points in sum scores and, by default, as the lowest category in IRT.</summary>
    NoResponse = 1,
    /// <summary>The item was not presented to the student (another form, adaptive test, absence). Always missing, never 0.</summary>
    NotAdministered = 2,
}

/// <summary>One cell of a <see cref="ScoreMatrix"/>.</summary>
/// <param name="Score">Points earned (0 when <paramref name="Status"/> is not <see cref="CellStatus.Scored"/>).</param>
/// <param name="Status">Whether the cell was scored, left unanswered or not administered.</param>
/// <param name="Choice">The label of the selected choice for selected-response items (for distractor analysis), or null.</param>
public readonly record struct ScoreCell(double Score, CellStatus Status, string? Choice = null)
{
    /// <summary>A scored cell.</summary>
    public static ScoreCell Scored(double score, string? choice = null) => new(score, CellStatus.Scored, choice);
    /// <summary>A presented but unanswered cell.</summary>
    public static ScoreCell NoResponse { get; } = new(0, CellStatus.NoResponse);
    /// <summary>A cell of an item that was not presented.</summary>
    public static ScoreCell NotAdministered { get; } = new(0, CellStatus.NotAdministered);
}

/// <summary>An item (column) of a <see cref="ScoreMatrix"/>.</summary>
/// <param name="Id">Item id.</param>
/// <param name="MaxPoints">Maximum points (1 for a dichotomous item).</param>
public sealed record ItemColumn(string Id, double MaxPoints)
{
    /// <summary>観点 of the item, or null.</summary>
    public Viewpoint? Viewpoint { get; init; }
    /// <summary>領域 of the item, or null.</summary>
    public string? Domain { get; init; }
    /// <summary>Label of the correct choice (for distractor analysis), or null.</summary>
    public string? Key { get; init; }

    /// <summary>A column for a bank item: id, <c>Metadata.Points</c>, viewpoint, domain and (for single-answer choice items) the key.</summary>
    public static ItemColumn FromItem(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string? key = item is ChoiceItem { AllowMultiple: false } c ? c.Choices.FirstOrDefault(x => x.IsCorrect)?.Label : null;
        return new ItemColumn(item.Id, (double)item.Metadata.Points)
        {
            Viewpoint = item.Metadata.Viewpoint,
            Domain = item.Metadata.Domain,
            Key = key,
        };
    }
}

/// <summary>One student's (or one response pattern's) row of a <see cref="ScoreMatrix"/>.</summary>
/// <param name="Id">Person id, or null.</param>
/// <param name="Cells">One cell per item, in column order.</param>
/// <param name="Weight">Frequency weight: the number of students with this row (1 for a student; the count for a response pattern).</param>
public sealed record PersonRow(string? Id, ImmutableArray<ScoreCell> Cells, double Weight = 1);

/// <summary>
/// A scored response matrix: persons × items, each cell a score with a status
/// (<see cref="CellStatus.Scored"/>, <see cref="CellStatus.NoResponse"/>, <see cref="CellStatus.NotAdministered"/>),
/// with the items' maximum points and optional person ids and frequency weights. Immutable and thread-safe.
/// This is the input of every analysis (<see cref="Classical.ItemAnalysis"/>, <see cref="Classical.SpChart"/>,
/// <see cref="Irt.IrtCalibration"/>) and the output the scoring engine produces.
/// </summary>
public sealed class ScoreMatrix
{
    private readonly double[] _scores;
    private readonly CellStatus[] _status;
    private readonly string?[]? _choices;
    private readonly double[] _weights;

    private ScoreMatrix(ImmutableArray<ItemColumn> items, ImmutableArray<string?> personIds, double[] weights, double[] scores, CellStatus[] status, string?[]? choices)
    {
        Items = items;
        PersonIds = personIds;
        _weights = weights;
        _scores = scores;
        _status = status;
        _choices = choices;
    }

    /// <summary>The items (columns).</summary>
    public ImmutableArray<ItemColumn> Items { get; }
    /// <summary>Person ids (null entries when unknown), one per row.</summary>
    public ImmutableArray<string?> PersonIds { get; }
    /// <summary>Number of rows.</summary>
    public int PersonCount => PersonIds.Length;
    /// <summary>Number of items.</summary>
    public int ItemCount => Items.Length;
    /// <summary>The frequency weight of a row.</summary>
    public double Weight(int person) => _weights[person];
    /// <summary>Sum of the weights: the number of students represented.</summary>
    public double TotalWeight => _weights.Sum();
    /// <summary>True when some cell records a selected choice.</summary>
    public bool HasChoices => _choices is not null;

    /// <summary>The cell of a person and an item.</summary>
    public ScoreCell this[int person, int item]
    {
        get
        {
            int k = person * Items.Length + item;
            return new ScoreCell(_scores[k], _status[k], _choices?[k]);
        }
    }

    /// <summary>The score of a cell, 0 for no response and not administered.</summary>
    public double Score(int person, int item) => _scores[person * Items.Length + item];
    /// <summary>The status of a cell.</summary>
    public CellStatus Status(int person, int item) => _status[person * Items.Length + item];

    /// <summary>Sum score of a person over the items administered (no response counts 0).</summary>
    public double TotalScore(int person)
    {
        double s = 0;
        int o = person * Items.Length;
        for (int j = 0; j < Items.Length; j++) s += _scores[o + j];
        return s;
    }

    /// <summary>
    /// Builds a matrix. Throws <see cref="ArgumentException"/> listing every problem: duplicate or empty item ids,
    /// non-positive maximum points, rows of the wrong length, scores that are not finite or lie outside [0, max],
    /// weights that are not positive and finite.
    /// </summary>
    public static ScoreMatrix Create(IEnumerable<ItemColumn> items, IEnumerable<PersonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(rows);
        var cols = items.ToImmutableArray();
        var rowList = rows.ToList();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in cols)
        {
            if (string.IsNullOrWhiteSpace(c.Id)) problems.Add("an item id is empty");
            else if (!seen.Add(c.Id)) problems.Add($"item id '{c.Id}' is duplicated");
            if (!(c.MaxPoints > 0) || double.IsInfinity(c.MaxPoints)) problems.Add($"item '{c.Id}': maximum points must be positive and finite");
        }
        int n = rowList.Count, m = cols.Length;
        var scores = new double[(long)n * m];
        var status = new CellStatus[(long)n * m];
        string?[]? choices = null;
        var weights = new double[n];
        var ids = ImmutableArray.CreateBuilder<string?>(n);
        for (int i = 0; i < n; i++)
        {
            var r = rowList[i];
            ids.Add(r.Id);
            if (!(r.Weight > 0) || double.IsInfinity(r.Weight)) problems.Add($"row {i}: weight must be positive and finite");
            weights[i] = r.Weight;
            if (r.Cells.IsDefault || r.Cells.Length != m) { problems.Add($"row {i}: expected {m} cells, got {(r.Cells.IsDefault ? 0 : r.Cells.Length)}"); continue; }
            for (int j = 0; j < m; j++)
            {
                var cell = r.Cells[j];
                int k = i * m + j;
                status[k] = cell.Status;
                if (cell.Choice is not null) (choices ??= new string?[(long)n * m])[k] = cell.Choice;
                switch (cell.Status)
                {
                    case CellStatus.Scored:
                        if (!double.IsFinite(cell.Score) || cell.Score < 0 || cell.Score > cols[j].MaxPoints)
                            problems.Add($"row {i}, item '{cols[j].Id}': score {cell.Score} is not in [0, {cols[j].MaxPoints}]");
                        scores[k] = cell.Score;
                        break;
                    case CellStatus.NoResponse:
                    case CellStatus.NotAdministered:
                        scores[k] = 0;
                        break;
                    default:
                        problems.Add($"row {i}, item '{cols[j].Id}': unknown status {cell.Status}");
                        break;
                }
            }
        }
        if (problems.Count > 0)
            throw new ArgumentException("invalid score matrix:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Take(50)) + (problems.Count > 50 ? $"{Environment.NewLine}... and {problems.Count - 50} more" : ""));
        return new ScoreMatrix(cols, ids.MoveToImmutable(), weights, scores, status, choices);
    }

    /// <summary>A matrix of the same items with rows reordered (used to check that statistics do not depend on row order).</summary>
    public ScoreMatrix Permute(IReadOnlyList<int> order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Count != PersonCount || order.Distinct().Count() != PersonCount || order.Any(i => i < 0 || i >= PersonCount))
            throw new ArgumentException("order must be a permutation of the rows", nameof(order));
        int m = ItemCount;
        var scores = new double[_scores.Length];
        var status = new CellStatus[_status.Length];
        var choices = _choices is null ? null : new string?[_choices.Length];
        var weights = new double[PersonCount];
        var ids = ImmutableArray.CreateBuilder<string?>(PersonCount);
        for (int i = 0; i < order.Count; i++)
        {
            int src = order[i];
            Array.Copy(_scores, src * m, scores, i * m, m);
            Array.Copy(_status, src * m, status, i * m, m);
            if (choices is not null) Array.Copy(_choices!, src * m, choices, i * m, m);
            weights[i] = _weights[src];
            ids.Add(PersonIds[src]);
        }
        return new ScoreMatrix(Items, ids.MoveToImmutable(), weights, scores, status, choices);
    }

    internal ReadOnlySpan<double> ScoreRow(int person) => _scores.AsSpan(person * Items.Length, Items.Length);
    internal ReadOnlySpan<CellStatus> StatusRow(int person) => _status.AsSpan(person * Items.Length, Items.Length);
    internal string? ChoiceAt(int person, int item) => _choices?[person * Items.Length + item];
}
