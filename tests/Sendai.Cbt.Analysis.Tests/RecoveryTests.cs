using System.Collections.Immutable;
using Sendai.Cbt.Analysis.Irt;
using Xunit;

namespace Sendai.Cbt.Analysis.Tests;

public class RecoveryTests
{
    private static double MaxError(IEnumerable<double> a, IEnumerable<double> b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    [Theory]
    [InlineData(1000, 0.45)]
    [InlineData(4000, 0.25)]
    [InlineData(16000, 0.12)]
    public void TwoPL_recovers_parameters_within_a_tolerance_that_shrinks_with_N(int n, double tol)
    {
        var truth = Simulate.TwoPl(15, 7);
        var fit = IrtCalibration.Fit(Simulate.Data(truth, n, 11), new IrtCalibrationOptions { StandardErrors = false });
        Assert.True(fit.Converged);
        Assert.True(MaxError(truth.Select(t => t.A), fit.Items.Select(i => i.A)) < tol, "slopes");
        Assert.True(MaxError(truth.Select(t => t.D[0]), fit.Items.Select(i => i.D[0])) < tol, "intercepts");
    }

    [Fact]
    public void Not_administered_cells_are_missing_not_wrong()
    {
        var truth = Simulate.TwoPl(10, 3);
        var fit = IrtCalibration.Fit(Simulate.Data(truth, 6000, 5, missing: 0.4), new IrtCalibrationOptions { StandardErrors = false });
        // Were missing cells scored 0, every intercept would be biased down by about logit(0.6·p) − logit(p) ≈ −0.9.
        Assert.True(MaxError(truth.Select(t => t.D[0]), fit.Items.Select(i => i.D[0])) < 0.3);
    }

    [Theory]
    [InlineData(IrtModel.Grm)]
    [InlineData(IrtModel.Gpcm)]
    public void Polytomous_models_recover_parameters(IrtModel model)
    {
        var rng = new Random(13);
        var truth = Enumerable.Range(0, 8).Select(j =>
        {
            double a = 0.8 + 0.8 * rng.NextDouble();
            double[] b = model == IrtModel.Grm ? [-1.2 + 0.2 * j / 8.0, 0.0, 1.1] : [-1.0, 0.2, 1.0 + 0.1 * j];
            return ItemParameters.FromIrt($"r{j + 1}", model, a, b);
        }).ToArray();
        var fit = IrtCalibration.Fit(Simulate.Data(truth, 5000, 17), new IrtCalibrationOptions { Model = model, StandardErrors = false });
        Assert.True(fit.Converged);
        Assert.True(MaxError(truth.Select(t => t.A), fit.Items.Select(i => i.A)) < 0.2, "slopes");
        Assert.True(MaxError(truth.SelectMany(t => t.B), fit.Items.SelectMany(i => i.B)) < 0.25, "thresholds");
    }

    [Fact]
    public void Gpcm_and_grm_on_dichotomous_items_equal_2pl()
    {
        var two = IrtCalibration.Fit(Lsat.Matrix, new IrtCalibrationOptions { StandardErrors = false });
        foreach (var m in new[] { IrtModel.Gpcm, IrtModel.Grm })
        {
            var r = IrtCalibration.Fit(Lsat.Matrix, new IrtCalibrationOptions { Model = m, StandardErrors = false });
            Assert.Equal(two.LogLikelihood, r.LogLikelihood, 6);
        }
        var pcm = IrtCalibration.Fit(Lsat.Matrix, new IrtCalibrationOptions { Model = IrtModel.Pcm, StandardErrors = false });
        var rasch = IrtCalibration.Fit(Lsat.Matrix, new IrtCalibrationOptions { Model = IrtModel.Rasch, StandardErrors = false });
        Assert.Equal(rasch.LogLikelihood, pcm.LogLikelihood, 6);
    }

    [Fact]
    public void Pcm_on_rubric_items_has_unit_slopes_and_ordered_thresholds_recovered()
    {
        var truth = Enumerable.Range(0, 6).Select(j => ItemParameters.FromIrt($"p{j}", IrtModel.Pcm, 1, [-0.8 + 0.1 * j, 0.6])).ToArray();
        var fit = IrtCalibration.Fit(Simulate.Data(truth, 4000, 23), new IrtCalibrationOptions { Model = IrtModel.Pcm });
        Assert.All(fit.Items, i => Assert.Equal(1, i.A));
        Assert.True(MaxError(truth.SelectMany(t => t.D), fit.Items.SelectMany(i => i.D)) < 0.2);
        Assert.All(fit.Items, i => Assert.True(i.SeD.All(s => s > 0 && s < 0.2)));
    }

    [Fact]
    public void ThreePL_stays_near_the_truth_with_the_guessing_prior()
    {
        var rng = new Random(29);
        var truth = Enumerable.Range(0, 12).Select(j => ItemParameters.FromIrt($"t{j}", IrtModel.ThreePL, 1.2 + 0.4 * rng.NextDouble(), [-1 + 2.5 * j / 12.0], 0.2)).ToArray();
        var fit = IrtCalibration.Fit(Simulate.Data(truth, 5000, 31), new IrtCalibrationOptions { Model = IrtModel.ThreePL, StandardErrors = false });
        Assert.True(fit.Converged);
        Assert.All(fit.Items, i => Assert.InRange(i.C, 0.08, 0.32));
        Assert.True(MaxError(truth.Select(t => t.B[0]), fit.Items.Select(i => i.B[0])) < 0.35);
    }

    [Fact]
    public void Anchored_calibration_links_new_items_to_the_bank_scale()
    {
        // Population of the new group: N(0.5, 1.2²). Anchors fix the scale; new items come out on the bank scale.
        var bank = Simulate.TwoPl(16, 41);
        var rng = new Random(43);
        var rows = new List<PersonRow>();
        for (int i = 0; i < 6000; i++)
        {
            double th = 0.5 + 1.2 * Simulate.Normal(rng);
            rows.Add(new PersonRow(null, [.. bank.Select(it => ScoreCell.Scored(rng.NextDouble() < it.Probabilities(th)[1] ? 1 : 0))]));
        }
        var data = ScoreMatrix.Create(bank.Select(b => new ItemColumn(b.Id, 1)), rows);
        var anchors = bank.Take(10).ToImmutableArray();
        var fit = IrtCalibration.Fit(data, new IrtCalibrationOptions { Anchors = anchors, StandardErrors = false });
        Assert.InRange(fit.LatentMean, 0.4, 0.6);
        Assert.InRange(fit.LatentSd, 1.08, 1.32);
        Assert.All(fit.Items.Take(10), i => Assert.True(i.Fixed));
        Assert.True(MaxError(bank.Skip(10).Select(b => b.B[0]), fit.Items.Skip(10).Select(i => i.B[0])) < 0.2);
        Assert.True(MaxError(bank.Skip(10).Select(b => b.A), fit.Items.Skip(10).Select(i => i.A)) < 0.25);
    }

    [Fact]
    public void Estimates_do_not_depend_on_the_number_of_threads()
    {
        var data = Simulate.Data(Simulate.TwoPl(12, 2), 3000, 3);
        var one = IrtCalibration.Fit(data, new IrtCalibrationOptions { MaxDegreeOfParallelism = 1, StandardErrors = false });
        var all = IrtCalibration.Fit(data, new IrtCalibrationOptions { StandardErrors = false });
        Assert.Equal(one.LogLikelihood, all.LogLikelihood);
        Assert.Equal(one.Items.Select(i => i.A), all.Items.Select(i => i.A));
    }

    [Fact]
    public void Invalid_input_is_reported_in_one_exception()
    {
        var ex = Assert.Throws<ArgumentException>(() => IrtCalibration.Fit(Lsat.Matrix, new IrtCalibrationOptions { Tolerance = -1, MaxIterations = 0 }));
        Assert.Contains("tolerance", ex.Message);
        Assert.Contains("MaxIterations", ex.Message);
        var constant = ScoreMatrix.Create([new ItemColumn("x", 1), new ItemColumn("y", 1)], [new PersonRow(null, [ScoreCell.Scored(1), ScoreCell.Scored(0)]), new PersonRow(null, [ScoreCell.Scored(1), ScoreCell.Scored(1)])]);
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => IrtCalibration.Fit(constant)).Message);
    }
}
