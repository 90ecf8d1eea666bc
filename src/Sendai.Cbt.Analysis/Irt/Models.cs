using System.Collections.Immutable;
using System.Globalization;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>IRT models (logistic, D = 1, latent trait N(0, 1) unless anchors free it).</summary>
public enum IrtModel
{
    /// <summary>Rasch: P = σ(θ + d), every slope fixed at 1 (partial credit model for rubric-scored items).</summary>
    Rasch,
    /// <summary>One-parameter logistic: one common slope estimated for all items.</summary>
    OnePL,
    /// <summary>Two-parameter logistic: P = σ(aθ + d) (generalised partial credit for rubric-scored items).</summary>
    TwoPL,
    /// <summary>Three-parameter logistic: P = c + (1 − c)σ(aθ + d), with a Beta prior on c.</summary>
    ThreePL,
    /// <summary>Samejima's graded response model: P(X ≥ k) = σ(aθ + d_k).</summary>
    Grm,
    /// <summary>Masters' partial credit model (slopes fixed at 1).</summary>
    Pcm,
    /// <summary>Muraki's generalised partial credit model.</summary>
    Gpcm,
}

/// <summary>How the response function of an item is built.</summary>
public enum ResponseKind
{
    /// <summary>Two categories: P(1) = c + (1 − c)σ(aθ + d).</summary>
    Dichotomous,
    /// <summary>Graded (cumulative logits): P(X ≥ k) = σ(aθ + d_k), d₁ &gt; d₂ &gt; ….</summary>
    Graded,
    /// <summary>Partial credit (adjacent-category logits): P(X = k) ∝ exp(Σ_{v ≤ k}(aθ + d_v)).</summary>
    PartialCredit,
}

/// <summary>Names of models as used on the command line and in files.</summary>
public static class IrtModelNames
{
    /// <summary>The name (<c>rasch</c>, <c>1pl</c>, <c>2pl</c>, <c>3pl</c>, <c>grm</c>, <c>pcm</c>, <c>gpcm</c>).</summary>
    public static string ToName(this IrtModel model) => model switch
    {
        IrtModel.Rasch => "rasch",
        IrtModel.OnePL => "1pl",
        IrtModel.TwoPL => "2pl",
        IrtModel.ThreePL => "3pl",
        IrtModel.Grm => "grm",
        IrtModel.Pcm => "pcm",
        IrtModel.Gpcm => "gpcm",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    /// <summary>Parses a model name (case-insensitive); false when unknown.</summary>
    public static bool TryParse(string? name, out IrtModel model)
    {
        foreach (var m in Enum.GetValues<IrtModel>())
            if (string.Equals(m.ToName(), name?.Trim(), StringComparison.OrdinalIgnoreCase)) { model = m; return true; }
        model = default;
        return false;
    }
}

/// <summary>
/// Parameters of one calibrated item in slope–intercept form (a, d) with the IRT form b = −d/a derived.
/// For dichotomous items <see cref="D"/> has one entry; for an item scored 0..K−1 it has K−1 entries
/// (graded: cumulative intercepts d_k of P(X ≥ k); partial credit: step intercepts, so b_k are step difficulties).
/// Standard errors are NaN when not computed or when the parameter was fixed.
/// </summary>
/// <param name="Id">Item id.</param>
/// <param name="Model">The model the item was calibrated with.</param>
/// <param name="A">Slope (discrimination).</param>
/// <param name="D">Intercepts.</param>
/// <param name="C">Lower asymptote (guessing), 0 except for 3PL.</param>
public sealed record ItemParameters(string Id, IrtModel Model, double A, ImmutableArray<double> D, double C = 0)
{
    /// <summary>Standard error of <see cref="A"/>.</summary>
    public double SeA { get; init; } = double.NaN;
    /// <summary>Standard errors of <see cref="D"/>.</summary>
    public ImmutableArray<double> SeD { get; init; } = [];
    /// <summary>Standard errors of <see cref="B"/> (delta method).</summary>
    public ImmutableArray<double> SeB { get; init; } = [];
    /// <summary>Standard error of <see cref="C"/>.</summary>
    public double SeC { get; init; } = double.NaN;
    /// <summary>True when the item was an anchor (parameters fixed during calibration).</summary>
    public bool Fixed { get; init; }
    /// <summary>Content area (観点 or 領域) for content balancing in adaptive tests, or null.</summary>
    public string? ContentArea { get; init; }

    /// <summary>Difficulties / thresholds in IRT form: b = −d / a.</summary>
    public ImmutableArray<double> B => [.. D.Select(d => -d / A)];
    /// <summary>Number of score categories (2 for dichotomous items).</summary>
    public int Categories => D.Length + 1;
    /// <summary>How the response function is built: graded for GRM, dichotomous for two categories, partial credit otherwise.</summary>
    public ResponseKind Kind => Model == IrtModel.Grm && D.Length > 1 ? ResponseKind.Graded : D.Length == 1 ? ResponseKind.Dichotomous : ResponseKind.PartialCredit;

    /// <summary>Builds parameters from the IRT form (a, b): d = −a·b.</summary>
    public static ItemParameters FromIrt(string id, IrtModel model, double a, IEnumerable<double> b, double c = 0) =>
        new(id, model, a, [.. b.Select(x => -a * x)], c);

    /// <summary>Probability of each category at θ.</summary>
    public double[] Probabilities(double theta)
    {
        var p = new double[Categories];
        Irf.Probabilities(Kind, A, D.AsSpan(), C, theta, p);
        return p;
    }

    /// <summary>Fisher information of the item at θ.</summary>
    public double Information(double theta) => Irf.Information(Kind, A, D.AsSpan(), C, theta);

    /// <summary>Expected score at θ.</summary>
    public double ExpectedScore(double theta)
    {
        var p = Probabilities(theta);
        double e = 0;
        for (int k = 1; k < p.Length; k++) e += k * p[k];
        return e;
    }

    internal void Validate(List<string> problems)
    {
        string id = Id ?? "(null)";
        if (string.IsNullOrWhiteSpace(Id)) problems.Add("an item id is empty");
        if (D.IsDefaultOrEmpty) problems.Add($"item '{id}': at least one intercept is needed");
        else if (D.Any(x => !double.IsFinite(x))) problems.Add($"item '{id}': intercepts must be finite");
        if (!double.IsFinite(A) || A == 0) problems.Add($"item '{id}': slope must be finite and non-zero");
        if (!(C >= 0 && C < 1)) problems.Add($"item '{id}': guessing must be in [0, 1)");
        if (Kind == ResponseKind.Graded && !D.IsDefaultOrEmpty)
            for (int k = 1; k < D.Length; k++) if (!(D[k] < D[k - 1])) { problems.Add($"item '{id}': graded intercepts must decrease"); break; }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Id} {Model.ToName()} a={A:0.####} d=[{string.Join(", ", D.Select(x => x.ToString("0.####", CultureInfo.InvariantCulture)))}] c={C:0.####}");
}

/// <summary>Response functions and their derivatives. Pure functions.</summary>
internal static class Irf
{
    internal static double Logistic(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private const double Floor = 1e-300;

    public static void Probabilities(ResponseKind kind, double a, ReadOnlySpan<double> d, double c, double theta, Span<double> p)
    {
        int K = d.Length + 1;
        switch (kind)
        {
            case ResponseKind.Dichotomous:
                {
                    double s = Logistic(a * theta + d[0]);
                    p[1] = c + (1 - c) * s;
                    p[0] = (1 - c) * (1 - s);
                    break;
                }
            case ResponseKind.Graded:
                {
                    double prev = 1;
                    for (int k = 1; k < K; k++)
                    {
                        double s = Logistic(a * theta + d[k - 1]);
                        p[k - 1] = Math.Max(prev - s, Floor);
                        prev = s;
                    }
                    p[K - 1] = Math.Max(prev, Floor);
                    break;
                }
            default:
                {
                    double z = 0, max = 0;
                    Span<double> zs = stackalloc double[K];
                    zs[0] = 0;
                    for (int k = 1; k < K; k++) { z += a * theta + d[k - 1]; zs[k] = z; if (z > max) max = z; }
                    double sum = 0;
                    for (int k = 0; k < K; k++) { p[k] = Math.Exp(zs[k] - max); sum += p[k]; }
                    for (int k = 0; k < K; k++) p[k] /= sum;
                    break;
                }
        }
    }

    /// <summary>dP_k/dθ for every category.</summary>
    public static void ThetaDerivatives(ResponseKind kind, double a, ReadOnlySpan<double> d, double c, double theta, Span<double> p, Span<double> dp)
    {
        int K = d.Length + 1;
        Probabilities(kind, a, d, c, theta, p);
        switch (kind)
        {
            case ResponseKind.Dichotomous:
                {
                    double s = Logistic(a * theta + d[0]);
                    dp[1] = a * (1 - c) * s * (1 - s);
                    dp[0] = -dp[1];
                    break;
                }
            case ResponseKind.Graded:
                {
                    double wPrev = 0;
                    for (int k = 1; k < K; k++)
                    {
                        double s = Logistic(a * theta + d[k - 1]);
                        double w = s * (1 - s);
                        dp[k - 1] = a * (wPrev - w);
                        wPrev = w;
                    }
                    dp[K - 1] = a * wPrev;
                    break;
                }
            default:
                {
                    double e = 0;
                    for (int k = 0; k < K; k++) e += k * p[k];
                    for (int k = 0; k < K; k++) dp[k] = p[k] * a * (k - e);
                    break;
                }
        }
    }

    public static double Information(ResponseKind kind, double a, ReadOnlySpan<double> d, double c, double theta)
    {
        int K = d.Length + 1;
        Span<double> p = stackalloc double[K];
        Span<double> dp = stackalloc double[K];
        ThetaDerivatives(kind, a, d, c, theta, p, dp);
        double info = 0;
        for (int k = 0; k < K; k++) if (p[k] > 1e-300) info += dp[k] * dp[k] / p[k];
        return info;
    }

    /// <summary>
    /// Gradients of log P_k with respect to the local parameters [a, d₁..d_{K−1}, γ] (γ = logit c, only when <paramref name="withGuess"/>),
    /// written to <paramref name="g"/>[k·L + l] with L = K + (withGuess ? 1 : 0). Probabilities go to <paramref name="p"/>.
    /// </summary>
    public static void LogProbGradients(ResponseKind kind, double a, ReadOnlySpan<double> d, double c, bool withGuess, double theta, Span<double> p, Span<double> g)
    {
        int K = d.Length + 1;
        int L = K + (withGuess ? 1 : 0);
        g[..(K * L)].Clear();
        Probabilities(kind, a, d, c, theta, p);
        switch (kind)
        {
            case ResponseKind.Dichotomous:
                {
                    double s = Logistic(a * theta + d[0]);
                    double dEta = (1 - c) * s * (1 - s);
                    double p1 = Math.Max(p[1], Floor), p0 = Math.Max(p[0], Floor);
                    if (c == 0)
                    {
                        // exact forms avoid cancellation: dlogP1/dη = 1 − s, dlogP0/dη = −s
                        g[L + 0] = theta * (1 - s); g[L + 1] = 1 - s;
                        g[0] = -theta * s; g[1] = -s;
                    }
                    else
                    {
                        g[L + 0] = theta * dEta / p1; g[L + 1] = dEta / p1;
                        g[0] = -theta * dEta / p0; g[1] = -dEta / p0;
                    }
                    if (withGuess)
                    {
                        double dc = (1 - s) * c * (1 - c);
                        g[L + 2] = dc / p1;
                        g[2] = -dc / p0;
                    }
                    break;
                }
            case ResponseKind.Graded:
                {
                    Span<double> w = stackalloc double[K + 1];
                    w[0] = 0; w[K] = 0;
                    for (int k = 1; k < K; k++) { double s = Logistic(a * theta + d[k - 1]); w[k] = s * (1 - s); }
                    for (int k = 0; k < K; k++)
                    {
                        double pk = Math.Max(p[k], Floor);
                        g[k * L] = theta * (w[k] - w[k + 1]) / pk;
                        if (k >= 1) g[k * L + k] = w[k] / pk;        // d_k is local index k
                        if (k + 1 <= K - 1) g[k * L + k + 1] = -w[k + 1] / pk;
                    }
                    break;
                }
            default:
                {
                    double e = 0;
                    for (int k = 0; k < K; k++) e += k * p[k];
                    // tail[v] = P(X ≥ v)
                    Span<double> tail = stackalloc double[K + 1];
                    tail[K] = 0;
                    for (int v = K - 1; v >= 0; v--) tail[v] = tail[v + 1] + p[v];
                    for (int k = 0; k < K; k++)
                    {
                        g[k * L] = theta * (k - e);
                        for (int v = 1; v < K; v++) g[k * L + v] = (v <= k ? 1 : 0) - tail[v];
                    }
                    break;
                }
        }
    }
}
