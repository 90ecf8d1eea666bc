using System.Collections.Immutable;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>Person scoring methods.</summary>
public enum ScoringMethod
{
    /// <summary>Expected a posteriori (posterior mean over the quadrature) with the posterior SD as standard error.</summary>
    Eap,
    /// <summary>Maximum a posteriori (posterior mode, normal prior).</summary>
    Map,
    /// <summary>Maximum likelihood; all-correct and all-wrong patterns get ±<see cref="ScoringOptions.Bound"/> and <see cref="ThetaEstimate.Extreme"/>.</summary>
    Ml,
    /// <summary>Warm's weighted likelihood estimate (finite for all-correct and all-wrong patterns, less biased than ML).</summary>
    Wle,
}

/// <summary>Options of a <see cref="PersonScorer"/>.</summary>
public sealed record ScoringOptions
{
    /// <summary>Quadrature for EAP and the sum-score table.</summary>
    public Quadrature Quadrature { get; init; } = Quadrature.Default;
    /// <summary>Prior mean (EAP, MAP).</summary>
    public double PriorMean { get; init; }
    /// <summary>Prior SD (EAP, MAP).</summary>
    public double PriorSd { get; init; } = 1;
    /// <summary>ML, WLE and MAP search θ in [−Bound, Bound].</summary>
    public double Bound { get; init; } = 6;
}

/// <summary>An ability estimate.</summary>
/// <param name="Theta">θ.</param>
/// <param name="Se">Standard error (posterior SD for EAP; 1/√information otherwise).</param>
/// <param name="Extreme">True when ML hit the bound (all-correct or all-wrong patterns) or no item was answered.</param>
public sealed record ThetaEstimate(double Theta, double Se, bool Extreme = false);

/// <summary>One row of the sum-score EAP table.</summary>
/// <param name="SumScore">Sum score.</param>
/// <param name="Eap">EAP of θ given the sum score.</param>
/// <param name="Sd">Posterior SD.</param>
/// <param name="Probability">Model-implied proportion of students with this sum score.</param>
public sealed record SumScoreEap(int SumScore, double Eap, double Sd, double Probability);

/// <summary>Scores persons, and gives item and test information, for a fixed set of item parameters. Immutable and thread-safe.</summary>
public sealed class PersonScorer
{
    private readonly double[] _x, _w;

    /// <summary>Creates a scorer. Throws <see cref="ArgumentException"/> listing invalid parameters or options.</summary>
    public PersonScorer(IEnumerable<ItemParameters> items, ScoringOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = [.. items];
        Options = options ?? new ScoringOptions();
        var p = new List<string>();
        foreach (var it in Items) it.Validate(p);
        if (!(Options.PriorSd > 0) || !double.IsFinite(Options.PriorMean)) p.Add("prior needs a finite mean and a positive SD");
        if (!(Options.Bound > 0) || double.IsInfinity(Options.Bound)) p.Add("bound must be positive and finite");
        if (Options.Quadrature is null) p.Add("quadrature is required");
        if (p.Count > 0) throw new ArgumentException("invalid scorer: " + string.Join("; ", p));
        (_x, _w) = Options.Quadrature!.Build(Options.PriorMean, Options.PriorSd);
    }

    /// <summary>The items, in response order.</summary>
    public ImmutableArray<ItemParameters> Items { get; }
    /// <summary>The options.</summary>
    public ScoringOptions Options { get; }

    /// <summary>Scores one response vector: one category per item (0..K−1), null when not administered (or unanswered and to be ignored).</summary>
    public ThetaEstimate Score(IReadOnlyList<int?> responses, ScoringMethod method)
    {
        ArgumentNullException.ThrowIfNull(responses);
        if (responses.Count != Items.Length) throw new ArgumentException($"expected {Items.Length} responses, got {responses.Count}", nameof(responses));
        var r = new int[Items.Length];
        for (int j = 0; j < r.Length; j++)
        {
            int? v = responses[j];
            if (v is int k && (k < 0 || k >= Items[j].Categories)) throw new ArgumentOutOfRangeException(nameof(responses), $"response {k} to item '{Items[j].Id}' is outside 0..{Items[j].Categories - 1}");
            r[j] = v ?? -1;
        }
        return ScoreCore(r, method);
    }

    /// <summary>Scores every row of a matrix (columns matched to items by id; columns without parameters are ignored).</summary>
    /// <param name="data">The matrix.</param>
    /// <param name="method">The method.</param>
    /// <param name="noResponseAsLowestCategory">When true (default) an unanswered item counts as category 0; otherwise it is ignored.</param>
    public ImmutableArray<ThetaEstimate> ScoreAll(ScoreMatrix data, ScoringMethod method, bool noResponseAsLowestCategory = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var col = Items.Select(it => data.Items.Select((c, i) => (c, i)).Where(t => t.c.Id == it.Id).Select(t => t.i).DefaultIfEmpty(-1).First()).ToArray();
        var result = new ThetaEstimate[data.PersonCount];
        Parallel.For(0, data.PersonCount, i =>
        {
            var r = new int[Items.Length];
            for (int j = 0; j < r.Length; j++)
            {
                int c = col[j];
                if (c < 0) { r[j] = -1; continue; }
                r[j] = data.Status(i, c) switch
                {
                    CellStatus.NotAdministered => -1,
                    CellStatus.NoResponse => noResponseAsLowestCategory ? 0 : -1,
                    _ => Math.Clamp((int)Math.Round(data.Score(i, c)), 0, Items[j].Categories - 1),
                };
            }
            result[i] = ScoreCore(r, method);
        });
        return [.. result];
    }

    internal ThetaEstimate ScoreCore(int[] r, ScoringMethod method)
    {
        bool any = r.Any(v => v >= 0);
        return method switch
        {
            ScoringMethod.Eap => Eap(r),
            ScoringMethod.Map => Map(r),
            ScoringMethod.Ml => any ? Ml(r) : new ThetaEstimate(Options.PriorMean, double.PositiveInfinity, true),
            ScoringMethod.Wle => any ? Wle(r) : new ThetaEstimate(Options.PriorMean, double.PositiveInfinity, true),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    private double LogLik(int[] r, double theta)
    {
        double ll = 0;
        Span<double> buf = stackalloc double[256];
        for (int j = 0; j < r.Length; j++)
        {
            if (r[j] < 0) continue;
            var it = Items[j];
            var p = buf[..it.Categories];
            Irf.Probabilities(it.Kind, it.A, it.D.AsSpan(), it.C, theta, p);
            ll += Math.Log(Math.Max(p[r[j]], 1e-300));
        }
        return ll;
    }

    /// <summary>d logL/dθ, information over answered items, and Warm's J = Σ P′P″/P.</summary>
    private (double Score, double Info, double J) Derivatives(int[] r, double theta, bool withJ)
    {
        double s = 0, info = 0, jw = 0;
        const double h = 1e-5;
        Span<double> buf = stackalloc double[256 * 5];
        for (int j = 0; j < r.Length; j++)
        {
            if (r[j] < 0) continue;
            var it = Items[j];
            int K = it.Categories;
            var p = buf.Slice(0, K);
            var dp = buf.Slice(256, K);
            Irf.ThetaDerivatives(it.Kind, it.A, it.D.AsSpan(), it.C, theta, p, dp);
            s += dp[r[j]] / Math.Max(p[r[j]], 1e-300);
            for (int k = 0; k < K; k++) if (p[k] > 1e-300) info += dp[k] * dp[k] / p[k];
            if (!withJ) continue;
            var p2 = buf.Slice(512, K);
            var dpp = buf.Slice(768, K);
            var dpm = buf.Slice(1024, K);
            Irf.ThetaDerivatives(it.Kind, it.A, it.D.AsSpan(), it.C, theta + h, p2, dpp);
            Irf.ThetaDerivatives(it.Kind, it.A, it.D.AsSpan(), it.C, theta - h, p2, dpm);
            for (int k = 0; k < K; k++) if (p[k] > 1e-300) jw += dp[k] * (dpp[k] - dpm[k]) / (2 * h) / p[k];
        }
        return (s, info, jw);
    }

    private ThetaEstimate Eap(int[] r)
    {
        int Q = _x.Length;
        var lp = new double[Q];
        double max = double.NegativeInfinity;
        for (int q = 0; q < Q; q++) { lp[q] = LogLik(r, _x[q]) + Math.Log(_w[q]); max = Math.Max(max, lp[q]); }
        double s = 0, sx = 0, sxx = 0;
        for (int q = 0; q < Q; q++) { double v = Math.Exp(lp[q] - max); s += v; sx += v * _x[q]; }
        double mean = sx / s;
        for (int q = 0; q < Q; q++) { double v = Math.Exp(lp[q] - max); double d = _x[q] - mean; sxx += v * d * d; }
        return new ThetaEstimate(mean, Math.Sqrt(sxx / s));
    }

    private ThetaEstimate Map(int[] r)
    {
        double mu = Options.PriorMean, v = Options.PriorSd * Options.PriorSd, b = Options.Bound;
        double f(double t) => Derivatives(r, t, false).Score - (t - mu) / v;
        double theta = Root(f, -b, b, out _);
        var (_, info, _) = Derivatives(r, theta, false);
        return new ThetaEstimate(theta, 1 / Math.Sqrt(info + 1 / v));
    }

    private ThetaEstimate Ml(int[] r)
    {
        double b = Options.Bound;
        double theta = Root(t => Derivatives(r, t, false).Score, -b, b, out bool extreme);
        var (_, info, _) = Derivatives(r, theta, false);
        return new ThetaEstimate(theta, 1 / Math.Sqrt(info), extreme);
    }

    private ThetaEstimate Wle(int[] r)
    {
        double b = Options.Bound;
        double theta = Root(t => { var (s, i, j) = Derivatives(r, t, true); return s + (i > 0 ? j / (2 * i) : 0); }, -b, b, out bool extreme);
        var (_, info, _) = Derivatives(r, theta, false);
        return new ThetaEstimate(theta, 1 / Math.Sqrt(info), extreme);
    }

    /// <summary>Root of a function that is positive on the left and negative on the right, by bisection; the bound when there is no sign change.</summary>
    private static double Root(Func<double, double> f, double lo, double hi, out bool extreme)
    {
        extreme = false;
        double flo = f(lo), fhi = f(hi);
        if (flo <= 0 && fhi < 0) { extreme = flo < 0; return lo; }
        if (fhi >= 0 && flo > 0) { extreme = fhi > 0; return hi; }
        for (int i = 0; i < 100 && hi - lo > 1e-10; i++)
        {
            double mid = 0.5 * (lo + hi);
            double fm = f(mid);
            if (fm > 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Test information at θ (sum of item information).</summary>
    public double TestInformation(double theta) => Items.Sum(it => it.Information(theta));

    /// <summary>SE(θ) = 1/√I(θ).</summary>
    public double StandardError(double theta) => 1 / Math.Sqrt(TestInformation(theta));

    /// <summary>Marginal reliability σ²/(σ² + E[1/I(θ)]) over the prior (as mirt's <c>marginal_rxx</c>).</summary>
    public double MarginalReliability()
    {
        double e = 0;
        for (int q = 0; q < _x.Length; q++) e += _w[q] / TestInformation(_x[q]);
        double v = Options.PriorSd * Options.PriorSd;
        return v / (v + e);
    }

    /// <summary>EAP of θ for every sum score (Lord–Wingersky recursion; every item assumed administered).</summary>
    public ImmutableArray<SumScoreEap> SumScoreTable()
    {
        int maxScore = Items.Sum(it => it.Categories - 1);
        int Q = _x.Length;
        var like = new double[Q, maxScore + 1];
        for (int q = 0; q < Q; q++)
        {
            var cur = new double[maxScore + 1];
            cur[0] = 1;
            int top = 0;
            foreach (var it in Items)
            {
                var p = it.Probabilities(_x[q]);
                var next = new double[maxScore + 1];
                for (int s = 0; s <= top; s++)
                    if (cur[s] != 0) for (int k = 0; k < p.Length; k++) next[s + k] += cur[s] * p[k];
                top += p.Length - 1;
                cur = next;
            }
            for (int s = 0; s <= maxScore; s++) like[q, s] = cur[s];
        }
        var rows = ImmutableArray.CreateBuilder<SumScoreEap>(maxScore + 1);
        for (int s = 0; s <= maxScore; s++)
        {
            double ps = 0, sx = 0, sxx = 0;
            for (int q = 0; q < Q; q++) { double v = _w[q] * like[q, s]; ps += v; sx += v * _x[q]; }
            double mean = sx / ps;
            for (int q = 0; q < Q; q++) { double d = _x[q] - mean; sxx += _w[q] * like[q, s] * d * d; }
            rows.Add(new SumScoreEap(s, mean, Math.Sqrt(sxx / ps), ps));
        }
        return rows.MoveToImmutable();
    }
}
