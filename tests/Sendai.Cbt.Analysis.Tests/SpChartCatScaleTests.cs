using System.Collections.Immutable;
using Sendai.Cbt.Analysis.Cat;
using Sendai.Cbt.Analysis.Classical;
using Sendai.Cbt.Analysis.IO;
using Sendai.Cbt.Analysis.Irt;
using Xunit;

namespace Sendai.Cbt.Analysis.Tests;

public class SpChartTests
{
    private static ScoreMatrix From(int[][] rows) => ScoreMatrix.Create(
        Enumerable.Range(0, rows[0].Length).Select(j => new ItemColumn($"q{j + 1}", 1)),
        rows.Select((r, i) => new PersonRow($"s{i + 1}", [.. r.Select(v => ScoreCell.Scored(v))])));

    [Fact]
    public void Guttman_patterns_have_zero_caution()
    {
        var sp = SpChart.Compute(From([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]]));
        Assert.All(sp.Students, s => Assert.Equal(0, s.Caution, 12));
        Assert.All(sp.Problems, p => Assert.Equal(0, p.Caution, 12));
        Assert.Equal(["s4", "s1", "s2", "s3", "s5"], sp.Students.Select(s => s.Id));
        Assert.Equal(0, sp.Area);
    }

    [Fact]
    public void Reversed_pattern_gets_the_largest_caution()
    {
        // s3 answers only the hardest item: C = 1 − (Σ u p − y p̄)/(Σ_{j≤y} p − y p̄) with p = (3,2,1,1): (1 − 1.75)/(3 − 1.75) → 1.6
        var sp = SpChart.Compute(From([[1, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1], [1, 1, 0, 0]]));
        var s3 = sp.Students.Single(s => s.Id == "s3");
        Assert.Equal(1.6, s3.Caution, 10);
        Assert.Equal(StudentZone.CPrime, s3.Zone);
        Assert.True(sp.Disparity > 0);
    }

    [Fact]
    public void Disparity_of_lsat_is_reproducible()
    {
        var a = SpChart.Compute(Lsat.Matrix, seed: 5);
        var b = SpChart.Compute(Lsat.Matrix, seed: 5);
        Assert.Equal(a.Disparity, b.Disparity);
        Assert.Equal(1000, a.Students.Length);
        Assert.InRange(a.Disparity, 0.2, 1.2);
    }
}

public class CatTests
{
    private static ItemParameters[] Bank(int n) => [.. Simulate.TwoPl(n, 99).Select((it, i) => it with { ContentArea = i % 3 == 0 ? "Knowledge" : "Thinking" })];

    [Fact]
    public void Simulation_is_reproducible_and_accurate()
    {
        var opt = new CatOptions { MaxLength = 25, SeTarget = 0.35 };
        var a = CatSimulation.Run(Bank(120), 400, 7, opt);
        var b = CatSimulation.Run(Bank(120), 400, 7, opt);
        Assert.Equal(a, b with { LengthDistribution = a.LengthDistribution, Exposure = a.Exposure });
        Assert.Equal(a.Exposure.Select(e => e.Rate), b.Exposure.Select(e => e.Rate));
        Assert.InRange(a.Bias, -0.1, 0.1);
        Assert.InRange(a.Rmse, 0.2, 0.5);
        Assert.True(a.MaxLength <= 25);
        Assert.True(a.MeanSe <= 0.4);
    }

    [Fact]
    public void Randomesque_lowers_maximum_exposure()
    {
        var pure = CatSimulation.Run(Bank(120), 300, 3, new CatOptions { Randomesque = 1, SeTarget = null, MaxLength = 10 });
        var rand = CatSimulation.Run(Bank(120), 300, 3, new CatOptions { Randomesque = 8, SeTarget = null, MaxLength = 10 });
        Assert.True(rand.MaxExposure < pure.MaxExposure);
        Assert.All(pure.LengthDistribution.Keys, k => Assert.Equal(10, k));
    }

    [Fact]
    public void Content_balancing_meets_targets()
    {
        var engine = new CatEngine(Bank(90), new CatOptions { SeTarget = null, MaxLength = 12, ContentTargets = ImmutableDictionary<string, double>.Empty.Add("Knowledge", 0.5).Add("Thinking", 0.5) });
        var rec = engine.Run(_ => 1, new Random(1));
        var areas = rec.Steps.Select(s => engine.Bank.Single(b => b.Id == s.ItemId).ContentArea).ToList();
        Assert.Equal(6, areas.Count(a => a == "Knowledge"));
    }
}

public class ScaleAndFileTests
{
    [Fact]
    public void Reporting_scale_and_bands()
    {
        var s = ReportingScale.Default;
        Assert.Equal(500, s.Transform(0));
        Assert.Equal(650, s.Transform(1.5));
        Assert.Equal([1, 2, 3, 4, 5, 5], new[] { 300.0, 350, 500, 600, 650, 900 }.Select(s.Band));
        var custom = new ReportingScale(50, 10) { Cuts = [40, 60] };
        Assert.Equal(3, custom.Band(61));
        Assert.Throws<InvalidOperationException>(() => new ReportingScale { Cuts = [500, 400] }.Band(1));
    }

    [Fact]
    public void Hensachi_uses_population_sd()
    {
        var t = Hensachi.Compute([40, 50, 60]);
        Assert.Equal(50, t[1], 10);
        Assert.Equal(50 + 10 * 10 / Math.Sqrt(200.0 / 3), t[2], 10);
    }

    [Fact]
    public void Gauss_hermite_rule_integrates_normal_moments()
    {
        var (x, w) = Quadrature.GaussHermite(21).Build();
        Assert.Equal(1, w.Sum(), 12);
        Assert.Equal(1, x.Zip(w, (a, b) => a * a * b).Sum(), 10);
        Assert.Equal(3, x.Zip(w, (a, b) => a * a * a * a * b).Sum(), 9);
        Assert.Equal(Quadrature.Default, Quadrature.Parse("equal:61:-6:6"));
        Assert.Throws<FormatException>(() => Quadrature.Parse("gh:x"));
    }

    [Fact]
    public void Bank_files_round_trip_in_json_and_csv()
    {
        var json = """{"items":[{"id":"a","a":1.2,"d":0.5,"area":"Knowledge"},{"id":"b","model":"grm","a":0.9,"d":[1.0,-0.5]}]}""";
        var fromJson = ItemParameterFile.ParseJson(json);
        Assert.Equal(ResponseKind.Graded, fromJson[1].Kind);
        var fromCsv = ItemParameterFile.ParseCsv("id,model,a,d,c,area\na,2pl,1.2,0.5,,Knowledge\nb,grm,0.9,1.0;-0.5,,\n");
        Assert.Equal(fromJson.Select(i => i.ToString()), fromCsv.Select(i => i.ToString()));
        var ex = Assert.Throws<FormatException>(() => ItemParameterFile.ParseCsv("id,a,d\nx,0,1\nx,1,zz\n"));
        Assert.Contains("line 3", ex.Message);
    }

    [Fact]
    public void Response_csv_reads_freq_missing_and_no_response()
    {
        var m = ScoreMatrixCsv.Read(new StringReader("id,q1,q2,freq\ns1,1,,2\ns2,NR,2,1\n"));
        Assert.Equal(CellStatus.NotAdministered, m.Status(0, 1));
        Assert.Equal(CellStatus.NoResponse, m.Status(1, 0));
        Assert.Equal(2, m.Weight(0));
        Assert.Equal(2, m.Items[1].MaxPoints);
        Assert.Throws<FormatException>(() => ScoreMatrixCsv.Read(new StringReader("q1\nx\n")));
    }
}
