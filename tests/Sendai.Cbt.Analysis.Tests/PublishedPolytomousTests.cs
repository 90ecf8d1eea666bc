using System.Collections.Immutable;
using Sendai.Cbt.Analysis.Irt;
using Xunit;

namespace Sendai.Cbt.Analysis.Tests;

/// <summary>
/// Polytomous models (GRM, GPCM, PCM) against published output of mirt on the Science data (392 respondents, four
/// 4-category Likert items; Data/science.md). Every reference number names its source.
/// <para>
/// Parametrisations. mirt's graded model is P(X ≥ k) = σ(a1·θ + d_k), which is ours (ItemParameters.D are the d_k);
/// ltm's grm prints the IRT form "Extrmt_k" = −d_k/a and "Dscrmn" = a, which is our <see cref="ItemParameters.B"/>.
/// mirt's gpcm is P(X = k) ∝ exp(ak_k·a1·θ + d_k) with scoring ak = 0, 1, 2, 3 and cumulative intercepts d_0 = 0, d_1, d_2, d_3;
/// ours is P(X = k) ∝ exp Σ_{v ≤ k}(aθ + d_v), so our step intercept d_v = mirt d_v − mirt d_{v−1} and mirt d_k = Σ_{v ≤ k} d_v.
/// Quadrature: mirt's default, 61 equally spaced nodes on [−6, 6] — our default.
/// </para>
/// </summary>
public class PublishedPolytomousTests
{
    private static void Near(double expected, double actual, double tol, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected} ± {tol}, got {actual}");

    private static readonly string[] Ids = ["Comfort", "Work", "Future", "Benefit"];

    private static readonly Lazy<CalibrationResult> GrmFit = new(() => IrtCalibration.Fit(Science.Matrix, new IrtCalibrationOptions { Model = IrtModel.Grm }));
    private static readonly Lazy<CalibrationResult> GpcmFit = new(() => IrtCalibration.Fit(Science.Matrix, new IrtCalibrationOptions { Model = IrtModel.Gpcm }));

    /// <summary>Marginal log-likelihood at given item parameters: every item anchored, N(0, 1) latent trait, nothing estimated.</summary>
    private static double LogLikelihoodAt(IEnumerable<ItemParameters> items) =>
        IrtCalibration.Fit(Science.Matrix, new IrtCalibrationOptions
        {
            Anchors = [.. items],
            EstimateLatentDistribution = false,
            StandardErrors = false,
        }).LogLikelihood;

    // mirt 1.45.6 reference page of mirt() (pkgdown site, reference/mirt.md), example anova(pmod1_equalslopes, pmod1) with pmod1 <- mirt(Science, 1):
    // logLik −1608.870, AIC 3249.739, BIC 3313.279 (16 parameters, N = 392).
    [Fact]
    public void Grm_log_likelihood_matches_mirt()
    {
        var r = GrmFit.Value;
        Assert.True(r.Converged);
        Assert.Equal(16, r.ParameterCount);
        // mirt's EM stops at TOL 1e-4 a little below the maximum (its printed estimates give −1608.8695 on our likelihood); ours reaches
        // −1608.86941, the maximum found by direct optimisation. So ours is at least mirt's and within 1e-3 of it.
        Assert.True(r.LogLikelihood >= -1608.870 - 5e-4, $"logLik {r.LogLikelihood} below mirt's");
        Near(-1608.870, r.LogLikelihood, 1e-3, "logLik");
        Near(3249.739, r.Aic, 2e-3, "AIC");
        Near(3313.279, r.Bic, 2e-3, "BIC");
    }

    // mirt's test suite (tests/testthat/test-02-mirtTwo.R, 'poly'): mirt(Science, 1, SE = TRUE, SE.type = 'SEM') — for SEM, mirt runs EM without
    // acceleration to TOL = 1e-5 — expects a1, d1, d2, d3 per item as below (three decimals). Our default run (TOL 1e-4) agrees in every printed digit;
    // the tolerance 1e-3 allows for mirt's own stopping error (the likelihood is flat along Future's slope, SE 0.49).
    // The default mirt(Science, 1) (TOL 1e-4 with Ramsay acceleration) is expected at 1.041 4.864 2.64 −1.466 | 1.226 2.924 .901 −2.266 |
    // 2.296 5.238 2.216 −1.965 | 1.095 3.348 .992 −1.688 with relative tolerance 1e-2: we check those within 0.01.
    [Fact]
    public void Grm_parameters_match_mirt()
    {
        var r = GrmFit.Value;
        double[][] sem = [[1.041, 4.863, 2.639, -1.466], [1.226, 2.924, 0.901, -2.266], [2.3, 5.244, 2.218, -1.967], [1.094, 3.347, 0.991, -1.688]];
        double[][] dflt = [[1.041, 4.864, 2.64, -1.466], [1.226, 2.924, 0.901, -2.266], [2.296, 5.238, 2.216, -1.965], [1.095, 3.348, 0.992, -1.688]];
        for (int j = 0; j < 4; j++)
        {
            var it = r.Items[j];
            Assert.Equal(Ids[j], it.Id);
            Assert.Equal(ResponseKind.Graded, it.Kind);
            Near(sem[j][0], it.A, 1e-3, $"{it.Id} a1 (SEM run)");
            Near(dflt[j][0], it.A, 1e-2, $"{it.Id} a1 (default run)");
            for (int k = 0; k < 3; k++)
            {
                Near(sem[j][k + 1], it.D[k], 1e-3, $"{it.Id} d{k + 1} (SEM run)");
                Near(dflt[j][k + 1], it.D[k], 1e-2, $"{it.Id} d{k + 1} (default run)");
                // ltm's IRT form: Extrmt_k = −d_k / a
                Near(-it.D[k] / it.A, it.B[k], 1e-12, $"{it.Id} Extrmt{k + 1}");
            }
        }
    }

    // mirt's test suite (test-02-mirtTwo.R): mirt(Science, 1, SE = TRUE, SE.type = 'Louis') expects (estimate, SE) pairs; the SEs are below.
    // Louis' formula is the exact observed information, which is what our central differences of the analytic score approximate. mirt's Louis run
    // stopped at slightly different estimates (Future a1 2.2906 against our 2.3006, within its TOL), and the SEs scale with them: we allow 1.5%.
    [Fact]
    public void Grm_standard_errors_match_mirt_louis()
    {
        var r = GrmFit.Value;
        double[][] se = [[0.18838, 0.49088, 0.22267, 0.15868], [0.18189, 0.23928, 0.14289, 0.20308], [0.48269, 0.72817, 0.3564, 0.32209], [0.18336, 0.27659, 0.14053, 0.16864]];
        for (int j = 0; j < 4; j++)
        {
            var it = r.Items[j];
            Near(se[j][0], it.SeA, 0.015 * se[j][0], $"{it.Id} SE a1");
            for (int k = 0; k < 3; k++) Near(se[j][k + 1], it.SeD[k], 0.015 * se[j][k + 1], $"{it.Id} SE d{k + 1}");
        }
    }

    // mirt's test suite (test-02-mirtTwo.R): fscores(mirt(Science, 1), method = 'EAP', response.pattern = c(1, 2, 3, 4)) gives
    // F1 −0.3494903, SE_F1 0.6004922 (mirt codes categories 1..4; ours 0..3), checked there with tolerance 1e-4. Ours: −0.34948, 0.60048.
    [Fact]
    public void Grm_eap_matches_mirt_fscores()
    {
        var s = GrmFit.Value.Scorer().Score([0, 1, 2, 3], ScoringMethod.Eap);
        Near(-0.3494903, s.Theta, 1e-4, "EAP");
        Near(0.6004922, s.Se, 1e-4, "posterior SD");
    }

    // mirt 1.45.6 reference page of mirt(), example (gpcmod <- mirt(Science, 1, 'gpcm')): "Converged within 1e-04 tolerance after 50 EM iterations",
    // Log-likelihood = −1612.683, AIC = 3257.366, BIC = 3320.906, and coef(gpcmod): a1, d1, d2, d3 (cumulative; d0 = 0) per item below.
    private static readonly double[][] MirtGpcm = [[0.865, 2.831, 5.324, 3.998], [0.841, 1.711, 2.578, 0.848], [2.204, 4.601, 6.759, 4.918], [0.724, 2.099, 2.899, 1.721]];

    private static ItemParameters FromMirtGpcm(string id, double[] p) =>
        new(id, IrtModel.Gpcm, p[0], [p[1], p[2] - p[1], p[3] - p[2]]);

    [Fact]
    public void Gpcm_likelihood_at_mirts_estimates_equals_mirts_log_likelihood()
    {
        // Same model, same parametrisation, same quadrature: our likelihood evaluated at mirt's printed estimates is mirt's printed logLik
        // (the 3-decimal rounding of the estimates moves it by less than 1e-4).
        double ll = LogLikelihoodAt(Ids.Select((id, j) => FromMirtGpcm(id, MirtGpcm[j])));
        Near(-1612.683, ll, 5e-4, "logLik at mirt's estimates");

        var grm = new[] { new[] { 1.041, 4.863, 2.639, -1.466 }, [1.226, 2.924, 0.901, -2.266], [2.3, 5.244, 2.218, -1.967], [1.094, 3.347, 0.991, -1.688] };
        double llGrm = LogLikelihoodAt(Ids.Select((id, j) => new ItemParameters(id, IrtModel.Grm, grm[j][0], [.. grm[j][1..]])));
        // mirt's SEM run (TOL 1e-5) is within 1e-4 of the maximum, and not above ours.
        Near(GrmFit.Value.LogLikelihood, llGrm, 1e-4, "GRM logLik at mirt's SEM-run estimates");
        Assert.True(llGrm <= GrmFit.Value.LogLikelihood + 1e-7);
    }

    [Fact]
    public void Gpcm_matches_mirt()
    {
        var r = GpcmFit.Value;
        Assert.True(r.Converged);
        Assert.Equal(16, r.ParameterCount);
        // mirt stopped 0.0014 below the maximum (50 accelerated EM cycles); our EM goes on to −1612.6816, which is also what an independent
        // quasi-Newton maximisation of the same likelihood reaches (docs/analysis.md). So ours is at least mirt's and within 2e-3 of it.
        Assert.True(r.LogLikelihood >= -1612.683 - 5e-4, $"logLik {r.LogLikelihood} below mirt's");
        Near(-1612.683, r.LogLikelihood, 2e-3, "logLik");
        Near(3257.366, r.Aic, 4e-3, "AIC");
        Near(3320.906, r.Bic, 4e-3, "BIC");
        for (int j = 0; j < 4; j++)
        {
            var it = r.Items[j];
            Assert.Equal(ResponseKind.PartialCredit, it.Kind);
            // Future (j = 2) has the flattest likelihood (SE of a1 0.67, of d1 1.17): mirt's early stop leaves it 0.03 low in a1 and up to 0.08 in
            // the cumulative intercepts; Comfort (5 respondents in its lowest category) differs by up to 0.011, Work and Benefit by 0.005 at most.
            double tol = j == 2 ? 0.1 : 0.015;
            Near(MirtGpcm[j][0], it.A, tol, $"{it.Id} a1");
            double cum = 0;
            for (int k = 0; k < 3; k++)
            {
                cum += it.D[k];
                Near(MirtGpcm[j][k + 1], cum, tol, $"{it.Id} d{k + 1} (cumulative)");
            }
        }
    }

    // Reference maximum: the same marginal likelihoods (61 nodes on [−6, 6], weights ∝ φ) maximised directly by R's optim (BFGS, reltol 1e-15),
    // written independently of our code (script in docs/analysis.md). Not a published number; it shows that the differences from mirt above are
    // mirt's stopping error, not ours. Our EM at the default tolerance 1e-4 (mirt's TOL: the largest change in an EM cycle) stops up to 1.2e-3
    // short of it (Future's d1 in the GPCM, where EM is slowest); at tolerance 1e-8 it agrees to the digits printed here.
    [Theory]
    [InlineData(IrtModel.Grm, -1608.869413, new[] { 1.04064, 4.86272, 2.63916, -1.46546, 1.22583, 2.92400, 0.90113, -2.26643, 2.30060, 5.24518, 2.21864, -1.96750, 1.09380, 3.34688, 0.99142, -1.68753 })]
    [InlineData(IrtModel.Gpcm, -1612.681600, new[] { 0.86114, 2.82236, 2.49082, -1.32426, 0.83997, 1.70992, 0.86777, -1.72944, 2.23736, 4.66071, 2.18097, -1.86022, 0.72038, 2.09482, 0.79909, -1.17529 })]
    [InlineData(IrtModel.Pcm, -1619.274217, new[] { 1, 3.08593, 2.59453, -1.38832, 1, 1.89517, 0.91062, -1.85791, 1, 2.64609, 1.42065, -1.13468, 1, 2.44785, 0.89935, -1.35735 })]
    public void Estimates_reach_the_maximum_found_by_direct_optimisation(IrtModel model, double logLik, double[] pars)
    {
        var loose = IrtCalibration.Fit(Science.Matrix, new IrtCalibrationOptions { Model = model, StandardErrors = false });
        var tight = IrtCalibration.Fit(Science.Matrix, new IrtCalibrationOptions { Model = model, StandardErrors = false, Tolerance = 1e-8 });
        Near(logLik, loose.LogLikelihood, 1e-5, "logLik (tolerance 1e-4)");
        Near(logLik, tight.LogLikelihood, 1e-6, "logLik (tolerance 1e-8)");
        for (int j = 0; j < 4; j++)
        {
            Near(pars[4 * j], tight.Items[j].A, 2e-5, $"{Ids[j]} a");
            Near(pars[4 * j], loose.Items[j].A, 1.5e-3, $"{Ids[j]} a (tolerance 1e-4)");
            for (int k = 0; k < 3; k++)
            {
                Near(pars[4 * j + 1 + k], tight.Items[j].D[k], 2e-5, $"{Ids[j]} d{k + 1}");
                Near(pars[4 * j + 1 + k], loose.Items[j].D[k], 1.5e-3, $"{Ids[j]} d{k + 1} (tolerance 1e-4)");
            }
        }
    }
}
