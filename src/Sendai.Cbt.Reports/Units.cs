namespace Sendai.Cbt.Reports;

/// <summary>Length helpers. Every length in the layout API is in points (1/72 inch).</summary>
public static class Units
{
    /// <summary>Converts millimetres to points (1 mm ≈ 2.835 pt).</summary>
    public static double Mm(double millimetres) => millimetres * 72.0 / 25.4;
}
