using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;

namespace Sendai.Cbt.Analysis.Cat;

/// <summary>
/// The CAT engine as an <see cref="IAdaptiveSelector"/>, so adaptive forms run through the same session API as fixed
/// ones: EAP after each response, maximum-information selection with randomesque exposure control and content
/// balancing, stopping at the SE target or the length limits of <see cref="CatOptions"/>. A response is scored by the
/// session; it becomes category round(score / max × (K − 1)) of a K-category item (0/1 for dichotomous items). The
/// choice depends only on the history and the seed (the random draw for step k uses seed and k), so a session log
/// records it and replay needs no selector. Thread-safe.
/// </summary>
public sealed class CatSelector : IAdaptiveSelector
{
    private readonly CatEngine _engine;
    private readonly Dictionary<string, int> _index;
    private readonly double[] _x;
    private readonly double[] _logW;

    /// <summary>Creates a selector over a calibrated bank (item ids must match the session form's items).</summary>
    /// <param name="engine">The engine (bank and options).</param>
    public CatSelector(CatEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _index = engine.Bank.Select((b, i) => (b.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var (x, w) = engine.Options.Quadrature.Build();
        _x = x;
        _logW = [.. w.Select(v => Math.Log(Math.Max(v, 1e-300)))];
    }

    /// <summary>The last ability estimate for a history: (EAP θ, posterior SD).</summary>
    /// <param name="history">Responses so far.</param>
    public (double Theta, double Se) Estimate(IReadOnlyList<AdaptiveResponse> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var logPost = (double[])_logW.Clone();
        foreach (var h in history)
        {
            if (!_index.TryGetValue(h.ItemId, out int i)) continue;
            var item = _engine.Bank[i];
            int k = Category(h, item.Categories);
            for (int q = 0; q < _x.Length; q++) logPost[q] += Math.Log(Math.Max(item.Probabilities(_x[q])[k], 1e-300));
        }

        double max = logPost.Max(), s = 0, sx = 0, sxx = 0;
        for (int q = 0; q < _x.Length; q++) { double v = Math.Exp(logPost[q] - max); s += v; sx += v * _x[q]; }
        double mean = sx / s;
        for (int q = 0; q < _x.Length; q++) { double v = Math.Exp(logPost[q] - max); double d = _x[q] - mean; sxx += v * d * d; }
        return (mean, Math.Sqrt(sxx / s));
    }

    private static int Category(AdaptiveResponse h, int categories)
    {
        if (h.Status is ResponseStatus.NoResponse or ResponseStatus.Invalid || h.MaxScore <= 0) return 0;
        double share = (double)(h.Score / h.MaxScore);
        return Math.Clamp((int)Math.Round(share * (categories - 1), MidpointRounding.AwayFromZero), 0, categories - 1);
    }

    /// <inheritdoc />
    public string? SelectNext(IReadOnlyList<AdaptiveResponse> history, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(history);
        var o = _engine.Options;
        if (history.Count >= o.MaxLength) return null;
        var (theta, se) = Estimate(history);
        if (history.Count >= o.MinLength && o.SeTarget is double t && se <= t) return null;
        var used = new bool[_engine.Bank.Length];
        var areas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var h in history)
        {
            if (!_index.TryGetValue(h.ItemId, out int i)) continue;
            used[i] = true;
            if (_engine.Bank[i].ContentArea is string a) areas[a] = areas.GetValueOrDefault(a) + 1;
        }

        var random = new Random(unchecked((int)(seed ^ (seed >> 32)) * 31 + history.Count));
        int next = _engine.Select(theta, used, areas, history.Count, random);
        return next < 0 ? null : _engine.Bank[next].Id;
    }
}
