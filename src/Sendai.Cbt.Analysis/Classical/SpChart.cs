using System.Collections.Immutable;

namespace Sendai.Cbt.Analysis.Classical;

/// <summary>Sato's six student zones of the S-P chart (primes mark a caution index of 0.5 or more).</summary>
public enum StudentZone
{
    /// <summary>Rate ≥ 75%, caution &lt; 0.5: stable, high.</summary>
    A,
    /// <summary>Rate ≥ 75%, caution ≥ 0.5: careless mistakes.</summary>
    APrime,
    /// <summary>50% ≤ rate &lt; 75%, caution &lt; 0.5.</summary>
    B,
    /// <summary>50% ≤ rate &lt; 75%, caution ≥ 0.5: unstable learning.</summary>
    BPrime,
    /// <summary>Rate &lt; 50%, caution &lt; 0.5: needs support.</summary>
    C,
    /// <summary>Rate &lt; 50%, caution ≥ 0.5: unstable and low.</summary>
    CPrime,
}

/// <summary>Item zones of the S-P chart.</summary>
public enum ProblemZone
{
    /// <summary>Rate ≥ 50%, caution &lt; 0.5.</summary>
    A,
    /// <summary>Rate ≥ 50%, caution ≥ 0.5: heterogeneous, check the item.</summary>
    APrime,
    /// <summary>Rate &lt; 50%, caution &lt; 0.5.</summary>
    B,
    /// <summary>Rate &lt; 50%, caution ≥ 0.5: check the item and teaching.</summary>
    BPrime,
}

/// <summary>A student row of the S-P chart.</summary>
/// <param name="Row">Index of the row in the input matrix.</param>
/// <param name="Id">Person id, or null.</param>
/// <param name="Total">Score: sum of score/max over items (the number correct for 0/1 items).</param>
/// <param name="Caution">Sato's caution index.</param>
/// <param name="Zone">Zone from the rate and the caution index.</param>
public sealed record SpStudent(int Row, string? Id, double Total, double Caution, StudentZone Zone);

/// <summary>An item column of the S-P chart.</summary>
/// <param name="Column">Index of the item in the input matrix.</param>
/// <param name="Id">Item id.</param>
/// <param name="Total">Number of students correct (sum of score/max).</param>
/// <param name="Caution">Sato's caution index for the item.</param>
/// <param name="Zone">Zone from the rate and the caution index.</param>
public sealed record SpProblem(int Column, string Id, double Total, double Caution, ProblemZone Zone);

/// <summary>The S-P表 (student–problem chart) of Sato (1975).</summary>
/// <param name="Students">Students sorted by total (descending; ties by the caution index, then by input row).</param>
/// <param name="Problems">Items sorted by number correct (descending; ties by caution, then by input column).</param>
/// <param name="Cells">Scores as score/max, in chart order: <c>Cells[s][p]</c> is student <c>Students[s]</c> on item <c>Problems[p]</c>.</param>
/// <param name="Area">Number of cells between the S curve and the P curve (0/1 data; NaN otherwise).</param>
/// <param name="Disparity">Sato's disparity index D* = Area / A_B, A_B being the expected area for random responses with the same mean (NaN unless 0/1 data).</param>
public sealed record SpChartResult(ImmutableArray<SpStudent> Students, ImmutableArray<SpProblem> Problems, ImmutableArray<ImmutableArray<double>> Cells, double Area, double Disparity);

/// <summary>
/// Computes the S-P chart. Each cell is u = score / max (0 for no response and for not administered; S-P analysis
/// assumes a common form). Rows with a frequency weight are repeated (weights must be whole numbers).
/// Caution index of student i with total y (items ordered by their totals p₁ ≥ p₂ ≥ …, p̄ their mean):
/// C = 1 − (Σⱼ uᵢⱼ pⱼ − y p̄) / (Σ_{j ≤ y} pⱼ − y p̄); 0 when the denominator is 0 (perfect or zero scores).
/// The item caution index is the same formula with the roles of students and items exchanged.
/// </summary>
public static class SpChart
{
    /// <summary>Computes the chart. <paramref name="seed"/> drives the simulation of A_B for the disparity index (<paramref name="replications"/> random charts).</summary>
    public static SpChartResult Compute(ScoreMatrix matrix, int seed = 20240401, int replications = 200)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (replications < 1) throw new ArgumentOutOfRangeException(nameof(replications), "replications must be at least 1");
        var rows = new List<int>();
        for (int i = 0; i < matrix.PersonCount; i++)
        {
            double w = matrix.Weight(i);
            if (w != Math.Floor(w)) throw new ArgumentException("S-P chart needs whole-number weights (each weight repeats a row)", nameof(matrix));
            for (int r = 0; r < (int)w; r++) rows.Add(i);
        }
        int n = rows.Count, m = matrix.ItemCount;
        var u = new double[n][];
        bool binary = true;
        for (int s = 0; s < n; s++)
        {
            u[s] = new double[m];
            for (int j = 0; j < m; j++)
            {
                double v = matrix.Score(rows[s], j) / matrix.Items[j].MaxPoints;
                u[s][j] = v;
                if (v != 0 && v != 1) binary = false;
            }
        }
        var y = u.Select(r => r.Sum()).ToArray();
        var p = Enumerable.Range(0, m).Select(j => u.Sum(r => r[j])).ToArray();
        var studentC = new double[n];
        var pSorted = p.OrderByDescending(v => v).ToArray();
        double pBar = m > 0 ? p.Average() : 0;
        for (int s = 0; s < n; s++) studentC[s] = Caution(u[s], p, pSorted, pBar, y[s]);
        var ySorted = y.OrderByDescending(v => v).ToArray();
        double yBar = n > 0 ? y.Average() : 0;
        var itemC = new double[m];
        var col = new double[n];
        for (int j = 0; j < m; j++)
        {
            for (int s = 0; s < n; s++) col[s] = u[s][j];
            itemC[j] = Caution(col, y, ySorted, yBar, p[j]);
        }
        var sOrder = Enumerable.Range(0, n).OrderByDescending(s => y[s]).ThenBy(s => studentC[s]).ThenBy(s => rows[s]).ThenBy(s => s).ToArray();
        var pOrder = Enumerable.Range(0, m).OrderByDescending(j => p[j]).ThenBy(j => itemC[j]).ThenBy(j => j).ToArray();
        var students = sOrder.Select(s => new SpStudent(rows[s], matrix.PersonIds[rows[s]], y[s], studentC[s], Zone(m > 0 ? y[s] / m : 0, studentC[s]))).ToImmutableArray();
        var problems = pOrder.Select(j => new SpProblem(j, matrix.Items[j].Id, p[j], itemC[j], ItemZone(n > 0 ? p[j] / n : 0, itemC[j]))).ToImmutableArray();
        var cells = sOrder.Select(s => pOrder.Select(j => u[s][j]).ToImmutableArray()).ToImmutableArray();
        double area = double.NaN, disparity = double.NaN;
        if (binary && n > 0 && m > 0)
        {
            area = Area(y.Select(v => (int)v).ToArray(), p.Select(v => (int)v).ToArray());
            double pMean = y.Sum() / ((double)n * m);
            var rng = new Random(seed);
            double sum = 0;
            var yy = new int[n];
            var pp = new int[m];
            for (int r = 0; r < replications; r++)
            {
                Array.Clear(yy);
                Array.Clear(pp);
                for (int s = 0; s < n; s++)
                    for (int j = 0; j < m; j++)
                        if (rng.NextDouble() < pMean) { yy[s]++; pp[j]++; }
                sum += Area(yy, pp);
            }
            double ab = sum / replications;
            disparity = ab > 0 ? area / ab : double.NaN;
        }
        return new SpChartResult(students, problems, cells, area, disparity);
    }

    /// <summary>Cells between the S curve (row totals, sorted descending) and the P curve (column totals, sorted descending).</summary>
    internal static double Area(int[] rowTotals, int[] colTotals)
    {
        var ys = rowTotals.OrderByDescending(v => v).ToArray();
        var ps = colTotals.OrderByDescending(v => v).ToArray();
        long a = 0;
        for (int i = 0; i < ys.Length; i++)
            for (int j = 0; j < ps.Length; j++)
                if ((j < ys[i]) != (i < ps[j])) a++;
        return a;
    }

    private static double Caution(double[] u, double[] weights, double[] sortedWeights, double mean, double total)
    {
        double obs = 0;
        for (int j = 0; j < u.Length; j++) obs += u[j] * weights[j];
        // Guttman pattern with the same total: the heaviest columns first (fractional for partial credit)
        double ideal = 0, left = total;
        for (int j = 0; j < sortedWeights.Length && left > 0; j++) { double take = Math.Min(1, left); ideal += take * sortedWeights[j]; left -= take; }
        double den = ideal - total * mean;
        if (Math.Abs(den) < 1e-12) return 0;
        return 1 - (obs - total * mean) / den;
    }

    private static StudentZone Zone(double rate, double c) => (rate >= 0.75, rate >= 0.5, c >= 0.5) switch
    {
        (true, _, false) => StudentZone.A,
        (true, _, true) => StudentZone.APrime,
        (false, true, false) => StudentZone.B,
        (false, true, true) => StudentZone.BPrime,
        (false, false, false) => StudentZone.C,
        _ => StudentZone.CPrime,
    };

    private static ProblemZone ItemZone(double rate, double c) => (rate >= 0.5, c >= 0.5) switch
    {
        (true, false) => ProblemZone.A,
        (true, true) => ProblemZone.APrime,
        (false, false) => ProblemZone.B,
        _ => ProblemZone.BPrime,
    };
}
