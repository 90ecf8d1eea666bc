using System.Collections.Immutable;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>
/// A reporting scale: scaled = Mean + Sd·θ (the national assessment centres its IRT scores on 500), and bands 1..n+1
/// from n ascending cut scores on the reported scale (band = 1 + number of cuts at or below the score).
/// </summary>
/// <param name="Mean">Scaled score at θ = 0.</param>
/// <param name="Sd">Scaled points per unit of θ.</param>
public sealed record ReportingScale(double Mean = 500, double Sd = 100)
{
    /// <summary>Band cuts on the reported scale, ascending. Default 350, 450, 550, 650 (θ = −1.5, −0.5, 0.5, 1.5), giving bands 1–5.</summary>
    public ImmutableArray<double> Cuts { get; init; } = [350, 450, 550, 650];

    /// <summary>The national-assessment style scale: mean 500, SD 100, bands 1–5.</summary>
    public static ReportingScale Default { get; } = new();

    /// <summary>θ on the reported scale.</summary>
    public double Transform(double theta) { Validate(); return Mean + Sd * theta; }
    /// <summary>The reported score back on the θ scale.</summary>
    public double ToTheta(double scaled) { Validate(); return (scaled - Mean) / Sd; }
    /// <summary>Standard error on the reported scale.</summary>
    public double TransformSe(double se) => Math.Abs(Sd) * se;

    /// <summary>Band (1 = lowest) of a score on the reported scale.</summary>
    public int Band(double scaled)
    {
        Validate();
        int b = 1;
        foreach (var c in Cuts) if (scaled >= c) b++;
        return b;
    }

    private void Validate()
    {
        var p = new List<string>();
        if (!double.IsFinite(Mean)) p.Add("mean must be finite");
        if (!(Sd > 0) || double.IsInfinity(Sd)) p.Add("SD must be positive and finite");
        if (Cuts.IsDefault) p.Add("cuts are required");
        else for (int i = 1; i < Cuts.Length; i++) if (!(Cuts[i] > Cuts[i - 1])) { p.Add("cuts must be strictly ascending"); break; }
        if (p.Count > 0) throw new InvalidOperationException("invalid reporting scale: " + string.Join("; ", p));
    }
}

/// <summary>偏差値 (deviation value): 50 + 10·(x − mean)/SD, with the group's population SD (divisor N), as Japanese schools compute it.</summary>
public static class Hensachi
{
    /// <summary>偏差値 of one value given the group's mean and SD.</summary>
    public static double Of(double value, double mean, double sd) => sd > 0 ? 50 + 10 * (value - mean) / sd : 50;

    /// <summary>偏差値 of every value of a group (population SD; all 50 when the SD is 0).</summary>
    public static ImmutableArray<double> Compute(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) return [];
        double mean = values.Average();
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        return [.. values.Select(v => Of(v, mean, sd))];
    }
}
