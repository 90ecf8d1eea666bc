using System.Collections.Immutable;

namespace Sendai.Cbt.Analysis.Classical;

/// <summary>Reasons an item deserves a second look.</summary>
[Flags]
public enum ItemFlags
{
    /// <summary>Nothing to report.</summary>
    None = 0,
    /// <summary>Proportion correct below <see cref="ItemAnalysisOptions.HardThreshold"/>.</summary>
    TooHard = 1,
    /// <summary>Proportion correct above <see cref="ItemAnalysisOptions.EasyThreshold"/>.</summary>
    TooEasy = 2,
    /// <summary>Item–rest correlation below <see cref="ItemAnalysisOptions.LowDiscriminationThreshold"/>.</summary>
    LowDiscrimination = 4,
    /// <summary>Item–rest correlation below 0: stronger students do worse (a wrong key?).</summary>
    NegativeDiscrimination = 8,
    /// <summary>No-response rate above <see cref="ItemAnalysisOptions.NoResponseThreshold"/>.</summary>
    HighNoResponse = 16,
    /// <summary>Alpha rises when the item is deleted.</summary>
    AlphaIncreasesIfDeleted = 32,
    /// <summary>A wrong choice attracts the upper group at least as much as the lower group.</summary>
    AttractiveDistractor = 64,
    /// <summary>Fewer than two students answered the item, or everyone got the same score: statistics are undefined (NaN).</summary>
    NoVariance = 128,
}

/// <summary>Thresholds and group sizes for <see cref="ItemAnalysis"/>.</summary>
public sealed record ItemAnalysisOptions
{
    /// <summary>Fraction of students in the upper and the lower group (Kelley's 27%).</summary>
    public double GroupFraction { get; init; } = 0.27;
    /// <summary>Flag <see cref="ItemFlags.TooHard"/> below this proportion correct.</summary>
    public double HardThreshold { get; init; } = 0.2;
    /// <summary>Flag <see cref="ItemFlags.TooEasy"/> above this proportion correct.</summary>
    public double EasyThreshold { get; init; } = 0.9;
    /// <summary>Flag <see cref="ItemFlags.LowDiscrimination"/> below this item–rest correlation.</summary>
    public double LowDiscriminationThreshold { get; init; } = 0.2;
    /// <summary>Flag <see cref="ItemFlags.HighNoResponse"/> above this no-response rate.</summary>
    public double NoResponseThreshold { get; init; } = 0.1;
    /// <summary>The default options.</summary>
    public static ItemAnalysisOptions Default { get; } = new();

    internal void Validate()
    {
        var p = new List<string>();
        if (!(GroupFraction > 0 && GroupFraction <= 0.5)) p.Add("GroupFraction must be in (0, 0.5]");
        if (!(HardThreshold >= 0 && HardThreshold <= 1)) p.Add("HardThreshold must be in [0, 1]");
        if (!(EasyThreshold >= 0 && EasyThreshold <= 1)) p.Add("EasyThreshold must be in [0, 1]");
        if (!(NoResponseThreshold >= 0 && NoResponseThreshold <= 1)) p.Add("NoResponseThreshold must be in [0, 1]");
        if (double.IsNaN(LowDiscriminationThreshold)) p.Add("LowDiscriminationThreshold must be a number");
        if (p.Count > 0) throw new ArgumentException("invalid item analysis options: " + string.Join("; ", p));
    }
}

/// <summary>How often one choice was selected, overall and by score group.</summary>
/// <param name="Choice">The choice label.</param>
/// <param name="IsKey">True for the correct choice.</param>
/// <param name="Overall">Proportion of the students who were given the item that selected it.</param>
/// <param name="Lower">Proportion in the lower group.</param>
/// <param name="Middle">Proportion in the middle group.</param>
/// <param name="Upper">Proportion in the upper group.</param>
public sealed record ChoiceStatistics(string Choice, bool IsKey, double Overall, double Lower, double Middle, double Upper);

/// <summary>Classical statistics of one item. Undefined values are NaN.</summary>
/// <param name="Id">Item id.</param>
/// <param name="MaxPoints">Maximum points.</param>
/// <param name="Administered">Number of students (sum of weights) the item was given to.</param>
/// <param name="Mean">Mean score among them (no response counts 0).</param>
/// <param name="Difficulty">Proportion correct 正答率: mean score / maximum points.</param>
/// <param name="NoResponseRate">無解答率: proportion of those given the item who left it unanswered.</param>
/// <param name="Sd">Standard deviation of the item score (divisor N − 1).</param>
/// <param name="ItemTotal">Pearson correlation of the item score with the total score (point-biserial for 0/1 items).</param>
/// <param name="ItemRest">Pearson correlation with the total score without this item (corrected item–total).</param>
/// <param name="UpperLower">Upper–lower discrimination: (mean in upper group − mean in lower group) / maximum points.</param>
/// <param name="AlphaIfDeleted">Cronbach's alpha of the test without this item.</param>
/// <param name="Choices">Distractor analysis (empty when choices were not recorded).</param>
/// <param name="Flags">Reasons to review the item.</param>
public sealed record ItemStatistics(
    string Id, double MaxPoints, double Administered, double Mean, double Difficulty, double NoResponseRate, double Sd,
    double ItemTotal, double ItemRest, double UpperLower, double AlphaIfDeleted, ImmutableArray<ChoiceStatistics> Choices, ItemFlags Flags);

/// <summary>Number of students (sum of weights) with a total score.</summary>
/// <param name="Score">Total score.</param>
/// <param name="Count">Number of students.</param>
public sealed record ScoreFrequency(double Score, double Count);

/// <summary>正答率 and 無解答率 of a group of items (a viewpoint or a domain).</summary>
/// <param name="Key">The viewpoint or domain.</param>
/// <param name="ItemCount">Number of items.</param>
/// <param name="CorrectRate">Points earned / maximum points over the cells administered.</param>
/// <param name="NoResponseRate">Unanswered cells / administered cells.</param>
public sealed record GroupStatistics(string Key, int ItemCount, double CorrectRate, double NoResponseRate);

/// <summary>Whole-test statistics.</summary>
/// <param name="Students">Number of students (sum of weights).</param>
/// <param name="Items">Number of items.</param>
/// <param name="Mean">Mean total score.</param>
/// <param name="Sd">Standard deviation of the total score (divisor N − 1, as R's <c>sd</c>).</param>
/// <param name="Min">Lowest total.</param>
/// <param name="Max">Highest total.</param>
/// <param name="Median">Median total.</param>
/// <param name="Alpha">Cronbach's alpha.</param>
/// <param name="Kr20">KR-20 (equal to alpha; NaN unless every item is 0/1).</param>
/// <param name="Sem">Standard error of measurement: Sd·√(1 − alpha).</param>
/// <param name="Distribution">Score distribution, by ascending score.</param>
/// <param name="ByViewpoint">Rates by 観点.</param>
/// <param name="ByDomain">Rates by 領域.</param>
public sealed record TestStatistics(
    double Students, int Items, double Mean, double Sd, double Min, double Max, double Median, double Alpha, double Kr20, double Sem,
    ImmutableArray<ScoreFrequency> Distribution, ImmutableArray<GroupStatistics> ByViewpoint, ImmutableArray<GroupStatistics> ByDomain);

/// <summary>The result of <see cref="ItemAnalysis.Compute"/>.</summary>
/// <param name="Test">Whole-test statistics.</param>
/// <param name="Items">Per-item statistics in column order.</param>
public sealed record ItemAnalysisResult(TestStatistics Test, ImmutableArray<ItemStatistics> Items);

/// <summary>
/// Classical test theory item analysis. Conventions (see docs/analysis.md): the total score is the sum over all items
/// (no response and not administered count 0); item statistics use only the students the item was administered to;
/// variances and SDs use the divisor N − 1 (sample convention, as R); correlations are Pearson; the upper and lower
/// groups are the students with a total at or above the (1 − f) weighted quantile and at or below the f quantile (ties
/// included, so the result does not depend on row order).
/// </summary>
public static class ItemAnalysis
{
    /// <summary>Computes classical statistics of every item and of the test.</summary>
    public static ItemAnalysisResult Compute(ScoreMatrix matrix, ItemAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= ItemAnalysisOptions.Default;
        options.Validate();
        int n = matrix.PersonCount, m = matrix.ItemCount;
        var total = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++) { total[i] = matrix.TotalScore(i); w[i] = matrix.Weight(i); }
        double W = w.Sum();
        var (tMean, tVar) = Moments(total, w, null);
        double tSd = Math.Sqrt(tVar);

        double lowCut = WeightedQuantile(total, w, options.GroupFraction);
        double highCut = WeightedQuantile(total, w, 1 - options.GroupFraction);
        var group = new int[n]; // -1 lower, 0 middle, 1 upper
        for (int i = 0; i < n; i++) group[i] = total[i] >= highCut ? 1 : total[i] <= lowCut ? -1 : 0;
        if (highCut <= lowCut) for (int i = 0; i < n; i++) group[i] = total[i] > lowCut ? 1 : total[i] < highCut ? -1 : 0;

        // item variances (for alpha) and covariances with total
        var itemVar = new double[m];
        var covWithTotal = new double[m];
        var x = new double[n];
        var mask = new bool[n];
        var stats = new ItemStatistics[m];
        for (int j = 0; j < m; j++)
        {
            double adm = 0, nr = 0;
            for (int i = 0; i < n; i++)
            {
                var st = matrix.Status(i, j);
                mask[i] = st != CellStatus.NotAdministered;
                x[i] = matrix.Score(i, j);
                if (mask[i]) adm += w[i];
                if (st == CellStatus.NoResponse) nr += w[i];
            }
            var (mean, var) = Moments(x, w, mask);
            itemVar[j] = var;
            var rest = new double[n];
            for (int i = 0; i < n; i++) rest[i] = total[i] - x[i];
            double rTot = Correlation(x, total, w, mask);
            double rRest = Correlation(x, rest, w, mask);
            double up = GroupMean(x, w, mask, group, 1), lo = GroupMean(x, w, mask, group, -1);
            double max = matrix.Items[j].MaxPoints;
            var choices = Distractors(matrix, j, w, mask, group);
            stats[j] = new ItemStatistics(matrix.Items[j].Id, max, adm, mean, mean / max, adm > 0 ? nr / adm : double.NaN, Math.Sqrt(var),
                rTot, rRest, (up - lo) / max, double.NaN, choices, ItemFlags.None);
            covWithTotal[j] = rTot * Math.Sqrt(var) * tSd;
        }

        double alpha = Alpha(itemVar.Sum(), tVar, m);
        bool dichotomous = matrix.Items.All(c => c.MaxPoints == 1);
        for (int j = 0; j < m; j++)
        {
            // Var(T - X) = Var T + Var X - 2 Cov(T, X); computed directly to stay exact with missing cells
            var rest = new double[n];
            for (int i = 0; i < n; i++) rest[i] = total[i] - matrix.Score(i, j);
            var (_, restVar) = Moments(rest, w, null);
            double aDel = Alpha(itemVar.Sum() - itemVar[j], restVar, m - 1);
            var s = stats[j];
            // Thresholds are compared with a margin: sums in another order differ in the last bits, and a value that
            // is 0 or equal to alpha in exact arithmetic must not be flagged for one order of students and not another.
            const double margin = 1e-12;
            var flags = ItemFlags.None;
            if (double.IsNaN(s.ItemRest) || s.Administered < 2) flags |= ItemFlags.NoVariance;
            if (s.Difficulty < options.HardThreshold - margin) flags |= ItemFlags.TooHard;
            if (s.Difficulty > options.EasyThreshold + margin) flags |= ItemFlags.TooEasy;
            if (s.ItemRest < -margin) flags |= ItemFlags.NegativeDiscrimination;
            if (s.ItemRest < options.LowDiscriminationThreshold - margin) flags |= ItemFlags.LowDiscrimination;
            if (s.NoResponseRate > options.NoResponseThreshold + margin) flags |= ItemFlags.HighNoResponse;
            if (aDel > alpha + margin) flags |= ItemFlags.AlphaIncreasesIfDeleted;
            if (s.Choices.Any(c => !c.IsKey && c.Overall > 0 && c.Upper >= c.Lower && matrix.Items[j].Key is not null)) flags |= ItemFlags.AttractiveDistractor;
            stats[j] = s with { AlphaIfDeleted = aDel, Flags = flags };
        }

        var dist = Enumerable.Range(0, n).GroupBy(i => total[i]).OrderBy(g => g.Key)
            .Select(g => new ScoreFrequency(g.Key, g.Sum(i => w[i]))).ToImmutableArray();
        var test = new TestStatistics(W, m, tMean, tSd, n > 0 ? total.Min() : double.NaN, n > 0 ? total.Max() : double.NaN,
            WeightedQuantile(total, w, 0.5), alpha, dichotomous ? alpha : double.NaN, tSd * Math.Sqrt(1 - alpha), dist,
            Groups(matrix, w, j => matrix.Items[j].Viewpoint?.ToString()), Groups(matrix, w, j => matrix.Items[j].Domain));
        return new ItemAnalysisResult(test, [.. stats]);
    }

    private static ImmutableArray<GroupStatistics> Groups(ScoreMatrix matrix, double[] w, Func<int, string?> key)
    {
        var result = ImmutableArray.CreateBuilder<GroupStatistics>();
        foreach (var g in Enumerable.Range(0, matrix.ItemCount).Where(j => key(j) is not null).GroupBy(j => key(j)!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            double earned = 0, possible = 0, cells = 0, nr = 0;
            foreach (int j in g)
                for (int i = 0; i < matrix.PersonCount; i++)
                {
                    var st = matrix.Status(i, j);
                    if (st == CellStatus.NotAdministered) continue;
                    earned += w[i] * matrix.Score(i, j);
                    possible += w[i] * matrix.Items[j].MaxPoints;
                    cells += w[i];
                    if (st == CellStatus.NoResponse) nr += w[i];
                }
            result.Add(new GroupStatistics(g.Key, g.Count(), possible > 0 ? earned / possible : double.NaN, cells > 0 ? nr / cells : double.NaN));
        }
        return result.ToImmutable();
    }

    private static ImmutableArray<ChoiceStatistics> Distractors(ScoreMatrix matrix, int j, double[] w, bool[] mask, int[] group)
    {
        if (!matrix.HasChoices) return [];
        var tallies = new SortedDictionary<string, double[]>(StringComparer.Ordinal);
        var groupTotals = new double[4]; // lower, middle, upper, all
        for (int i = 0; i < matrix.PersonCount; i++)
        {
            if (!mask[i]) continue;
            int g = group[i] + 1;
            groupTotals[g] += w[i];
            groupTotals[3] += w[i];
            var c = matrix.ChoiceAt(i, j);
            if (c is null) continue;
            if (!tallies.TryGetValue(c, out var t)) tallies[c] = t = new double[4];
            t[g] += w[i];
            t[3] += w[i];
        }
        if (tallies.Count == 0) return [];
        string? key = matrix.Items[j].Key;
        static double Div(double a, double b) => b > 0 ? a / b : double.NaN;
        return [.. tallies.Select(kv => new ChoiceStatistics(kv.Key, key is not null && kv.Key == key,
            Div(kv.Value[3], groupTotals[3]), Div(kv.Value[0], groupTotals[0]), Div(kv.Value[1], groupTotals[1]), Div(kv.Value[2], groupTotals[2])))];
    }

    internal static double Alpha(double sumItemVar, double totalVar, int k) =>
        k < 2 || !(totalVar > 0) ? double.NaN : k / (k - 1.0) * (1 - sumItemVar / totalVar);

    /// <summary>Weighted mean and variance (divisor Σw − 1) over the masked rows.</summary>
    internal static (double Mean, double Var) Moments(double[] x, double[] w, bool[]? mask)
    {
        double sw = 0, sx = 0;
        for (int i = 0; i < x.Length; i++) if (mask is null || mask[i]) { sw += w[i]; sx += w[i] * x[i]; }
        if (sw <= 0) return (double.NaN, double.NaN);
        double mean = sx / sw, ss = 0;
        for (int i = 0; i < x.Length; i++) if (mask is null || mask[i]) { double d = x[i] - mean; ss += w[i] * d * d; }
        return (mean, sw > 1 ? ss / (sw - 1) : double.NaN);
    }

    internal static double Correlation(double[] x, double[] y, double[] w, bool[]? mask)
    {
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < x.Length; i++) if (mask is null || mask[i]) { sw += w[i]; sx += w[i] * x[i]; sy += w[i] * y[i]; }
        if (sw <= 0) return double.NaN;
        double mx = sx / sw, my = sy / sw, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < x.Length; i++)
            if (mask is null || mask[i]) { double dx = x[i] - mx, dy = y[i] - my; sxx += w[i] * dx * dx; syy += w[i] * dy * dy; sxy += w[i] * dx * dy; }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    private static double GroupMean(double[] x, double[] w, bool[] mask, int[] group, int g)
    {
        double sw = 0, sx = 0;
        for (int i = 0; i < x.Length; i++) if (mask[i] && group[i] == g) { sw += w[i]; sx += w[i] * x[i]; }
        return sw > 0 ? sx / sw : double.NaN;
    }

    /// <summary>The smallest value v with (weight of values ≤ v) ≥ q·Σw; the median uses the average of the two middle values when they straddle 0.5.</summary>
    internal static double WeightedQuantile(double[] x, double[] w, double q)
    {
        if (x.Length == 0) return double.NaN;
        var idx = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        double total = w.Sum(), acc = 0, target = q * total;
        for (int k = 0; k < idx.Length; k++)
        {
            acc += w[idx[k]];
            if (acc >= target - 1e-12 * total)
            {
                if (Math.Abs(acc - target) <= 1e-12 * total && k + 1 < idx.Length && q == 0.5) return (x[idx[k]] + x[idx[k + 1]]) / 2;
                return x[idx[k]];
            }
        }
        return x[idx[^1]];
    }
}
