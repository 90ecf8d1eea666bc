using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using MessagePack;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Storage.Responses;

/// <summary>
/// Response batches in MessagePack, schema <c>sendai-cbt/responses</c> version 1 (docs/formats.md):
/// <c>["sendai-cbt/responses", 1, formId, formVersion|nil, [itemId…], [[studentId, [response…]]…]]</c>, where a
/// response is nil (無解答), a string (the CSV cell syntax), a number, an array of strings/nils (parts) or a map
/// <c>{"text": str|nil, "score": number|nil}</c> (essay with rubric score). Reading uses the low-level
/// <see cref="MessagePackReader"/> with untrusted-data limits: nesting depth, string length, item count.
/// </summary>
public static class ResponsePack
{
    /// <summary>The schema name written as the first element.</summary>
    public const string SchemaName = "sendai-cbt/responses";
    /// <summary>The schema version this library writes and reads.</summary>
    public const int SchemaVersion = 1;
    /// <summary>Longest string accepted in a response (UTF-8 bytes); longer values are invalid (CBT0108).</summary>
    public const int MaxStringBytes = 256 * 1024;
    /// <summary>Most parts in one response.</summary>
    public const int MaxParts = 256;
    /// <summary>Most items in one batch.</summary>
    public const int MaxItems = 10_000;
    /// <summary>Deepest nesting skipped in unknown values (the schema itself is 4 deep).</summary>
    public const int MaxDepth = 8;

    /// <summary>Writes a batch.</summary>
    /// <param name="output">Target.</param>
    /// <param name="formId">Form id.</param>
    /// <param name="formVersion">Form version, or null.</param>
    /// <param name="itemIds">Item ids of the response positions.</param>
    /// <param name="students">Students with responses aligned with <paramref name="itemIds"/>; may be lazy (streamed).</param>
    /// <param name="studentCount">Number of students (the array header is written first).</param>
    public static void Write(Stream output, string formId, string? formVersion, IReadOnlyList<string> itemIds, IEnumerable<StudentResponses> students, int studentCount)
    {
        ArgumentNullException.ThrowIfNull(output);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var w = new MessagePackWriter(buffer);
        w.WriteArrayHeader(6);
        w.Write(SchemaName);
        w.Write(SchemaVersion);
        w.Write(formId);
        if (formVersion is null) w.WriteNil(); else w.Write(formVersion);
        w.WriteArrayHeader(itemIds.Count);
        foreach (var id in itemIds) w.Write(id);
        w.WriteArrayHeader(studentCount);
        int written = 0;
        foreach (var s in students)
        {
            if (++written > studentCount) throw new ArgumentException("more students than studentCount", nameof(students));
            w.WriteArrayHeader(2);
            w.Write(s.StudentId);
            w.WriteArrayHeader(itemIds.Count);
            for (int p = 0; p < itemIds.Count; p++) WriteResponse(ref w, p < s.Responses.Length ? s.Responses[p] : ItemResponse.NoResponse);
            if (buffer.WrittenCount > 1 << 20)
            {
                w.Flush();
                output.Write(buffer.WrittenSpan);
                buffer.Clear();
                w = new MessagePackWriter(buffer);
            }
        }

        if (written != studentCount) throw new ArgumentException($"studentCount was {studentCount} but {written} students were given", nameof(students));
        w.Flush();
        output.Write(buffer.WrittenSpan);
    }

    /// <summary>Writes a batch to bytes.</summary>
    /// <param name="batch">The batch.</param>
    public static byte[] Write(ResponseBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var ms = new MemoryStream();
        Write(ms, batch.FormId, batch.FormVersion, batch.ItemIds, batch.Students, batch.Students.Length);
        return ms.ToArray();
    }

    private static void WriteResponse(ref MessagePackWriter w, ItemResponse r)
    {
        switch (r.Kind)
        {
            case ResponseKind.None:
                w.WriteNil();
                break;
            case ResponseKind.Raw:
                w.Write(r.Parts[0]);
                break;
            case ResponseKind.Essay:
                w.WriteMapHeader(2);
                w.Write("text");
                if (r.Parts[0] is null) w.WriteNil(); else w.Write(r.Parts[0]);
                w.Write("score");
                if (r.RubricScore is { } s) w.Write((double)s); else w.WriteNil();
                break;
            default:
                w.WriteArrayHeader(r.Parts.Length);
                foreach (var p in r.Parts)
                {
                    if (p is null) w.WriteNil(); else w.Write(p);
                }

                break;
        }
    }

    /// <summary>The header of a batch and where each student record starts.</summary>
    internal sealed class Index
    {
        public string FormId = "";
        public string? FormVersion;
        public string[] ItemIds = [];
        public StudentIndex Students = new(0);
        public List<Diagnostic> Diagnostics = [];
        public int Rejected;
        public bool Ok;
        /// <summary>The student count in the array header, and where the first record starts.</summary>
        public int DeclaredStudents;
        public int RecordsStart;
    }

    /// <summary>Pass 1 (sequential): validates the header, reads student ids, records offsets, detects duplicates and truncation.</summary>
    internal static Index Scan(ReadOnlyMemory<byte> bytes, string source, bool headerOnly = false)
    {
        var ix = new Index();
        var r = new MessagePackReader(bytes);
        try
        {
            if (r.NextMessagePackType != MessagePackType.Array || !r.TryReadArrayHeader(out int top) || top < 6)
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.UnsupportedResponseFormat, source, 0, 0, "not a sendai-cbt/responses batch (expected an array of 6)"));
                return ix;
            }

            string? name = r.NextMessagePackType == MessagePackType.String ? r.ReadString() : null;
            if (name != SchemaName)
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.UnsupportedResponseFormat, source, 0, 0, $"not a {SchemaName} batch"));
                return ix;
            }

            int version = r.NextMessagePackType == MessagePackType.Integer ? r.ReadInt32() : -1;
            if (version != SchemaVersion)
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.UnsupportedResponseFormat, source, 0, 0, $"schema version {version} is not supported (this library reads version {SchemaVersion})"));
                return ix;
            }

            ix.FormId = r.ReadString() ?? "";
            ix.FormVersion = r.TryReadNil() ? null : r.ReadString();
            int items = r.ReadArrayHeader();
            if (items > MaxItems)
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.ResponseLimitExceeded, source, 0, 0, $"{items} items; at most {MaxItems} are accepted"));
                return ix;
            }

            ix.ItemIds = new string[items];
            for (int i = 0; i < items; i++) ix.ItemIds[i] = r.ReadString() ?? "";
            if (!r.TryReadArrayHeader(out int students))
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.ResponseFileCorrupt, source, 0, 0, "file ends before the student records"));
                return ix;
            }

            ix.Ok = true;
            var span = bytes.Span;
            int pos = (int)r.Consumed;
            ix.DeclaredStudents = students;
            ix.RecordsStart = pos;
            if (headerOnly) return ix;
            int capacity = (int)Math.Min(students, (span.Length - pos) / 4 + 1);
            ix.Students = new StudentIndex(capacity);
            var seen = ix.Students;
            for (int k = 1; k <= students; k++)
            {
                // fast path: a well-formed [id, responses, …] record, walked on the span without decoding
                long fields = RawMsgPack.ArrayHeader(span, pos, out int idAt);
                int end = fields >= 2 ? RawMsgPack.SkipValue(span, pos, 0) : -1;
                if (end >= 0 && TryStringSpan(span, idAt, out var idBytes, out int offset))
                {
                    string id = Encoding.UTF8.GetString(idBytes);
                    if (!string.IsNullOrWhiteSpace(id))
                    {
                        if (!seen.TryAdd(id, offset, k))
                        {
                            ix.Diagnostics.Add(Diag(DiagnosticCodes.DuplicateStudent, source, k, 0, $"student id '{id}' appears again; this record is rejected"));
                            ix.Rejected++;
                        }

                        pos = end;
                        continue;
                    }
                }

                // anything unusual: the reader-based walk, which reports it
                var rr = new MessagePackReader(bytes[pos..]);
                bool stop = ScanRecord(ref rr, pos, k, students, source, ix, seen);
                pos += (int)rr.Consumed;
                if (stop) break;
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            ix.Ok = false;
            ix.Diagnostics.Add(Diag(DiagnosticCodes.ResponseFileCorrupt, source, 0, 0, $"batch header is truncated or corrupt at byte {r.Consumed}: {e.Message}"));
        }

        return ix;
    }

    /// <summary>Scans one record with the reader (the slow, reporting path); returns true when the rest of the file is rejected.</summary>
    private static bool ScanRecord(ref MessagePackReader r, int basePos, int k, int students, string source, Index ix, StudentIndex seen)
    {
        long at = basePos + r.Consumed;
        try
        {
            if (r.End)
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.ResponseFileCorrupt, source, k, 0, $"file is truncated at byte {at}: {students - k + 1} of {students} student records are missing"));
                ix.Rejected += students - k + 1;
                return true;
            }

            if (r.NextMessagePackType != MessagePackType.Array)
            {
                SkipBounded(ref r, 0);
                ix.Diagnostics.Add(Diag(DiagnosticCodes.MalformedRow, source, k, 0, $"student record at byte {at} is not [id, responses]; record rejected"));
                ix.Rejected++;
                return false;
            }

            int n = r.ReadArrayHeader();
            string? id = n >= 1 && r.NextMessagePackType == MessagePackType.String ? r.ReadString() : null;
            if (id is null || n < 2 || string.IsNullOrWhiteSpace(id))
            {
                for (int i = id is null ? 0 : 1; i < n; i++) SkipBounded(ref r, 1);
                ix.Diagnostics.Add(Diag(DiagnosticCodes.MalformedRow, source, k, 0, $"student record at byte {at} has no student id or no responses; record rejected"));
                ix.Rejected++;
                return false;
            }

            int offset = (int)(basePos + r.Consumed);
            for (int i = 1; i < n; i++) SkipBounded(ref r, 1); // responses (+ ignored extra fields)
            if (!seen.TryAdd(id, offset, k))
            {
                ix.Diagnostics.Add(Diag(DiagnosticCodes.DuplicateStudent, source, k, 0, $"student id '{id}' appears again; this record is rejected"));
                ix.Rejected++;
            }

            return false;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            ix.Diagnostics.Add(Diag(DiagnosticCodes.ResponseFileCorrupt, source, k, 0, $"student record {k} at byte {at} is truncated or corrupt ({e.Message}); it and the {students - k} records after it are rejected"));
            ix.Rejected += students - k + 1;
            return true;
        }
    }

    /// <summary>A str value at <paramref name="pos"/>: its UTF-8 bytes and the offset after it.</summary>
    internal static bool TryStringSpan(ReadOnlySpan<byte> s, int pos, out ReadOnlySpan<byte> value, out int next)
    {
        value = default;
        next = -1;
        if ((uint)pos >= (uint)s.Length) return false;
        byte c = s[pos];
        int start, length;
        if (c >= 0xA0 && c <= 0xBF) { start = pos + 1; length = c & 0x1F; }
        else if (c == 0xD9 && pos + 2 <= s.Length) { start = pos + 2; length = s[pos + 1]; }
        else if (c == 0xDA && pos + 3 <= s.Length) { start = pos + 3; length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(s[(pos + 1)..]); }
        else if (c == 0xDB && pos + 5 <= s.Length)
        {
            uint l = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(s[(pos + 1)..]);
            if (l > int.MaxValue) return false;
            start = pos + 5;
            length = (int)l;
        }
        else return false;

        if (length > s.Length - start) return false;
        value = s.Slice(start, length);
        next = start + length;
        return true;
    }

    internal static Diagnostic Diag(string code, string source, int record, int position, string message) =>
        new(code, code is DiagnosticCodes.MissingItemColumn or DiagnosticCodes.FormMismatch ? Severity.Warning : Severity.Error, source, record, position, message);

    /// <summary>Skips one value, refusing nesting deeper than <see cref="MaxDepth"/> (MessagePack's own Skip recurses without a limit).</summary>
    internal static void SkipBounded(ref MessagePackReader r, int depth)
    {
        if (depth > MaxDepth) throw new MessagePackSerializationException($"nesting deeper than {MaxDepth}");
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Array:
                int n = r.ReadArrayHeader();
                for (int i = 0; i < n; i++) SkipBounded(ref r, depth + 1);
                break;
            case MessagePackType.Map:
                int m = r.ReadMapHeader();
                for (int i = 0; i < 2 * m; i++) SkipBounded(ref r, depth + 1);
                break;
            default:
                r.Skip();
                break;
        }
    }

    /// <summary>Reads one response value into the scratch (never throws for wrong kinds: marks the scratch invalid).</summary>
    internal static void ReadValue(ref MessagePackReader r, ResponseScratch s)
    {
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Nil:
                r.ReadNil();
                s.Reset(InputKind.None);
                break;
            case MessagePackType.String:
                s.Reset(InputKind.Raw);
                ReadString(ref r, s);
                break;
            case MessagePackType.Integer:
                s.Reset(InputKind.Raw);
                if (r.NextCode == MessagePackCode.UInt64) { ulong u = r.ReadUInt64(); if (u > long.MaxValue) s.SetInvalid("integer out of range"); else s.AppendNumberPart((long)u); }
                else s.AppendNumberPart(r.ReadInt64());
                break;
            case MessagePackType.Float:
                s.Reset(InputKind.Raw);
                s.AppendNumberPart(r.ReadDouble());
                break;
            case MessagePackType.Array:
                s.Reset(InputKind.Parts);
                int n = r.ReadArrayHeader();
                if (n > MaxParts)
                {
                    for (int i = 0; i < n; i++) SkipBounded(ref r, 1);
                    s.SetInvalid($"{n} parts; at most {MaxParts}", DiagnosticCodes.ResponseLimitExceeded);
                    break;
                }

                for (int i = 0; i < n; i++)
                {
                    switch (r.NextMessagePackType)
                    {
                        case MessagePackType.Nil: r.ReadNil(); s.AddNullPart(); break;
                        case MessagePackType.String: ReadString(ref r, s); break;
                        case MessagePackType.Integer: s.AppendNumberPart(r.ReadInt64()); break;
                        case MessagePackType.Float: s.AppendNumberPart(r.ReadDouble()); break;
                        default:
                            var t = r.NextMessagePackType;
                            SkipBounded(ref r, 1);
                            s.SetInvalid($"part {i + 1} is a {t.ToString().ToLowerInvariant()}, expected a string");
                            break;
                    }
                }

                break;
            case MessagePackType.Map:
                s.Reset(InputKind.Essay);
                int m = r.ReadMapHeader();
                bool text = false;
                for (int i = 0; i < m; i++)
                {
                    string? key = r.NextMessagePackType == MessagePackType.String ? r.ReadString() : null;
                    if (key is null) SkipBounded(ref r, 1);
                    if (key == "text" && !text)
                    {
                        text = true;
                        if (r.TryReadNil()) s.AddNullPart();
                        else if (r.NextMessagePackType == MessagePackType.String) ReadString(ref r, s);
                        else { SkipBounded(ref r, 1); s.SetInvalid("essay text is not a string"); }
                    }
                    else if (key == "score")
                    {
                        if (r.TryReadNil()) { }
                        else if (r.NextMessagePackType is MessagePackType.Integer or MessagePackType.Float)
                        {
                            double d = r.ReadDouble();
                            if (double.IsFinite(d) && Math.Abs(d) < 1e9) { s.HasRubric = true; s.Rubric = (decimal)d; }
                            else s.SetInvalid("rubric score out of range");
                        }
                        else { SkipBounded(ref r, 1); s.SetInvalid("rubric score is not a number"); }
                    }
                    else
                    {
                        SkipBounded(ref r, 1);
                    }
                }

                if (!text && s.Kind == InputKind.Essay) s.AddNullPart();
                break;
            default:
                var kind = r.NextMessagePackType;
                SkipBounded(ref r, 1);
                s.Reset(InputKind.Invalid);
                s.SetInvalid($"value of the wrong kind ({kind.ToString().ToLowerInvariant()})");
                break;
        }
    }

    private static void ReadString(ref MessagePackReader r, ResponseScratch s)
    {
        ReadOnlySpan<byte> span;
        byte[]? copy = null;
        if (!r.TryReadStringSpan(out span))
        {
            var seq = r.ReadStringSequence();
            copy = seq?.ToArray() ?? [];
            span = copy;
        }

        if (span.Length > MaxStringBytes)
        {
            s.SetInvalid($"value of {span.Length} bytes; at most {MaxStringBytes}", DiagnosticCodes.ResponseLimitExceeded);
            return;
        }

        var dest = s.Reserve(span.Length);
        int written = Encoding.UTF8.GetChars(span, dest);
        s.CommitPart(written);
    }

    /// <summary>
    /// Reads a whole batch into the model (for reports and tests; the grading path reads the bytes directly).
    /// Values of the wrong kind become no response with a diagnostic.
    /// </summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="source">Name used in diagnostics.</param>
    public static ResponseBatch Read(ReadOnlyMemory<byte> bytes, string source)
    {
        var ix = Scan(bytes, source);
        var diags = new List<Diagnostic>(ix.Diagnostics);
        var students = ImmutableArray.CreateBuilder<StudentResponses>(ix.Students.Count);
        var s = new ResponseScratch();
        for (int i = 0; i < ix.Students.Count; i++)
        {
            var (id, offset, record) = ix.Students[i];
            var r = new MessagePackReader(bytes[offset..]);
            if (r.NextMessagePackType != MessagePackType.Array)
            {
                diags.Add(Diag(DiagnosticCodes.MalformedRow, source, record, 0, $"student '{id}': responses are not an array; record rejected"));
                continue;
            }

            int n = r.ReadArrayHeader(); // Scan skipped these n values, so n is bounded by the file size
            var responses = new ItemResponse[n];
            for (int p = 0; p < n; p++)
            {
                ReadValue(ref r, s);
                responses[p] = ToModel(s);
                if (s.Kind == InputKind.Invalid)
                    diags.Add(Diag(s.InvalidCode, source, record, p + 1, $"student '{id}': {s.InvalidMessage}; read as no response"));
            }

            students.Add(new StudentResponses(id, [.. responses], record));
        }

        return new ResponseBatch
        {
            FormId = ix.FormId,
            FormVersion = ix.FormVersion,
            ItemIds = [.. ix.ItemIds],
            Columns = [.. Enumerable.Range(1, ix.ItemIds.Length)],
            Students = students.ToImmutable(),
            Source = source,
            Diagnostics = [.. diags],
            RejectedRows = ix.Rejected,
        };
    }

    private static ItemResponse ToModel(ResponseScratch s)
    {
        string? Part(int i) => s.Parts[i].IsNull ? null : new string(s.Text(s.Parts[i]));
        return s.Kind switch
        {
            InputKind.Raw => ItemResponse.Raw(Part(0)!),
            InputKind.Parts => ItemResponse.Blanks(Enumerable.Range(0, s.PartCount).Select(Part).ToArray()),
            InputKind.Essay => ItemResponse.Essay(s.PartCount > 0 ? Part(0) : null, s.HasRubric ? s.Rubric : null),
            _ => ItemResponse.NoResponse,
        };
    }
}

/// <summary>
/// The accepted student records of a batch in parallel arrays (ids, record offsets, record numbers) with an
/// open-addressing set over the ids for duplicate detection: about half the memory of a list of tuples plus a
/// <see cref="HashSet{T}"/>, and the id array becomes the result's id column without a copy.
/// </summary>
internal sealed class StudentIndex
{
    private string[] _ids;
    private int[] _offsets;
    private int[] _records;
    private int[] _table; // index + 1 into _ids; 0 = empty
    private int _count;

    public StudentIndex(int capacity)
    {
        capacity = Math.Max(capacity, 4);
        _ids = new string[capacity];
        _offsets = new int[capacity];
        _records = new int[capacity];
        _table = new int[TableSize(capacity)];
    }

    public int Count => _count;

    public (string Id, int Offset, int Record) this[int index] => (_ids[index], _offsets[index], _records[index]);

    /// <summary>The ids in record order (the backing array itself when it is exactly full; do not modify).</summary>
    public string[] Ids => _ids.Length == _count ? _ids : _ids[.._count];

    private static int TableSize(int capacity) => (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity * 2));

    /// <summary>Adds a student unless the id is already present (then returns false).</summary>
    public bool TryAdd(string id, int offset, int record)
    {
        int mask = _table.Length - 1;
        int b = StringComparer.Ordinal.GetHashCode(id) & mask; // randomised string hashing: no crafted collisions
        while (_table[b] != 0)
        {
            if (string.Equals(_ids[_table[b] - 1], id, StringComparison.Ordinal)) return false;
            b = (b + 1) & mask;
        }

        if (_count == _ids.Length)
        {
            int n = _count * 2;
            Array.Resize(ref _ids, n);
            Array.Resize(ref _offsets, n);
            Array.Resize(ref _records, n);
        }

        _ids[_count] = id;
        _offsets[_count] = offset;
        _records[_count] = record;
        _count++;
        if (_count * 2 > _table.Length)
        {
            Rehash();
        }
        else
        {
            _table[b] = _count;
        }

        return true;
    }

    private void Rehash()
    {
        _table = new int[TableSize(_count * 2)];
        int mask = _table.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            int b = StringComparer.Ordinal.GetHashCode(_ids[i]) & mask;
            while (_table[b] != 0) b = (b + 1) & mask;
            _table[b] = i + 1;
        }
    }
}
