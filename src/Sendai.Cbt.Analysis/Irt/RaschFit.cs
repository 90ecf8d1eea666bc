using System.Collections.Immutable;

namespace Sendai.Cbt.Analysis.Irt;

/// <summary>Mean-square fit of an item or a person.</summary>
/// <param name="Id">Item id or person id (row index when unknown).</param>
/// <param name="Outfit">Unweighted mean square: mean of z² over responses.</param>
/// <param name="Infit">Information-weighted mean square: Σ(x − E)² / ΣVar.</param>
/// <param name="Count">Number of responses used (sum of weights).</param>
public sealed record FitStatistics(string Id, double Outfit, double Infit, double Count);

/// <summary>
/// Infit and outfit mean squares (Wright and Masters) for the Rasch family, given person estimates. Persons with an
/// extreme raw score (all minimum or all maximum over their administered items) are left out, as eRm does.
/// Unanswered cells count as category 0; not-administered cells are skipped.
/// </summary>
public static class RaschFit
{
    /// <summary>Item fit.</summary>
    public static ImmutableArray<FitStatistics> Items(ScoreMatrix data, IReadOnlyList<ItemParameters> items, IReadOnlyList<double> thetas) =>
        Compute(data, items, thetas, byItem: true);

    /// <summary>Person fit (one row per matrix row).</summary>
    public static ImmutableArray<FitStatistics> Persons(ScoreMatrix data, IReadOnlyList<ItemParameters> items, IReadOnlyList<double> thetas) =>
        Compute(data, items, thetas, byItem: false);

    private static ImmutableArray<FitStatistics> Compute(ScoreMatrix data, IReadOnlyList<ItemParameters> items, IReadOnlyList<double> thetas, bool byItem)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(thetas);
        if (thetas.Count != data.PersonCount) throw new ArgumentException("one θ per row is needed", nameof(thetas));
        var col = items.Select(it => data.Items.Select((c, i) => (c, i)).Where(t => t.c.Id == it.Id).Select(t => t.i).DefaultIfEmpty(-1).First()).ToArray();
        if (col.Any(c => c < 0)) throw new ArgumentException("every item must be a column of the data", nameof(items));
        int groups = byItem ? items.Count : data.PersonCount;
        var z2 = new double[groups]; var res2 = new double[groups]; var var = new double[groups]; var cnt = new double[groups];
        for (int i = 0; i < data.PersonCount; i++)
        {
            double raw = 0, max = 0;
            for (int j = 0; j < items.Count; j++)
            {
                if (data.Status(i, col[j]) == CellStatus.NotAdministered) continue;
                raw += data.Score(i, col[j]);
                max += items[j].Categories - 1;
            }
            if (max == 0 || raw == 0 || raw == max) continue;
            double w = data.Weight(i);
            for (int j = 0; j < items.Count; j++)
            {
                if (data.Status(i, col[j]) == CellStatus.NotAdministered) continue;
                var p = items[j].Probabilities(thetas[i]);
                double e = 0, e2 = 0;
                for (int k = 0; k < p.Length; k++) { e += k * p[k]; e2 += k * k * p[k]; }
                double v = e2 - e * e;
                double x = data.Score(i, col[j]);
                int g = byItem ? j : i;
                z2[g] += w * (x - e) * (x - e) / v;
                res2[g] += w * (x - e) * (x - e);
                var[g] += w * v;
                cnt[g] += w;
            }
        }
        return [.. Enumerable.Range(0, groups).Select(g => new FitStatistics(
            byItem ? items[g].Id : data.PersonIds[g] ?? g.ToString(System.Globalization.CultureInfo.InvariantCulture),
            cnt[g] > 0 ? z2[g] / cnt[g] : double.NaN, var[g] > 0 ? res2[g] / var[g] : double.NaN, cnt[g]))];
    }
}
