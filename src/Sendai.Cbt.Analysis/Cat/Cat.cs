using System.Collections.Immutable;
using Sendai.Cbt.Analysis.Irt;

namespace Sendai.Cbt.Analysis.Cat;

/// <summary>Options of an adaptive test. Validated by <see cref="CatEngine"/>; every problem is reported in one exception.</summary>
public sealed record CatOptions
{
    /// <summary>Stop after this many items (default 20).</summary>
    public int MaxLength { get; init; } = 20;
    /// <summary>Never stop before this many items (default 5).</summary>
    public int MinLength { get; init; } = 5;
    /// <summary>Stop when the posterior SD falls to this value (null: fixed length). Default 0.3.</summary>
    public double? SeTarget { get; init; } = 0.3;
    /// <summary>Randomesque exposure control: choose at random among the k most informative eligible items (1 = pure maximum information).</summary>
    public int Randomesque { get; init; } = 5;
    /// <summary>Content balancing (Kingsbury and Zara): target proportion per content area (観点 or 領域, <see cref="ItemParameters.ContentArea"/>); the next item comes from the area furthest below its target. Null: no balancing.</summary>
    public ImmutableDictionary<string, double>? ContentTargets { get; init; }
    /// <summary>Quadrature for the EAP estimate that drives selection.</summary>
    public Quadrature Quadrature { get; init; } = Quadrature.Default;

    internal void Validate(int bankSize)
    {
        var p = new List<string>();
        if (MaxLength < 1) p.Add("MaxLength must be at least 1");
        if (MinLength < 0 || MinLength > MaxLength) p.Add("MinLength must be between 0 and MaxLength");
        if (SeTarget is double s && !(s > 0)) p.Add("SeTarget must be positive");
        if (Randomesque < 1) p.Add("Randomesque must be at least 1");
        if (ContentTargets is not null && ContentTargets.Values.Any(v => !(v >= 0) || double.IsInfinity(v))) p.Add("content targets must be non-negative");
        if (bankSize == 0) p.Add("the bank is empty");
        if (Quadrature is null) p.Add("quadrature is required");
        if (p.Count > 0) throw new ArgumentException("invalid CAT options: " + string.Join("; ", p));
    }
}

/// <summary>One administered item.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Response">Category answered.</param>
/// <param name="Theta">EAP after the response.</param>
/// <param name="Se">Posterior SD after the response.</param>
public sealed record CatStep(string ItemId, int Response, double Theta, double Se);

/// <summary>An adaptive test session's record.</summary>
/// <param name="Steps">Items in the order given.</param>
/// <param name="Theta">Final EAP.</param>
/// <param name="Se">Final posterior SD.</param>
public sealed record CatRecord(ImmutableArray<CatStep> Steps, double Theta, double Se);

/// <summary>
/// Adaptive testing over a calibrated bank: EAP ability after each response (N(0, 1) prior), next item by maximum Fisher
/// information at the current EAP with randomesque exposure control and optional content balancing, stopping at an
/// SE target or a length. All randomness comes from the <see cref="Random"/> the caller passes in. Thread-safe.
/// </summary>
public sealed class CatEngine
{
    private readonly double[] _x, _logW;

    /// <summary>Creates an engine for a bank.</summary>
    public CatEngine(IEnumerable<ItemParameters> bank, CatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        Bank = [.. bank];
        Options = options ?? new CatOptions();
        Options.Validate(Bank.Length);
        var p = new List<string>();
        foreach (var it in Bank) it.Validate(p);
        foreach (var g in Bank.GroupBy(b => b.Id).Where(g => g.Count() > 1)) p.Add($"item '{g.Key}' appears twice in the bank");
        if (p.Count > 0) throw new ArgumentException("invalid bank: " + string.Join("; ", p));
        var (x, w) = Options.Quadrature.Build();
        _x = x;
        _logW = [.. w.Select(v => Math.Log(Math.Max(v, 1e-300)))];
    }

    /// <summary>The bank.</summary>
    public ImmutableArray<ItemParameters> Bank { get; }
    /// <summary>The options.</summary>
    public CatOptions Options { get; }

    /// <summary>Runs one session; <paramref name="respond"/> returns the category the student answers to an item.</summary>
    public CatRecord Run(Func<ItemParameters, int> respond, Random random)
    {
        ArgumentNullException.ThrowIfNull(respond);
        ArgumentNullException.ThrowIfNull(random);
        var logPost = (double[])_logW.Clone();
        var used = new bool[Bank.Length];
        var areaCount = new Dictionary<string, int>(StringComparer.Ordinal);
        var steps = ImmutableArray.CreateBuilder<CatStep>();
        double theta = 0, se = 1;
        (theta, se) = Eap(logPost);
        while (steps.Count < Options.MaxLength)
        {
            if (steps.Count >= Options.MinLength && Options.SeTarget is double t && se <= t) break;
            int next = Select(theta, used, areaCount, steps.Count, random);
            if (next < 0) break;
            var item = Bank[next];
            used[next] = true;
            if (item.ContentArea is string a) areaCount[a] = areaCount.GetValueOrDefault(a) + 1;
            int resp = respond(item);
            if (resp < 0 || resp >= item.Categories) throw new InvalidOperationException($"response {resp} to item '{item.Id}' is outside 0..{item.Categories - 1}");
            for (int q = 0; q < _x.Length; q++) logPost[q] += Math.Log(Math.Max(item.Probabilities(_x[q])[resp], 1e-300));
            (theta, se) = Eap(logPost);
            steps.Add(new CatStep(item.Id, resp, theta, se));
        }
        return new CatRecord(steps.ToImmutable(), theta, se);
    }

    private (double, double) Eap(double[] logPost)
    {
        double max = logPost.Max(), s = 0, sx = 0, sxx = 0;
        for (int q = 0; q < _x.Length; q++) { double v = Math.Exp(logPost[q] - max); s += v; sx += v * _x[q]; }
        double mean = sx / s;
        for (int q = 0; q < _x.Length; q++) { double v = Math.Exp(logPost[q] - max); double d = _x[q] - mean; sxx += v * d * d; }
        return (mean, Math.Sqrt(sxx / s));
    }

    /// <summary>Index of the next item in <see cref="Bank"/>, or −1 when none is left.</summary>
    internal int Select(double theta, bool[] used, Dictionary<string, int> areaCount, int given, Random random)
    {
        string? area = null;
        if (Options.ContentTargets is { Count: > 0 } targets)
        {
            double total = targets.Values.Sum();
            double best = double.NegativeInfinity;
            foreach (var (a, target) in targets.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                bool available = false;
                for (int i = 0; i < Bank.Length; i++) if (!used[i] && Bank[i].ContentArea == a) { available = true; break; }
                if (!available) continue;
                double deficit = target / total - (given == 0 ? 0 : areaCount.GetValueOrDefault(a) / (double)given);
                if (deficit > best) { best = deficit; area = a; }
            }
        }
        var candidates = new List<(double Info, int Index)>();
        for (int i = 0; i < Bank.Length; i++)
        {
            if (used[i] || (area is not null && Bank[i].ContentArea != area)) continue;
            candidates.Add((Bank[i].Information(theta), i));
        }
        if (candidates.Count == 0) return -1;
        candidates.Sort((a, b) => b.Info != a.Info ? b.Info.CompareTo(a.Info) : a.Index.CompareTo(b.Index));
        int k = Math.Min(Options.Randomesque, candidates.Count);
        return candidates[k == 1 ? 0 : random.Next(k)].Index;
    }
}

/// <summary>How often an item was given in a simulation.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Rate">Proportion of simulated students who saw the item.</param>
public sealed record ItemExposure(string ItemId, double Rate);

/// <summary>Summary of a CAT simulation.</summary>
/// <param name="Students">Simulated students.</param>
/// <param name="Bias">Mean of (θ̂ − θ).</param>
/// <param name="Rmse">Root mean squared error of θ̂.</param>
/// <param name="MeanSe">Mean final posterior SD.</param>
/// <param name="MeanLength">Mean test length.</param>
/// <param name="MinLength">Shortest test.</param>
/// <param name="MaxLength">Longest test.</param>
/// <param name="LengthDistribution">Number of students per test length.</param>
/// <param name="Exposure">Exposure rate of every bank item, in bank order.</param>
/// <param name="MaxExposure">Largest exposure rate.</param>
/// <param name="UnusedItems">Items never given.</param>
public sealed record CatSimulationResult(int Students, double Bias, double Rmse, double MeanSe, double MeanLength, int MinLength, int MaxLength,
    ImmutableSortedDictionary<int, int> LengthDistribution, ImmutableArray<ItemExposure> Exposure, double MaxExposure, int UnusedItems);

/// <summary>Monte Carlo evaluation of a CAT design for a bank: true θ ~ N(0, 1), responses drawn from the model.</summary>
public static class CatSimulation
{
    /// <summary>Simulates <paramref name="students"/> sessions. Student i uses its own generator seeded from (<paramref name="seed"/>, i), so the result is reproducible and independent of threading.</summary>
    public static CatSimulationResult Run(IEnumerable<ItemParameters> bank, int students, int seed, CatOptions? options = null)
    {
        if (students < 1) throw new ArgumentOutOfRangeException(nameof(students), "at least one student");
        var engine = new CatEngine(bank, options);
        var truth = new double[students];
        var records = new CatRecord[students];
        Parallel.For(0, students, i =>
        {
            var rng = new Random(unchecked(seed * 1_000_003 + i * 7919 + 17));
            double theta = Normal(rng);
            truth[i] = theta;
            records[i] = engine.Run(item =>
            {
                var p = item.Probabilities(theta);
                double u = rng.NextDouble(), acc = 0;
                for (int k = 0; k < p.Length; k++) { acc += p[k]; if (u < acc) return k; }
                return p.Length - 1;
            }, rng);
        });
        var index = engine.Bank.Select((b, i) => (b.Id, i)).ToDictionary(t => t.Id, t => t.i, StringComparer.Ordinal);
        var seen = new int[engine.Bank.Length];
        foreach (var r in records) foreach (var s in r.Steps) seen[index[s.ItemId]]++;
        var errors = records.Select((r, i) => r.Theta - truth[i]).ToArray();
        var lengths = records.Select(r => r.Steps.Length).ToArray();
        var exposure = engine.Bank.Select((b, i) => new ItemExposure(b.Id, seen[i] / (double)students)).ToImmutableArray();
        return new CatSimulationResult(students, errors.Average(), Math.Sqrt(errors.Average(e => e * e)), records.Average(r => r.Se), lengths.Average(),
            lengths.Min(), lengths.Max(), lengths.GroupBy(l => l).ToImmutableSortedDictionary(g => g.Key, g => g.Count()),
            exposure, exposure.Max(e => e.Rate), seen.Count(s => s == 0));
    }

    internal static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
