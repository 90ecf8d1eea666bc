using System.Collections.Immutable;
using System.Globalization;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>Beta(α, β) prior on the 3PL lower asymptote c.</summary>
/// <param name="Alpha">α &gt; 1.</param>
/// <param name="Beta">β &gt; 1.</param>
public sealed record BetaPrior(double Alpha, double Beta)
{
    /// <summary>Beta(5, 17): mean about 0.2 with the weight of 20 observations (BILOG-MG's convention for five-option items).</summary>
    public static BetaPrior Default { get; } = new(5, 17);
}

/// <summary>Options of <see cref="IrtCalibration.Fit"/>. Validated when the calibration starts; every problem is reported in one exception.</summary>
public sealed record IrtCalibrationOptions
{
    /// <summary>The model.</summary>
    public IrtModel Model { get; init; } = IrtModel.TwoPL;
    /// <summary>Quadrature for the E-step (default: 61 equally spaced nodes on [−6, 6], as mirt).</summary>
    public Quadrature Quadrature { get; init; } = Quadrature.Default;
    /// <summary>Convergence: stop when no parameter changed by more than this in an EM cycle (mirt's TOL; default 1e-4).</summary>
    public double Tolerance { get; init; } = 1e-4;
    /// <summary>Maximum number of EM cycles (default 2000).</summary>
    public int MaxIterations { get; init; } = 2000;
    /// <summary>Prior on the 3PL guessing parameter.</summary>
    public BetaPrior GuessingPrior { get; init; } = BetaPrior.Default;
    /// <summary>When true (default), a presented but unanswered item (無解答) is scored in the lowest category; when false it is missing. Not-administered cells are always missing.</summary>
    public bool NoResponseAsLowestCategory { get; init; } = true;
    /// <summary>Anchor items: their parameters are fixed and link the calibration to a bank. Ids must match columns of the data.</summary>
    public ImmutableArray<ItemParameters> Anchors { get; init; } = [];
    /// <summary>Estimate the mean and SD of the latent distribution. Default (null): only when anchors are given, which is what linking needs.</summary>
    public bool? EstimateLatentDistribution { get; init; }
    /// <summary>Compute standard errors from the observed information matrix (default true; costs two E-steps per free parameter).</summary>
    public bool StandardErrors { get; init; } = true;
    /// <summary>Maximum number of threads for the E-step (default −1: all cores). Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        var p = new List<string>();
        if (!Enum.IsDefined(Model)) p.Add("unknown model");
        if (Quadrature is null) p.Add("quadrature is required");
        else try { Quadrature.Validate(); } catch (FormatException e) { p.Add(e.Message); }
        if (!(Tolerance > 0) || double.IsInfinity(Tolerance)) p.Add("tolerance must be positive and finite");
        if (MaxIterations < 1 || MaxIterations > 100_000) p.Add("MaxIterations must be between 1 and 100000");
        if (GuessingPrior is null || !(GuessingPrior.Alpha >= 1) || !(GuessingPrior.Beta >= 1) || double.IsInfinity(GuessingPrior.Alpha + GuessingPrior.Beta)) p.Add("guessing prior needs finite α ≥ 1 and β ≥ 1");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1) p.Add("MaxDegreeOfParallelism must be −1 or positive");
        if (!Anchors.IsDefault)
        {
            foreach (var a in Anchors) a.Validate(p);
            foreach (var g in Anchors.GroupBy(a => a.Id).Where(g => g.Count() > 1)) p.Add($"anchor '{g.Key}' is given twice");
        }
        if (p.Count > 0) throw new ArgumentException("invalid IRT calibration options: " + string.Join("; ", p));
    }
}

/// <summary>The result of a calibration.</summary>
/// <param name="Model">The model.</param>
/// <param name="Items">Item parameters in column order (anchors included, marked <see cref="ItemParameters.Fixed"/>).</param>
/// <param name="LogLikelihood">Marginal log-likelihood at the estimates (log prior of c included for 3PL).</param>
/// <param name="ParameterCount">Number of estimated parameters.</param>
/// <param name="Persons">Number of persons (sum of weights).</param>
/// <param name="Iterations">EM cycles.</param>
/// <param name="Converged">True when the largest parameter change fell below the tolerance.</param>
/// <param name="LatentMean">Mean of the latent distribution (0 unless estimated).</param>
/// <param name="LatentSd">SD of the latent distribution (1 unless estimated).</param>
/// <param name="Quadrature">The quadrature used.</param>
public sealed record CalibrationResult(IrtModel Model, ImmutableArray<ItemParameters> Items, double LogLikelihood, int ParameterCount, double Persons,
    int Iterations, bool Converged, double LatentMean, double LatentSd, Quadrature Quadrature)
{
    /// <summary>Akaike information criterion: −2 logL + 2k.</summary>
    public double Aic => -2 * LogLikelihood + 2 * ParameterCount;
    /// <summary>Bayesian information criterion: −2 logL + k ln N.</summary>
    public double Bic => -2 * LogLikelihood + ParameterCount * Math.Log(Persons);

    /// <summary>A scorer for these items with the calibration's quadrature and latent distribution.</summary>
    public PersonScorer Scorer(ScoringOptions? options = null) =>
        new(Items, options ?? new ScoringOptions { Quadrature = Quadrature, PriorMean = LatentMean, PriorSd = LatentSd });
}

/// <summary>
/// Marginal maximum likelihood calibration by the EM algorithm of Bock and Aitkin (1981). Identical response patterns
/// are collapsed; the E-step runs over patterns × nodes in parallel chunks with per-chunk accumulators, reduced in a fixed
/// order so the estimates do not depend on the number of threads. The M-step is Fisher scoring per item (jointly for
/// the common slope of 1PL) with step halving.
/// </summary>
public static class IrtCalibration
{
    /// <summary>Calibrates the items of <paramref name="data"/>. Scores must be whole numbers 0..K−1 (category = score).</summary>
    /// <exception cref="ArgumentException">Invalid options or data (non-integer scores, an item without variance, unobserved middle categories, unknown anchors).</exception>
    public static CalibrationResult Fit(ScoreMatrix data, IrtCalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new IrtCalibrationOptions();
        options.Validate();
        var patterns = PatternSet.Build(data, options.NoResponseAsLowestCategory, options.Anchors.IsDefault ? [] : options.Anchors);
        var engine = new EmEngine(patterns, data, options);
        return engine.Run();
    }
}

/// <summary>Collapsed response patterns: category bytes (255 = missing) with weights.</summary>
internal sealed class PatternSet
{
    public const byte Missing = 255;
    public required int Items { get; init; }
    public required int Count { get; init; }
    public required byte[] Cats { get; init; }      // Count × Items
    public required double[] Weights { get; init; }
    public required int[] Categories { get; init; } // per item
    public double TotalWeight => Weights.Sum();

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static PatternSet Build(ScoreMatrix data, bool noResponseLowest, ImmutableArray<ItemParameters> anchors)
    {
        int n = data.PersonCount, m = data.ItemCount;
        var problems = new List<string>();
        var anchorById = anchors.ToDictionary(a => a.Id, StringComparer.Ordinal);
        foreach (var a in anchors) if (!data.Items.Any(c => c.Id == a.Id)) problems.Add($"anchor '{a.Id}' is not an item of the data");
        var maxCat = new int[m];
        var seen = new bool[m, 256];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var cats = new List<byte>();
        var weights = new List<double>();
        var row = new char[m];
        var rowBytes = new byte[m];
        bool badScore = false;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                byte c;
                switch (data.Status(i, j))
                {
                    case CellStatus.NotAdministered: c = Missing; break;
                    case CellStatus.NoResponse: c = noResponseLowest ? (byte)0 : Missing; break;
                    default:
                        double s = data.Score(i, j);
                        double r = Math.Round(s);
                        if (Math.Abs(s - r) > 1e-9 || r > 254)
                        {
                            if (!badScore) problems.Add($"row {i}, item '{data.Items[j].Id}': IRT needs whole-number scores 0..254 (got {s.ToString(CultureInfo.InvariantCulture)})");
                            badScore = true;
                            c = Missing;
                        }
                        else c = (byte)r;
                        break;
                }
                rowBytes[j] = c;
                row[j] = (char)c;
                if (c != Missing) { seen[j, c] = true; if (c > maxCat[j]) maxCat[j] = c; }
            }
            var key = new string(row);
            if (map.TryGetValue(key, out int idx)) weights[idx] += data.Weight(i);
            else
            {
                map[key] = weights.Count;
                weights.Add(data.Weight(i));
                cats.AddRange(rowBytes);
            }
        }
        var categories = new int[m];
        for (int j = 0; j < m; j++)
        {
            var id = data.Items[j].Id;
            if (anchorById.TryGetValue(id, out var a))
            {
                categories[j] = a.Categories;
                if (maxCat[j] >= a.Categories) problems.Add($"item '{id}': score {maxCat[j]} exceeds the anchor's {a.Categories} categories");
                continue;
            }
            categories[j] = maxCat[j] + 1;
            if (maxCat[j] < 1) { problems.Add($"item '{id}': every response is in one category; it cannot be calibrated"); continue; }
            if (!seen[j, 0]) problems.Add($"item '{id}': category 0 is never observed; recode the scores");
            for (int k = 1; k < maxCat[j]; k++) if (!seen[j, k]) problems.Add($"item '{id}': category {k} is never observed; collapse categories before calibrating");
        }
        if (problems.Count > 0) throw new ArgumentException("data cannot be calibrated:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Take(50)));
        return new PatternSet { Items = m, Count = weights.Count, Cats = [.. cats], Weights = [.. weights], Categories = categories };
    }
}
