using System.Collections.Immutable;
using System.Globalization;

namespace Sendai.Cbt.Analysis.IO;

/// <summary>
/// Reads a response CSV: a header row of item ids, then one row per person or per response pattern. Optional columns:
/// <c>freq</c> (a frequency weight: the row stands for that many students) and <c>id</c> (person id). Cells hold scores
/// (0..k); an empty cell means not administered; <c>NR</c> means presented but unanswered (無解答). Each item's maximum
/// points is the largest score in its column (at least 1). Errors are reported with line numbers in one
/// <see cref="FormatException"/>.
/// </summary>
public static class ScoreMatrixCsv
{
    /// <summary>Parses CSV text.</summary>
    public static ScoreMatrix Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        if (header is null) throw new FormatException("the CSV is empty");
        var cols = Split(header.TrimStart('\uFEFF'));
        int freqCol = cols.FindIndex(c => c.Equals("freq", StringComparison.OrdinalIgnoreCase));
        int idCol = cols.FindIndex(c => c.Equals("id", StringComparison.OrdinalIgnoreCase));
        var itemCols = Enumerable.Range(0, cols.Count).Where(i => i != freqCol && i != idCol).ToArray();
        var problems = new List<string>();
        if (itemCols.Length == 0) problems.Add("line 1: no item columns");
        var rows = new List<(string? Id, ScoreCell[] Cells, double W)>();
        string? line;
        int lineNo = 1;
        var max = new double[itemCols.Length];
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            var f = Split(line);
            if (f.Count != cols.Count) { problems.Add($"line {lineNo}: expected {cols.Count} fields, got {f.Count}"); continue; }
            double w = 1;
            if (freqCol >= 0 && (!double.TryParse(f[freqCol], NumberStyles.Float, CultureInfo.InvariantCulture, out w) || !(w > 0)))
            { problems.Add($"line {lineNo}: freq must be a positive number"); continue; }
            var cells = new ScoreCell[itemCols.Length];
            for (int j = 0; j < itemCols.Length; j++)
            {
                string v = f[itemCols[j]].Trim();
                if (v.Length == 0) cells[j] = ScoreCell.NotAdministered;
                else if (v.Equals("NR", StringComparison.OrdinalIgnoreCase)) cells[j] = ScoreCell.NoResponse;
                else if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s) && s >= 0)
                {
                    cells[j] = ScoreCell.Scored(s);
                    max[j] = Math.Max(max[j], s);
                }
                else problems.Add($"line {lineNo}, column '{cols[itemCols[j]]}': '{v}' is not a score, empty or NR");
            }
            rows.Add((idCol >= 0 ? f[idCol] : null, cells, w));
        }
        if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems.Take(50)));
        var items = itemCols.Select((c, j) => new ItemColumn(cols[c].Trim(), Math.Max(1, max[j])));
        try
        {
            return ScoreMatrix.Create(items, rows.Select(r => new PersonRow(r.Id, [.. r.Cells], r.W)));
        }
        catch (ArgumentException e) { throw new FormatException(e.Message, e); }
    }

    /// <summary>Reads a CSV file.</summary>
    public static ScoreMatrix ReadFile(string path)
    {
        using var r = new StreamReader(path);
        return Read(r);
    }

    internal static List<string> Split(string line)
    {
        var result = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cur.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { result.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(ch);
        }
        result.Add(cur.ToString());
        return result;
    }
}
