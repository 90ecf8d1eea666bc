using Sendai.Cbt.Analysis.Irt;

namespace Sendai.Cbt.Analysis.Tests;

internal static class Simulate
{
    public static double Normal(Random r)
    {
        double u1 = 1 - r.NextDouble(), u2 = r.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Responses of n persons (θ ~ N(0,1)) to the items; a cell is not administered with probability <paramref name="missing"/>.</summary>
    public static ScoreMatrix Data(IReadOnlyList<ItemParameters> items, int n, int seed, double missing = 0)
    {
        var rng = new Random(seed);
        var rows = new List<PersonRow>(n);
        for (int i = 0; i < n; i++)
        {
            double th = Normal(rng);
            var cells = new ScoreCell[items.Count];
            for (int j = 0; j < items.Count; j++)
            {
                var p = items[j].Probabilities(th);
                double u = rng.NextDouble(), acc = 0;
                int k = 0;
                for (; k < p.Length - 1; k++) { acc += p[k]; if (u < acc) break; }
                cells[j] = rng.NextDouble() < missing ? ScoreCell.NotAdministered : ScoreCell.Scored(k);
            }
            rows.Add(new PersonRow($"s{i}", [.. cells]));
        }
        return ScoreMatrix.Create(items.Select(it => new ItemColumn(it.Id, it.Categories - 1)), rows);
    }

    public static ItemParameters[] TwoPl(int m, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, m).Select(j => ItemParameters.FromIrt($"i{j + 1}", IrtModel.TwoPL, Math.Exp(0.25 * Normal(rng)), [Math.Clamp(Normal(rng), -2, 2)]))];
    }
}
