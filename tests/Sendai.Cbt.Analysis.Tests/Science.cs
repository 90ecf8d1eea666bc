using Sendai.Cbt.Analysis.IO;

namespace Sendai.Cbt.Analysis.Tests;

/// <summary>Science data (ltm's Science[c(1,3,4,7)] = mirt's Science): 392 respondents, 4 Likert items scored 0..3. See Data/science.md.</summary>
internal static class Science
{
    private static readonly Lazy<ScoreMatrix> Data = new(() => ScoreMatrixCsv.ReadFile(Path.Combine(AppContext.BaseDirectory, "Data", "science.csv")));
    public static ScoreMatrix Matrix => Data.Value;
}
