using System.Collections.Immutable;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Scoring;

/// <summary>A/B/C cut points for 観点別評価, as percentages of the viewpoint's maximum.</summary>
/// <param name="A">Percent at or above which a viewpoint is A (default 80).</param>
/// <param name="B">Percent at or above which it is B (default 50); below is C.</param>
public sealed record GradeCutPoints(decimal A = 80m, decimal B = 50m)
{
    /// <summary>The grade letter for a percentage.</summary>
    /// <param name="percent">0–100.</param>
    public char Grade(decimal percent) => percent >= A ? 'A' : percent >= B ? 'B' : 'C';
}

/// <summary>Options fixed when a form is compiled.</summary>
public sealed record ScoringOptions
{
    /// <summary>Scores <c>program</c> answers; null leaves them pending.</summary>
    public IProgramScorer? ProgramScorer { get; init; }
    /// <summary>Cut points of 観点別 A/B/C.</summary>
    public GradeCutPoints CutPoints { get; init; } = new();
    /// <summary>How many distinct answers per item the answer distribution tracks (beyond: counted as other). Finite, at least 1.</summary>
    public int MaxDistinctAnswers { get; init; } = 4096;
    /// <summary>How many top answers <see cref="ItemStatistics.Answers"/> lists for non-choice items.</summary>
    public int TopAnswers { get; init; } = 10;
}

/// <summary>What a subscore groups by.</summary>
public enum SubscoreKind
{
    /// <summary>A form section (大問).</summary>
    Section,
    /// <summary>観点.</summary>
    Viewpoint,
    /// <summary>領域.</summary>
    Domain,
    /// <summary>問題形式.</summary>
    Format,
}

/// <summary>A group of scored items for subscores.</summary>
/// <param name="Kind">What it groups by.</param>
/// <param name="Key">Section id, viewpoint label (知識・技能…), domain or format label (選択式…).</param>
/// <param name="ItemIndices">Dense indices of the items in the group.</param>
/// <param name="MaxScore">Weighted maximum of the group.</param>
public sealed record SubscoreGroup(SubscoreKind Kind, string Key, ImmutableArray<int> ItemIndices, decimal MaxScore)
{
    internal long MaxUnits { get; init; }
    internal Viewpoint? Viewpoint { get; init; }
}

/// <summary>An item of a compiled form.</summary>
/// <param name="Index">Dense 0-based index in form order.</param>
/// <param name="Item">The item.</param>
/// <param name="SectionId">Its section.</param>
/// <param name="Weight">The form weight.</param>
/// <param name="MaxScore">Weighted maximum (0 for unscored items).</param>
public sealed record FormItemInfo(int Index, Item Item, string SectionId, decimal Weight, decimal MaxScore)
{
    /// <summary>The item id.</summary>
    public string Id => Item.Id;
}

/// <summary>
/// A form compiled once for scoring: item ids mapped to dense indices, keys normalised, points and weights turned
/// into fixed-point units. Immutable and thread-safe; compile once, score any number of batches.
/// </summary>
public sealed class CompiledForm
{
    private readonly Dictionary<string, int> _index;

    private CompiledForm(TestForm form, CompiledItem[] items, ScoringOptions options)
    {
        Form = form;
        Keys = items;
        Options = options;
        _index = items.ToDictionary(i => i.Item.Id, i => i.Index, StringComparer.Ordinal);
        Items = [.. items.Select(i => new FormItemInfo(i.Index, i.Item, i.SectionId, i.Weight, ScoreMath.ToPoints(i.MaxUnits)))];
        MaxUnits = items.Sum(i => (long)i.MaxUnits);
        Groups = [.. BuildGroups(items)];
    }

    internal CompiledItem[] Keys { get; }
    internal long MaxUnits { get; }

    /// <summary>The form.</summary>
    public TestForm Form { get; }
    /// <summary>Options used.</summary>
    public ScoringOptions Options { get; }
    /// <summary>Items in form order.</summary>
    public ImmutableArray<FormItemInfo> Items { get; }
    /// <summary>Subscore groups: sections, viewpoints, domains and formats (scored items only), in that order.</summary>
    public ImmutableArray<SubscoreGroup> Groups { get; }
    /// <summary>The weighted maximum of the form.</summary>
    public decimal MaxScore => ScoreMath.ToPoints(MaxUnits);

    /// <summary>The dense index of an item, or -1.</summary>
    /// <param name="itemId">The item id.</param>
    public int IndexOf(string itemId) => _index.GetValueOrDefault(itemId, -1);

    /// <summary>Compiles <paramref name="form"/> against <paramref name="bank"/>.</summary>
    /// <param name="bank">The item bank.</param>
    /// <param name="form">The form (need not be in the bank).</param>
    /// <param name="options">Scoring options; null for defaults.</param>
    /// <exception cref="ArgumentException">The form references items missing from the bank, twice, or has invalid options (all problems listed).</exception>
    public static CompiledForm Compile(ItemBank bank, TestForm form, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(form);
        options ??= new ScoringOptions();
        var problems = new List<string>();
        if (options.MaxDistinctAnswers < 1) problems.Add("MaxDistinctAnswers must be at least 1");
        if (options.TopAnswers < 0) problems.Add("TopAnswers must not be negative");
        if (options.CutPoints.B > options.CutPoints.A) problems.Add("cut point B must not exceed A");
        var items = new List<CompiledItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in form.Sections)
        {
            foreach (var r in section.Items)
            {
                var item = bank.FindItem(r.ItemId);
                if (item is null) problems.Add($"item '{r.ItemId}' is not in the bank");
                else if (!seen.Add(r.ItemId)) problems.Add($"item '{r.ItemId}' appears twice");
                else if (r.Weight < 0) problems.Add($"item '{r.ItemId}' has a negative weight");
                else items.Add(CompiledItem.Create(item, items.Count, r.Weight, section.Id));
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"form '{form.Id}' cannot be compiled: {string.Join("; ", problems)}", nameof(form));
        }

        return new CompiledForm(form, [.. items], options);
    }

    private static IEnumerable<SubscoreGroup> BuildGroups(CompiledItem[] items)
    {
        var scored = items.Where(i => i.Item.IsScored).ToArray();
        SubscoreGroup Make(SubscoreKind kind, string key, IEnumerable<CompiledItem> members, Viewpoint? vp = null)
        {
            var m = members.ToArray();
            long max = m.Sum(i => (long)i.MaxUnits);
            return new SubscoreGroup(kind, key, [.. m.Select(i => i.Index)], ScoreMath.ToPoints(max)) { MaxUnits = max, Viewpoint = vp };
        }

        foreach (var g in scored.GroupBy(i => i.SectionId)) yield return Make(SubscoreKind.Section, g.Key, g);
        foreach (var g in scored.Where(i => i.Item.Metadata.Viewpoint is not null).GroupBy(i => i.Item.Metadata.Viewpoint!.Value).OrderBy(g => g.Key))
            yield return Make(SubscoreKind.Viewpoint, ItemNames.Japanese(g.Key), g, g.Key);
        foreach (var g in scored.Where(i => i.Item.Metadata.Domain is not null).GroupBy(i => i.Item.Metadata.Domain!))
            yield return Make(SubscoreKind.Domain, g.Key, g);
        foreach (var g in scored.GroupBy(i => i.Item.Metadata.Format).OrderBy(g => g.Key))
            yield return Make(SubscoreKind.Format, ItemNames.Japanese(g.Key), g);
    }

    /// <summary>Scores one response with its explanation.</summary>
    /// <param name="itemId">The item (must be in the form).</param>
    /// <param name="response">The response.</param>
    /// <param name="cancellationToken">Cancels a program run.</param>
    /// <exception cref="ArgumentException">The item is not in the form.</exception>
    public ScoredResponse ScoreResponse(string itemId, ItemResponse response, CancellationToken cancellationToken = default)
    {
        int index = IndexOf(itemId);
        if (index < 0) throw new ArgumentException($"item '{itemId}' is not in form '{Form.Id}'", nameof(itemId));
        ArgumentNullException.ThrowIfNull(response);
        var scratch = new ResponseScratch();
        scratch.Load(response);
        var o = new Outcome();
        var key = Keys[index];
        key.ScoreAny(scratch, ref o, new ScoringContext(Options.ProgramScorer, cancellationToken));
        return new ScoredResponse(itemId, o.Status, ScoreMath.ToPoints(o.Units), ScoreMath.ToPoints(key.MaxUnits), response.ToCell(),
            new ScoreReason(o.Reason, o.KeyIndex, o.Rules, o.Hits, o.Total, o.Note));
    }

    /// <summary>
    /// Scores one student in detail (every item in form order with status, raw answer and reason), for individual
    /// reports (個人票). Items without a response are no response.
    /// </summary>
    /// <param name="studentId">The student.</param>
    /// <param name="responses">Responses by item id; ids not in the form are ignored.</param>
    /// <param name="cancellationToken">Cancels program runs.</param>
    public StudentDetail Explain(string studentId, IReadOnlyDictionary<string, ItemResponse> responses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var scored = Keys.Select(k => ScoreResponse(k.Item.Id, responses.GetValueOrDefault(k.Item.Id) ?? ItemResponse.NoResponse, cancellationToken)).ToArray();
        var units = scored.Select(s => ScoreMath.ToUnits(s.Score)).ToArray();
        var status = scored.Select(s => (byte)s.Status).ToArray();
        var summary = StudentResult.Compute(this, studentId, units, status, 0);
        return new StudentDetail(summary, [.. scored]);
    }

    /// <summary>Scores one student of a batch in detail; see <see cref="Explain(string, IReadOnlyDictionary{string, ItemResponse}, CancellationToken)"/>.</summary>
    /// <param name="batch">The batch (gives the item order of the responses).</param>
    /// <param name="student">A student of the batch.</param>
    /// <param name="cancellationToken">Cancels program runs.</param>
    public StudentDetail Explain(ResponseBatch batch, StudentResponses student, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(student);
        var map = new Dictionary<string, ItemResponse>(StringComparer.Ordinal);
        for (int i = 0; i < batch.ItemIds.Length && i < student.Responses.Length; i++) map.TryAdd(batch.ItemIds[i], student.Responses[i]);
        return Explain(student.StudentId, map, cancellationToken);
    }
}
