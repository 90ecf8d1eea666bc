using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sendai.Cbt.Analysis.Results;

/// <summary>
/// Reads and writes the outputs of <c>cbt analyze</c>: analysis.json (schema <c>sendai-cbt/analysis</c> version 1,
/// snake_case keys, undefined statistics as null; see docs/analysis.md) and the CSV files items-analysis.csv,
/// students-analysis.csv and sp-chart.csv (UTF-8 with BOM for Excel).
/// </summary>
public static class AnalysisFiles
{
    /// <summary>File name of the JSON report.</summary>
    public const string JsonFile = "analysis.json";
    /// <summary>Per-item CSV.</summary>
    public const string ItemsCsv = "items-analysis.csv";
    /// <summary>Per-student CSV.</summary>
    public const string StudentsCsv = "students-analysis.csv";
    /// <summary>S-P chart CSV.</summary>
    public const string SpChartCsv = "sp-chart.csv";

    /// <summary>Largest analysis.json read (64 MiB).</summary>
    public const long MaxJsonBytes = 64L << 20;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new NanAsNullConverter() },
        MaxDepth = 16,
    };

    /// <summary>Serialises a report as analysis.json text.</summary>
    /// <param name="report">The report.</param>
    public static string ToJson(ResultAnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Json);
    }

    /// <summary>Parses analysis.json text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="InvalidDataException">Not JSON, another schema or an unsupported version, or required parts missing.</exception>
    public static ResultAnalysisReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using (var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 }))
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("schema", out var schema) || schema.ValueKind != JsonValueKind.String || schema.GetString() != ResultAnalysisReport.SchemaName)
                    throw new InvalidDataException($"not an analysis file (schema must be \"{ResultAnalysisReport.SchemaName}\")");
                if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int version) || version != ResultAnalysisReport.CurrentVersion)
                    throw new InvalidDataException($"unsupported analysis schema version (this library reads version {ResultAnalysisReport.CurrentVersion})");
            }
            var report = JsonSerializer.Deserialize<ResultAnalysisReport>(json, Json) ?? throw new InvalidDataException("analysis file is empty");
            if (report.Test is null || report.Items.IsDefault || report.Students.IsDefault || report.FormId is null)
                throw new InvalidDataException("analysis file lacks form_id, test, items or students");
            if (report.Students.Any(s => s is null || s.Id is null || s.Statuses is null || s.Statuses.Length != report.Items.Length || s.Subscores.IsDefault))
                throw new InvalidDataException("analysis file: a student record does not match the items");
            return report with { Warnings = report.Warnings.IsDefault ? [] : report.Warnings, Groups = report.Groups.IsDefault ? [] : report.Groups, Distribution = report.Distribution.IsDefault ? [] : report.Distribution };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"analysis file is not valid: {e.Message}", e);
        }
    }

    /// <summary>Reads analysis.json from a folder or a file path.</summary>
    /// <param name="path">A folder containing analysis.json, or the file itself.</param>
    /// <exception cref="FileNotFoundException">No analysis.json.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid analysis (see <see cref="FromJson"/>) or is too large.</exception>
    public static ResultAnalysisReport Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Directory.Exists(path) ? Path.Combine(path, JsonFile) : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"analysis file not found: {file}", file);
        if (new FileInfo(file).Length > MaxJsonBytes) throw new InvalidDataException($"analysis file is larger than {MaxJsonBytes >> 20} MiB");
        string text;
        try
        {
            text = File.ReadAllText(file, new UTF8Encoding(false, true));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException("analysis file is not UTF-8", e);
        }
        return FromJson(text);
    }

    /// <summary>Writes analysis.json and the three CSV files into <paramref name="directory"/> (created when missing).</summary>
    /// <param name="report">The report.</param>
    /// <param name="directory">Output folder.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(ResultAnalysisReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var files = new[] { JsonFile, ItemsCsv, StudentsCsv, SpChartCsv }.Select(f => Path.Combine(directory, f)).ToArray();
        File.WriteAllText(files[0], ToJson(report), new UTF8Encoding(false));
        var bom = new UTF8Encoding(true);
        using (var w = new StreamWriter(files[1], false, bom)) WriteItemsCsv(report, w);
        using (var w = new StreamWriter(files[2], false, bom)) WriteStudentsCsv(report, w);
        using (var w = new StreamWriter(files[3], false, bom)) WriteSpChartCsv(report, w);
        return files;
    }

    /// <summary>items-analysis.csv: one row per item in form order.</summary>
    /// <param name="report">The report.</param>
    /// <param name="w">Target.</param>
    public static void WriteItemsCsv(ResultAnalysisReport report, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        Line(w, ["item_id", "index", "type", "section", "viewpoint", "domain", "format", "max_score", "analyzed", "students", "correct", "partial", "wrong",
            "no_response", "pending", "correct_rate", "no_response_rate", "mean_score", "p", "sd", "item_total", "item_rest", "upper_lower",
            "alpha_if_deleted", "irt_model", "irt_a", "irt_b", "irt_se_b", "sp_caution", "sp_zone", "flags"]);
        foreach (var i in report.Items)
        {
            Line(w, [i.Id, I(i.Index), i.Type, i.Section, i.Viewpoint ?? "", i.Domain ?? "", i.Format, D(i.MaxScore), i.Analyzed ? "1" : "0", I(i.Students),
                I(i.Correct), I(i.Partial), I(i.Wrong), I(i.NoResponse), I(i.Pending), F(i.CorrectRate), F(i.NoResponseRate), F(i.MeanScore),
                F(i.Difficulty), F(i.Sd), F(i.ItemTotal), F(i.ItemRest), F(i.UpperLower), F(i.AlphaIfDeleted), i.Irt?.Model ?? "", i.Irt is null ? "" : F(i.Irt.A),
                i.Irt is null ? "" : string.Join(';', i.Irt.B.Select(F)), i.Irt is null ? "" : string.Join(';', i.Irt.SeB.Select(F)),
                F(i.SpCaution), i.SpZone ?? "", string.Join(';', i.Flags)]);
        }
    }

    /// <summary>students-analysis.csv: one row per student in input order, subscores and 観点別 grades at the end.</summary>
    /// <param name="report">The report.</param>
    /// <param name="w">Target.</param>
    public static void WriteStudentsCsv(ResultAnalysisReport report, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        var subKeys = report.Students.FirstOrDefault()?.Subscores ?? [];
        var header = new List<string> { "student_id", "score", "max_score", "percent", "no_response", "pending", "rank", "hensachi", "theta", "theta_se", "scale_score", "scale_se", "band", "sp_caution", "sp_zone", "statuses" };
        header.AddRange(subKeys.Select(s => $"{s.Kind}:{s.Key}"));
        header.AddRange(subKeys.Where(s => s.Grade is not null).Select(s => $"grade:{s.Key}"));
        Line(w, header);
        foreach (var s in report.Students)
        {
            var cells = new List<string> { s.Id, D(s.Score), D(s.MaxScore), D(s.Percent), I(s.NoResponses), I(s.Pending), I(s.Rank), F(s.Hensachi, "0.0"),
                F(s.Theta), F(s.ThetaSe), F(s.ScaleScore, "0"), F(s.ScaleSe, "0"), s.Band?.ToString(Inv) ?? "", F(s.SpCaution), s.SpZone ?? "", s.Statuses };
            cells.AddRange(s.Subscores.Select(x => D(x.Score)));
            cells.AddRange(s.Subscores.Where(x => x.Grade is not null).Select(x => x.Grade!));
            Line(w, cells);
        }
    }

    /// <summary>sp-chart.csv: students sorted by score (rows) × items sorted by correct count (columns), cells score/max, then the item totals and caution indices.</summary>
    /// <param name="report">The report.</param>
    /// <param name="w">Target.</param>
    public static void WriteSpChartCsv(ResultAnalysisReport report, TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(w);
        var sp = report.SpChart;
        if (sp is null) { Line(w, ["student_id", "total", "caution"]); return; }
        Line(w, ["student_id", "total", "caution", .. sp.Items]);
        for (int r = 0; r < sp.Students.Length; r++)
            Line(w, [sp.Students[r], F(sp.StudentTotals[r]), F(sp.StudentCaution[r]), .. sp.Cells[r].Select(F)]);
        Line(w, ["(total)", "", "", .. sp.ItemTotals.Select(F)]);
        Line(w, ["(caution)", "", "", .. sp.ItemCaution.Select(F)]);
    }

    private static string I(int v) => v.ToString(Inv);
    private static string D(decimal v) => v.ToString("0.####", Inv);
    private static string F(double v) => F(v, "0.####");
    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "";

    private static void Line(TextWriter w, IEnumerable<string> cells)
    {
        w.Write(string.Join(',', cells.Select(Escape)));
        w.Write('\n');
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>NaN and infinities are written as null and read back as NaN.</summary>
    private sealed class NanAsNullConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(Math.Round(value, 6));
            else writer.WriteNullValue();
        }
    }
}
