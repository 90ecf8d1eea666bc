using Sendai.Cbt.Analysis.IO;

namespace Sendai.Cbt.Analysis.Tests;

/// <summary>LSAT section 6 (Bock and Lieberman 1970): 5 items, 1000 persons, 30 observed patterns with frequencies.</summary>
internal static class Lsat
{
    private static readonly Lazy<ScoreMatrix> Data = new(() => ScoreMatrixCsv.ReadFile(Path.Combine(AppContext.BaseDirectory, "Data", "lsat.csv")));
    public static ScoreMatrix Matrix => Data.Value;
}
