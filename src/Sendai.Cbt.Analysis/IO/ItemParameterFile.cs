using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Sendai.Cbt.Analysis.Irt;

namespace Sendai.Cbt.Analysis.IO;

/// <summary>
/// Reads item parameter files (an item bank for adaptive testing or anchors for linking).
/// JSON: an array of items, or an object with an <c>items</c> array (the output of <c>cbt irt --json</c> works as is);
/// each item has <c>id</c>, <c>a</c>, <c>d</c> (a number or a list of intercepts), optional <c>c</c> (guessing),
/// <c>model</c> (default <c>2pl</c>, <c>grm</c> makes the intercepts cumulative) and <c>area</c> (content area).
/// CSV: header <c>id,model,a,d,c,area</c> (model, c and area optional), several intercepts separated by <c>;</c>.
/// Problems are reported with their position in one <see cref="FormatException"/>.
/// </summary>
public static class ItemParameterFile
{
    /// <summary>Reads a .json or .csv file (by extension).</summary>
    public static ImmutableArray<ItemParameters> ReadFile(string path)
    {
        string text = File.ReadAllText(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ParseJson(text) : ParseCsv(text);
    }

    /// <summary>Parses the JSON form.</summary>
    public static ImmutableArray<ItemParameters> ParseJson(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new FormatException($"invalid JSON: {e.Message}", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items)) root = items;
            if (root.ValueKind != JsonValueKind.Array) throw new FormatException("expected an array of items or an object with an 'items' array");
            var result = new List<ItemParameters>();
            var problems = new List<string>();
            int i = 0;
            foreach (var e in root.EnumerateArray())
            {
                i++;
                try
                {
                    string id = e.GetProperty("id").GetString() ?? throw new FormatException("id is null");
                    var model = IrtModel.TwoPL;
                    if (e.TryGetProperty("model", out var m) && !IrtModelNames.TryParse(m.GetString(), out model)) throw new FormatException($"unknown model '{m.GetString()}'");
                    double a = e.GetProperty("a").GetDouble();
                    var dEl = e.GetProperty("d");
                    ImmutableArray<double> d = dEl.ValueKind == JsonValueKind.Array ? [.. dEl.EnumerateArray().Select(x => x.GetDouble())] : [dEl.GetDouble()];
                    double c = e.TryGetProperty("c", out var cEl) ? cEl.GetDouble() : 0;
                    string? area = e.TryGetProperty("area", out var ar) && ar.ValueKind == JsonValueKind.String ? ar.GetString() : null;
                    result.Add(new ItemParameters(id, model, a, d, c) { ContentArea = area });
                }
                catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    problems.Add($"item {i}: {ex.Message}");
                }
            }
            return Check(result, problems);
        }
    }

    /// <summary>Parses the CSV form.</summary>
    public static ImmutableArray<ItemParameters> ParseCsv(string csv)
    {
        var lines = csv.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim().Length == 0) throw new FormatException("the CSV is empty");
        var head = ScoreMatrixCsv.Split(lines[0].TrimStart('\uFEFF')).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Col(string n) => head.IndexOf(n);
        int id = Col("id"), model = Col("model"), a = Col("a"), d = Col("d"), c = Col("c"), area = Col("area");
        if (id < 0 || a < 0 || d < 0) throw new FormatException("line 1: columns id, a and d are required");
        var result = new List<ItemParameters>();
        var problems = new List<string>();
        var inv = CultureInfo.InvariantCulture;
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0) continue;
            var f = ScoreMatrixCsv.Split(lines[n]);
            if (f.Count != head.Count) { problems.Add($"line {n + 1}: expected {head.Count} fields"); continue; }
            var m = IrtModel.TwoPL;
            if (model >= 0 && f[model].Trim().Length > 0 && !IrtModelNames.TryParse(f[model], out m)) { problems.Add($"line {n + 1}: unknown model '{f[model]}'"); continue; }
            if (!double.TryParse(f[a], NumberStyles.Float, inv, out double av)) { problems.Add($"line {n + 1}: a is not a number"); continue; }
            var ds = f[d].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var dv = new List<double>();
            foreach (var s in ds) if (double.TryParse(s, NumberStyles.Float, inv, out double v)) dv.Add(v); else problems.Add($"line {n + 1}: d '{s}' is not a number");
            double cv = 0;
            if (c >= 0 && f[c].Trim().Length > 0 && !double.TryParse(f[c], NumberStyles.Float, inv, out cv)) { problems.Add($"line {n + 1}: c is not a number"); continue; }
            string? ar = area >= 0 && f[area].Trim().Length > 0 ? f[area].Trim() : null;
            result.Add(new ItemParameters(f[id].Trim(), m, av, [.. dv], cv) { ContentArea = ar });
        }
        return Check(result, problems);
    }

    private static ImmutableArray<ItemParameters> Check(List<ItemParameters> items, List<string> problems)
    {
        foreach (var it in items) it.Validate(problems);
        foreach (var g in items.GroupBy(x => x.Id).Where(g => g.Count() > 1)) problems.Add($"item '{g.Key}' appears twice");
        if (items.Count == 0) problems.Add("no items");
        if (problems.Count > 0) throw new FormatException(string.Join(Environment.NewLine, problems.Take(50)));
        return [.. items];
    }
}
