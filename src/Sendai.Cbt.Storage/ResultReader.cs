using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using MessagePack;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Storage;

/// <summary>One student row of a results file.</summary>
/// <param name="Id">Student id.</param>
/// <param name="Statuses">One status per item of <see cref="StoredResults.ItemIds"/>.</param>
/// <param name="Scores">One weighted score per item (0 where the file has none).</param>
public sealed record StoredStudent(string Id, ImmutableArray<ResponseStatus> Statuses, ImmutableArray<decimal> Scores);

/// <summary>The outputs of <c>cbt grade</c> read back (results.msgpack or results.csv, plus items.msgpack when present).</summary>
/// <param name="Source">The file read.</param>
/// <param name="FormId">Form id recorded in the file (null for results.csv, which does not record it).</param>
/// <param name="FormVersion">Form version, or null.</param>
/// <param name="ItemIds">Item ids in file order.</param>
/// <param name="Students">Accepted rows in file order.</param>
/// <param name="Answers">Answer distributions by item id from items.msgpack (empty when absent).</param>
/// <param name="Diagnostics">Problems found (codes CBT0700–CBT0702).</param>
public sealed record StoredResults(string Source, string? FormId, string? FormVersion, ImmutableArray<string> ItemIds, ImmutableArray<StoredStudent> Students,
    ImmutableDictionary<string, ImmutableArray<AnswerCount>> Answers, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>
    /// The students with statuses and scores in the order of <paramref name="form"/>'s items. A form item missing from
    /// the results is pending for everyone (CBT0701); a results item the form does not have is ignored (CBT0701).
    /// </summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="diagnostics">Mismatch diagnostics.</param>
    public ImmutableArray<StoredStudent> AlignTo(CompiledForm form, out ImmutableArray<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(form);
        var diags = new List<Diagnostic>();
        if (FormId is not null && FormId != form.Form.Id)
            diags.Add(new Diagnostic(DiagnosticCodes.ResultFormMismatch, Severity.Warning, Source, 0, 0, $"results were written for form '{FormId}', not '{form.Form.Id}'"));
        var map = new int[form.Items.Length];
        for (int i = 0; i < map.Length; i++)
        {
            map[i] = ItemIds.IndexOf(form.Items[i].Id);
            if (map[i] < 0) diags.Add(new Diagnostic(DiagnosticCodes.ResultFormMismatch, Severity.Warning, Source, 0, 0, $"form item '{form.Items[i].Id}' is not in the results; treated as pending"));
        }
        foreach (var id in ItemIds.Where(id => form.IndexOf(id) < 0))
            diags.Add(new Diagnostic(DiagnosticCodes.ResultFormMismatch, Severity.Warning, Source, 0, 0, $"results item '{id}' is not in form '{form.Form.Id}'; ignored"));
        diagnostics = [.. diags];
        return [.. Students.Select(s => new StoredStudent(s.Id,
            [.. map.Select(k => k < 0 ? ResponseStatus.Pending : s.Statuses[k])],
            [.. map.Select(k => k < 0 ? 0m : s.Scores[k])]))];
    }
}

/// <summary>Reads the result files written by <see cref="Grader.WriteOutputs"/> (docs/formats.md). Corrupt input gives diagnostics, never exceptions.</summary>
public static class ResultReader
{
    /// <summary>Most items accepted in a results file.</summary>
    public const int MaxItems = 10_000;

    /// <summary>
    /// Reads a results folder: results.msgpack when present, otherwise results.csv; answer distributions from
    /// items.msgpack when present. Returns null when neither results file exists.
    /// </summary>
    /// <param name="directory">The folder written by <c>cbt grade --out</c>.</param>
    public static StoredResults? ReadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string pack = Path.Combine(directory, "results.msgpack"), csv = Path.Combine(directory, "results.csv"), items = Path.Combine(directory, "items.msgpack");
        StoredResults r;
        if (File.Exists(pack)) r = ReadPack(File.ReadAllBytes(pack), pack);
        else if (File.Exists(csv))
        {
            using var reader = new StreamReader(csv, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            r = ReadCsv(reader, csv);
        }
        else return null;
        if (File.Exists(items))
        {
            var (answers, d) = ReadItemsPack(File.ReadAllBytes(items), items);
            r = r with { Answers = answers, Diagnostics = r.Diagnostics.AddRange(d) };
        }
        return r;
    }

    private static Diagnostic Corrupt(string source, int line, string message) => new(DiagnosticCodes.ResultFileCorrupt, Severity.Error, source, line, 0, message);
    private static Diagnostic BadRow(string source, int line, string message) => new(DiagnosticCodes.ResultRowInvalid, Severity.Error, source, line, 0, message);

    /// <summary>Reads results.msgpack (schema <c>sendai-cbt/results</c> v1). Rows before any damage are kept.</summary>
    /// <param name="bytes">File content.</param>
    /// <param name="source">Name for diagnostics (Line = 1-based student record, 0 = header).</param>
    public static StoredResults ReadPack(ReadOnlyMemory<byte> bytes, string source)
    {
        var diags = new List<Diagnostic>();
        var students = ImmutableArray.CreateBuilder<StoredStudent>();
        string? formId = null, formVersion = null;
        var itemIds = ImmutableArray<string>.Empty;
        var r = new MessagePackReader(bytes);
        int record = 0;
        try
        {
            int top = r.ReadArrayHeader();
            if (top < 7 || r.ReadString() != "sendai-cbt/results") throw new FormatException("not a results file (schema sendai-cbt/results)");
            if (r.ReadInt32() != 1) throw new FormatException("unsupported results schema version (expected 1)");
            formId = r.TryReadNil() ? null : r.ReadString();
            formVersion = r.TryReadNil() ? null : r.ReadString();
            int m = r.ReadArrayHeader();
            if (m > MaxItems || m > bytes.Length) throw new FormatException($"too many items ({m})");
            var ids = new string[m];
            for (int i = 0; i < m; i++) ids[i] = r.ReadString() ?? throw new FormatException("item id is nil");
            itemIds = [.. ids];
            int mm = r.ReadArrayHeader();
            if (mm != m) throw new FormatException("maximum scores do not match the items");
            var max = new double[m];
            for (int i = 0; i < m; i++) max[i] = r.ReadDouble();
            int n = r.ReadArrayHeader();
            if (n > bytes.Length) throw new FormatException("student count exceeds the file size");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (record = 1; record <= n; record++)
            {
                int len = r.ReadArrayHeader();
                if (len < 6) { for (int k = 0; k < len; k++) r.Skip(); diags.Add(BadRow(source, record, "student record has fewer than 6 elements")); continue; }
                string? id = r.TryReadNil() ? null : r.ReadString();
                r.ReadDouble(); r.ReadDouble(); r.ReadDouble();
                int sc = r.ReadArrayHeader();
                if (sc > bytes.Length) throw new FormatException("score count exceeds the file size");
                var scores = new decimal[sc];
                bool bad = false;
                for (int i = 0; i < sc; i++)
                {
                    double v = r.ReadDouble();
                    if (!double.IsFinite(v) || v < 0 || (i < m && v > max[i] + 1e-9)) bad = true;
                    else scores[i] = (decimal)v;
                }
                var status = r.ReadBytes() is { } seq ? System.Buffers.BuffersExtensions.ToArray(seq) : [];
                for (int k = 6; k < len; k++) r.Skip();
                if (string.IsNullOrEmpty(id)) { diags.Add(BadRow(source, record, "student id is missing")); continue; }
                if (sc != m || status.Length != m) { diags.Add(BadRow(source, record, $"student '{id}': expected {m} scores and statuses")); continue; }
                if (bad) { diags.Add(BadRow(source, record, $"student '{id}': a score is not a number in [0, max]")); continue; }
                if (status.Any(b => b > (byte)ResponseStatus.Unscored)) { diags.Add(BadRow(source, record, $"student '{id}': unknown status byte")); continue; }
                if (!seen.Add(id)) { diags.Add(BadRow(source, record, $"duplicate student id '{id}'")); continue; }
                students.Add(new StoredStudent(id, [.. status.Select(b => (ResponseStatus)b)], [.. scores]));
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or FormatException or InvalidOperationException or OverflowException)
        {
            diags.Add(Corrupt(source, record, $"results file is truncated or corrupt{(students.Count > 0 ? $" after {students.Count} student(s)" : "")}: {e.Message}"));
        }
        return new StoredResults(source, formId, formVersion, itemIds, students.ToImmutable(), ImmutableDictionary<string, ImmutableArray<AnswerCount>>.Empty, [.. diags]);
    }

    /// <summary>Reads results.csv (it does not record the form id). Line numbers in diagnostics are CSV lines.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="source">Name for diagnostics.</param>
    public static StoredResults ReadCsv(TextReader text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diags = new List<Diagnostic>();
        var students = ImmutableArray.CreateBuilder<StoredStudent>();
        var csv = new CsvRecordReader(text);
        if (!csv.Next(out var header, out _, out var err) || header.Count == 0 || header[0].TrimStart('\uFEFF') != "student_id")
        {
            diags.Add(Corrupt(source, 1, err ?? "not a results.csv file (first column must be student_id)"));
            return new StoredResults(source, null, null, [], [], ImmutableDictionary<string, ImmutableArray<AnswerCount>>.Empty, [.. diags]);
        }
        var items = new List<(string Id, int Score, int Status)>();
        for (int c = 1; c < header.Count; c++)
        {
            if (!header[c].EndsWith(":status", StringComparison.Ordinal)) continue;
            string id = header[c][..^7];
            int sc = header.IndexOf(id);
            if (sc < 0) { diags.Add(Corrupt(source, 1, $"column '{header[c]}' has no score column '{id}'")); continue; }
            items.Add((id, sc, c));
        }
        if (items.Count == 0) diags.Add(Corrupt(source, 1, "no <item>:status columns"));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Next(out var f, out int line, out err))
        {
            if (f.Count == 1 && f[0].Length == 0) continue;
            if (f.Count != header.Count) { diags.Add(BadRow(source, line, $"expected {header.Count} cells, got {f.Count}")); continue; }
            string id = f[0];
            if (id.Length == 0) { diags.Add(BadRow(source, line, "student id is missing")); continue; }
            var st = new ResponseStatus[items.Count];
            var scores = new decimal[items.Count];
            string? problem = null;
            for (int k = 0; k < items.Count && problem is null; k++)
            {
                string code = f[items[k].Status];
                if (!ResponseStatusCodes.TryParse(code, out st[k])) { problem = $"unknown status '{code}' for item '{items[k].Id}'"; break; }
                string cell = f[items[k].Score];
                if (cell.Length == 0) continue;
                if (!decimal.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out scores[k]) || scores[k] < 0)
                    problem = $"score '{cell}' of item '{items[k].Id}' is not a number";
            }
            if (problem is not null) { diags.Add(BadRow(source, line, $"student '{id}': {problem}")); continue; }
            if (!seen.Add(id)) { diags.Add(BadRow(source, line, $"duplicate student id '{id}'")); continue; }
            students.Add(new StoredStudent(id, [.. st], [.. scores]));
        }
        if (err is not null) diags.Add(Corrupt(source, 0, err));
        return new StoredResults(source, null, null, [.. items.Select(i => i.Id)], students.ToImmutable(), ImmutableDictionary<string, ImmutableArray<AnswerCount>>.Empty, [.. diags]);
    }

    /// <summary>Reads the answer distributions of items.msgpack (schema <c>sendai-cbt/items</c> v1).</summary>
    /// <param name="bytes">File content.</param>
    /// <param name="source">Name for diagnostics.</param>
    public static (ImmutableDictionary<string, ImmutableArray<AnswerCount>> Answers, ImmutableArray<Diagnostic> Diagnostics) ReadItemsPack(ReadOnlyMemory<byte> bytes, string source)
    {
        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<AnswerCount>>(StringComparer.Ordinal);
        var r = new MessagePackReader(bytes);
        try
        {
            int top = r.ReadArrayHeader();
            if (top < 5 || r.ReadString() != "sendai-cbt/items") throw new FormatException("not an items file (schema sendai-cbt/items)");
            if (r.ReadInt32() != 1) throw new FormatException("unsupported items schema version (expected 1)");
            r.Skip(); r.Skip();
            int n = r.ReadArrayHeader();
            if (n > MaxItems) throw new FormatException($"too many items ({n})");
            for (int i = 0; i < n; i++)
            {
                int fields = r.ReadMapHeader();
                string? id = null;
                var answers = ImmutableArray<AnswerCount>.Empty;
                for (int k = 0; k < fields; k++)
                {
                    string? key = r.ReadString();
                    if (key == "id") id = r.ReadString();
                    else if (key == "answers")
                    {
                        int a = r.ReadArrayHeader();
                        if (a > bytes.Length) throw new FormatException("answer count exceeds the file size");
                        var list = ImmutableArray.CreateBuilder<AnswerCount>(a);
                        for (int x = 0; x < a; x++)
                        {
                            if (r.ReadArrayHeader() != 2) throw new FormatException("answer entry is not [answer, count]");
                            list.Add(new AnswerCount(r.ReadString() ?? "", r.ReadInt32()));
                        }
                        answers = list.MoveToImmutable();
                    }
                    else r.Skip();
                }
                if (id is not null) result[id] = answers;
            }
            return (result.ToImmutable(), []);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or FormatException or InvalidOperationException or OverflowException)
        {
            return (result.ToImmutable(), [Corrupt(source, 0, $"items file is truncated or corrupt: {e.Message}")]);
        }
    }
}
