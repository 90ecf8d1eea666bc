using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Normalization;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Storage.Responses;

/// <summary>
/// Response files for teachers: CSV with the header <c>student_id,&lt;item id&gt;…</c> (optionally
/// <c>&lt;item id&gt;:score</c> columns with teacher rubric scores for essays). See docs/formats.md.
/// </summary>
public static class ResponseCsv
{
    /// <summary>Longest cell accepted (characters); longer cells are invalid (CBT0108).</summary>
    public const int MaxCellLength = 65_536;

    /// <summary>Reads a response CSV. Problems are diagnostics in the batch, never exceptions (except I/O errors).</summary>
    /// <param name="path">The file.</param>
    /// <param name="formId">The form the responses belong to (CSV files do not say).</param>
    public static ResponseBatch Read(string path, string formId)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        try
        {
            return Read(reader, path, formId);
        }
        catch (DecoderFallbackException e)
        {
            return Failed(path, formId, new Diagnostic(DiagnosticCodes.ResponseFileCorrupt, Severity.Error, path, 0, 0, $"file is not valid UTF-8: {e.Message}"));
        }
    }

    private static ResponseBatch Failed(string source, string formId, Diagnostic d) =>
        new() { FormId = formId, ItemIds = [], Students = [], Source = source, Diagnostics = [d] };

    /// <summary>Reads a response CSV from text.</summary>
    /// <param name="text">The CSV content.</param>
    /// <param name="source">Name used in diagnostics.</param>
    /// <param name="formId">The form id.</param>
    public static ResponseBatch Read(TextReader text, string source, string formId)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diags = new List<Diagnostic>();
        var records = new CsvRecordReader(text);
        if (!records.Next(out var header, out int headerLine, out string? headerError) || header.Count == 0)
        {
            return Failed(source, formId, new Diagnostic(DiagnosticCodes.UnsupportedResponseFormat, Severity.Error, source, 1, 1, headerError ?? "empty file: expected the header student_id,<item id>..."));
        }

        if (header.Count > 0 && header[0].Length > 0 && header[0][0] == '\uFEFF') header[0] = header[0][1..];
        if (!string.Equals(header[0].Trim(), "student_id", StringComparison.OrdinalIgnoreCase))
        {
            return Failed(source, formId, new Diagnostic(DiagnosticCodes.UnsupportedResponseFormat, Severity.Error, source, headerLine, 1, $"the first column must be student_id, found '{header[0]}'"));
        }

        // Column roles: item response columns and rubric score columns (<id>:score).
        var itemIds = new List<string>();
        var itemColumns = new List<int>();
        var scoreColumnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 1; c < header.Count; c++)
        {
            var name = header[c].Trim();
            if (name.EndsWith(":score", StringComparison.OrdinalIgnoreCase))
            {
                scoreColumnOf[name[..^6]] = c;
            }
            else
            {
                itemIds.Add(name);
                itemColumns.Add(c);
            }
        }

        foreach (var (id, c) in scoreColumnOf)
        {
            if (!itemIds.Contains(id))
                diags.Add(new Diagnostic(DiagnosticCodes.UnknownResponseItem, Severity.Error, source, headerLine, c + 1, $"score column '{id}:score' has no response column '{id}'; it is ignored"));
        }

        var scoreCols = itemIds.Select(id => scoreColumnOf.GetValueOrDefault(id, -1)).ToArray();
        var students = ImmutableArray.CreateBuilder<StudentResponses>();
        int rejected = 0;
        while (true)
        {
            bool ok = records.Next(out var fields, out int line, out string? error);
            if (!ok && error is null) break;
            if (error is not null)
            {
                diags.Add(new Diagnostic(DiagnosticCodes.ResponseFileCorrupt, Severity.Error, source, line, 0, $"{error}; row rejected"));
                rejected++;
                if (!ok) break;
                continue;
            }

            if (fields.Count == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Count > header.Count)
            {
                diags.Add(new Diagnostic(DiagnosticCodes.MalformedRow, Severity.Error, source, line, header.Count + 1, $"row has {fields.Count} cells, the header {header.Count}; row rejected"));
                rejected++;
                continue;
            }

            var id = fields[0].Trim();
            var responses = new ItemResponse[itemIds.Count];
            for (int p = 0; p < itemIds.Count; p++)
            {
                int c = itemColumns[p];
                string cell = c < fields.Count ? fields[c] : "";
                string? scoreCell = scoreCols[p] >= 0 && scoreCols[p] < fields.Count ? fields[scoreCols[p]].Trim() : null;
                if (cell.Length > MaxCellLength)
                {
                    diags.Add(new Diagnostic(DiagnosticCodes.ResponseLimitExceeded, Severity.Error, source, line, c + 1, $"cell longer than {MaxCellLength} characters; treated as no response"));
                    responses[p] = ItemResponse.NoResponse;
                    continue;
                }

                if (!string.IsNullOrEmpty(scoreCell))
                {
                    decimal? score = null;
                    if (JapaneseNormalizer.TryParseNumber(scoreCell, out var v, out _)) score = v;
                    else diags.Add(new Diagnostic(DiagnosticCodes.InvalidResponse, Severity.Error, source, line, scoreCols[p] + 1, $"rubric score '{scoreCell}' is not a number; the essay stays pending"));
                    responses[p] = ItemResponse.Essay(cell.Length == 0 ? null : cell, score);
                }
                else
                {
                    responses[p] = cell.Length == 0 ? ItemResponse.NoResponse : ItemResponse.Raw(cell);
                }
            }

            students.Add(new StudentResponses(id, [.. responses], line));
        }

        return new ResponseBatch
        {
            FormId = formId,
            ItemIds = [.. itemIds],
            Columns = [.. itemColumns.Select(c => c + 1)],
            Students = students.ToImmutable(),
            Source = source,
            Diagnostics = [.. diags],
            RejectedRows = rejected,
        };
    }

    /// <summary>Writes responses as CSV (essay rubric scores go to <c>&lt;id&gt;:score</c> columns when any essay has one).</summary>
    /// <param name="writer">Target.</param>
    /// <param name="itemIds">Column item ids.</param>
    /// <param name="students">Students with responses aligned with <paramref name="itemIds"/>.</param>
    public static void Write(TextWriter writer, IReadOnlyList<string> itemIds, IEnumerable<StudentResponses> students)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var list = students as IReadOnlyList<StudentResponses> ?? students.ToList();
        var scoreCols = Enumerable.Range(0, itemIds.Count)
            .Where(p => list.Any(s => p < s.Responses.Length && s.Responses[p].Kind == ResponseKind.Essay && s.Responses[p].RubricScore is not null)).ToArray();
        writer.Write("student_id");
        foreach (var id in itemIds) { writer.Write(','); writer.Write(Escape(id)); }
        foreach (var p in scoreCols) { writer.Write(','); writer.Write(Escape(itemIds[p] + ":score")); }
        writer.Write('\n');
        foreach (var s in list)
        {
            writer.Write(Escape(s.StudentId));
            for (int p = 0; p < itemIds.Count; p++)
            {
                writer.Write(',');
                if (p < s.Responses.Length) writer.Write(Escape(s.Responses[p].ToCell()));
            }

            foreach (var p in scoreCols)
            {
                writer.Write(',');
                if (p < s.Responses.Length && s.Responses[p].RubricScore is { } r) writer.Write(r.ToString(CultureInfo.InvariantCulture));
            }

            writer.Write('\n');
        }
    }

    /// <summary>Quotes a CSV field when needed (RFC 4180).</summary>
    /// <param name="field">The field.</param>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 && (field.Length == 0 || (field[0] != ' ' && field[^1] != ' ')) ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}

/// <summary>A minimal RFC 4180 reader that tracks the line each record starts on.</summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private int _line = 1;
    private readonly StringBuilder _field = new();

    /// <summary>Reads the next record. Returns false at the end; <paramref name="error"/> is set for an unclosed quote.</summary>
    public bool Next(out List<string> fields, out int line, out string? error)
    {
        fields = [];
        error = null;
        line = _line;
        int c = reader.Read();
        if (c < 0) return false;
        bool quoted = false, wasQuoted = false;
        _field.Clear();
        while (true)
        {
            if (quoted)
            {
                if (c < 0)
                {
                    error = $"quoted cell opened on line {line} is not closed";
                    fields.Add(_field.ToString());
                    return false;
                }

                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); _field.Append('"'); }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') _line++;
                    _field.Append((char)c);
                }
            }
            else if (c == '"' && _field.Length == 0 && !wasQuoted)
            {
                quoted = wasQuoted = true;
            }
            else if (c == ',')
            {
                fields.Add(_field.ToString());
                _field.Clear();
                wasQuoted = false;
            }
            else if (c == '\r' || c == '\n' || c < 0)
            {
                if (c == '\r' && reader.Peek() == '\n') reader.Read();
                if (c >= 0) _line++;
                fields.Add(_field.ToString());
                return true;
            }
            else
            {
                _field.Append((char)c);
            }

            c = reader.Read();
        }
    }
}
