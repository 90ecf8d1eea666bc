using BenchmarkDotNet.Attributes;
using Sendai.Cbt.Analysis;
using Sendai.Cbt.Analysis.Irt;

namespace Sendai.Cbt.Benchmarks.Analysis;

/// <summary>
/// 2PL calibration of 100,000 simulated students × 40 items, 61 equally spaced nodes on [−6, 6], tolerance 1e-4,
/// on one thread and on all cores (standard errors off). Set SENDAI_IRT_CSV to also write the data as CSV for the
/// eRm comparison (see docs/analysis.md).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class IrtCalibrationBenchmarks
{
    private ScoreMatrix _data = null!;

    [Params(1, -1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        const int n = 100_000, m = 40;
        var rng = new Random(42);
        var a = new double[m];
        var b = new double[m];
        for (int j = 0; j < m; j++) { a[j] = Math.Exp(0.25 * Normal(rng)); b[j] = Normal(rng); }
        var rows = new List<PersonRow>(n);
        string? csv = Environment.GetEnvironmentVariable("SENDAI_IRT_CSV");
        using var w = csv is null ? null : new StreamWriter(csv);
        w?.WriteLine(string.Join(",", Enumerable.Range(1, m).Select(j => $"i{j}")));
        for (int i = 0; i < n; i++)
        {
            double th = Normal(rng);
            var cells = new ScoreCell[m];
            for (int j = 0; j < m; j++) cells[j] = ScoreCell.Scored(rng.NextDouble() < 1 / (1 + Math.Exp(-a[j] * (th - b[j]))) ? 1 : 0);
            rows.Add(new PersonRow(null, [.. cells]));
            w?.WriteLine(string.Join(",", cells.Select(c => c.Score)));
        }
        _data = ScoreMatrix.Create(Enumerable.Range(1, m).Select(j => new ItemColumn($"i{j}", 1)), rows);
    }

    [Benchmark]
    public double TwoPL() => IrtCalibration.Fit(_data, new IrtCalibrationOptions
    {
        Model = IrtModel.TwoPL,
        Quadrature = Quadrature.Default,
        Tolerance = 1e-4,
        StandardErrors = false,
        MaxDegreeOfParallelism = Threads,
    }).LogLikelihood;

    [Benchmark]
    public double Rasch() => IrtCalibration.Fit(_data, new IrtCalibrationOptions
    {
        Model = IrtModel.Rasch,
        Tolerance = 1e-4,
        StandardErrors = false,
        MaxDegreeOfParallelism = Threads,
    }).LogLikelihood;

    private static double Normal(Random r)
    {
        double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
