using System.Globalization;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>Kinds of quadrature for the latent trait integral.</summary>
public enum QuadratureKind
{
    /// <summary>N equally spaced nodes on [lower, upper], weights proportional to the normal density (mirt's rectangular rule; its default is 61 nodes on [−6, 6]).</summary>
    EqualSpaced,
    /// <summary>N-point Gauss–Hermite rule for the standard normal (ltm uses 21 for <c>rasch</c> and <c>ltm</c>).</summary>
    GaussHermite,
}

/// <summary>A quadrature rule specification. Text form: <c>equal:61:-6:6</c> or <c>gh:21</c>.</summary>
/// <param name="Kind">Rule kind.</param>
/// <param name="Points">Number of nodes (2–201).</param>
/// <param name="Lower">Lowest node (equal-spaced rule only).</param>
/// <param name="Upper">Highest node (equal-spaced rule only).</param>
public sealed record Quadrature(QuadratureKind Kind, int Points, double Lower = -6, double Upper = 6)
{
    /// <summary>61 equally spaced nodes on [−6, 6] (mirt's default).</summary>
    public static Quadrature Default { get; } = new(QuadratureKind.EqualSpaced, 61, -6, 6);

    /// <summary>Gauss–Hermite with <paramref name="points"/> nodes.</summary>
    public static Quadrature GaussHermite(int points) => new(QuadratureKind.GaussHermite, points, double.NaN, double.NaN);

    /// <summary>Parses <c>equal:N:lo:hi</c> or <c>gh:N</c>; throws <see cref="FormatException"/> when malformed.</summary>
    public static Quadrature Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        var inv = CultureInfo.InvariantCulture;
        if (parts.Length == 2 && parts[0].Equals("gh", StringComparison.OrdinalIgnoreCase) && int.TryParse(parts[1], NumberStyles.Integer, inv, out int n))
        {
            var q = GaussHermite(n);
            q.Validate();
            return q;
        }
        if (parts.Length == 4 && parts[0].Equals("equal", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(parts[1], NumberStyles.Integer, inv, out n)
            && double.TryParse(parts[2], NumberStyles.Float, inv, out double lo)
            && double.TryParse(parts[3], NumberStyles.Float, inv, out double hi))
        {
            var q = new Quadrature(QuadratureKind.EqualSpaced, n, lo, hi);
            q.Validate();
            return q;
        }
        throw new FormatException($"quadrature must be equal:N:lo:hi or gh:N, got '{text}'");
    }

    /// <inheritdoc />
    public override string ToString() => Kind == QuadratureKind.GaussHermite
        ? string.Create(CultureInfo.InvariantCulture, $"gh:{Points}")
        : string.Create(CultureInfo.InvariantCulture, $"equal:{Points}:{Lower}:{Upper}");

    internal void Validate()
    {
        var p = new List<string>();
        if (Points < 2 || Points > 201) p.Add("quadrature points must be between 2 and 201");
        if (Kind == QuadratureKind.EqualSpaced && !(Lower < Upper && double.IsFinite(Lower) && double.IsFinite(Upper))) p.Add("quadrature range must be finite with lower < upper");
        if (p.Count > 0) throw new FormatException(string.Join("; ", p));
    }

    /// <summary>Nodes and weights for N(mean, sd²); weights sum to 1.</summary>
    internal (double[] Nodes, double[] Weights) Build(double mean = 0, double sd = 1)
    {
        Validate();
        var x = new double[Points];
        var w = new double[Points];
        if (Kind == QuadratureKind.EqualSpaced)
        {
            for (int q = 0; q < Points; q++)
            {
                x[q] = Lower + (Upper - Lower) * q / (Points - 1);
                double z = (x[q] - mean) / sd;
                w[q] = Math.Exp(-0.5 * z * z);
            }
        }
        else
        {
            var (z, wz) = HermiteRule(Points);
            for (int q = 0; q < Points; q++) { x[q] = mean + sd * Math.Sqrt(2) * z[q]; w[q] = wz[q]; }
        }
        double s = w.Sum();
        for (int q = 0; q < Points; q++) w[q] /= s;
        return (x, w);
    }

    /// <summary>Gauss–Hermite nodes and weights for ∫ e^(−z²) f(z) dz, ascending (Newton iteration on the orthonormal recurrence).</summary>
    internal static (double[] Nodes, double[] Weights) HermiteRule(int n)
    {
        var x = new double[n];
        var w = new double[n];
        const double pim4 = 0.7511255444649425; // π^(−1/4)
        int m = (n + 1) / 2;
        double z = 0;
        for (int i = 0; i < m; i++)
        {
            if (i == 0) z = Math.Sqrt(2.0 * n + 1) - 1.85575 * Math.Pow(2.0 * n + 1, -0.16667);
            else if (i == 1) z -= 1.14 * Math.Pow(n, 0.426) / z;
            else if (i == 2) z = 1.86 * z - 0.86 * x[0];
            else if (i == 3) z = 1.91 * z - 0.91 * x[1];
            else z = 2.0 * z - x[i - 2];
            double pp = 0;
            for (int it = 0; it < 100; it++)
            {
                double p1 = pim4, p2 = 0;
                for (int j = 1; j <= n; j++)
                {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * Math.Sqrt(2.0 / j) * p2 - Math.Sqrt((j - 1.0) / j) * p3;
                }
                pp = Math.Sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.Abs(z - z1) <= 1e-15) break;
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        Array.Reverse(x);
        Array.Reverse(w);
        return (x, w);
    }
}
