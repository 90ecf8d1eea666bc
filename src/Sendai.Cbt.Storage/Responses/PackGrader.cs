using MessagePack;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Storage.Responses;

/// <summary>
/// The high-load grading path: MessagePack bytes to scored matrix and item statistics without building the
/// response model. Pass 1 (sequential) indexes the student records (ids, duplicates, truncation); pass 2 scores
/// fixed chunks of students in parallel, each thread decoding into its own reusable buffers.
/// </summary>
internal static class PackGrader
{
    private const int ChunkSize = 512;

    public static GradingResult Grade(CompiledForm form, ReadOnlyMemory<byte> bytes, string source, int degreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        if (degreeOfParallelism == 1 && TryGradeInOnePass(form, bytes, source, cancellationToken) is { } fused) return fused;
        var ix = ResponsePack.Scan(bytes, source);
        var diags = new List<Diagnostic>();
        int[] columns = [];
        if (ix.Ok)
        {
            columns = Grading.MapColumns(form, ix.ItemIds, source, p => p + 1, diags, ix.FormId, ix.FormVersion);
            for (int i = 0; i < diags.Count; i++) diags[i] = diags[i] with { Line = 0 };
        }

        diags.AddRange(ix.Diagnostics);
        var students = ix.Students;
        var engine = new GradingEngine(form, students.Count, cancellationToken);
        int chunks = (students.Count + ChunkSize - 1) / ChunkSize;
        var chunkDiags = new List<Diagnostic>?[chunks];
        var keys = form.Keys;

        var runner = new ChunkRunner(bytes, students, columns, keys, source, chunkDiags, cancellationToken);
        Grading.RunChunks(engine, chunks, degreeOfParallelism, cancellationToken, runner.Run);
        foreach (var d in chunkDiags) if (d is not null) diags.AddRange(d);
        return engine.Finish(students.Ids, diags, ix.Rejected);
    }

    /// <summary>
    /// One thread, one walk: reads each record's id and scores its responses in the same pass (the two-pass path walks
    /// every record twice). Only for clean batches: at the first thing that would need a diagnostic from the scan (a
    /// duplicate id, a malformed or truncated record, extra values, corrupt bytes) it gives up and returns null, and the
    /// caller grades the batch the two-pass way from scratch — so results are always those of the two-pass path.
    /// </summary>
    private static GradingResult? TryGradeInOnePass(CompiledForm form, ReadOnlyMemory<byte> bytes, string source, CancellationToken cancellationToken)
    {
        var ix = ResponsePack.Scan(bytes, source, headerOnly: true);
        if (!ix.Ok || ix.Diagnostics.Count > 0) return null;
        var span = bytes.Span;
        int students = ix.DeclaredStudents;
        int pos = ix.RecordsStart;
        if (students > (span.Length - pos) / 3) return null; // each record takes at least 3 bytes: the header lies
        var diags = new List<Diagnostic>();
        int[] columns = Grading.MapColumns(form, ix.ItemIds, source, p => p + 1, diags, ix.FormId, ix.FormVersion);
        for (int i = 0; i < diags.Count; i++) diags[i] = diags[i] with { Line = 0 };
        var index = new StudentIndex(students);
        var engine = new GradingEngine(form, students, cancellationToken);
        var w = engine.NewWorker();
        var keys = form.Keys;
        for (int row = 0; row < students; row++)
        {
            if ((row & 511) == 0) cancellationToken.ThrowIfCancellationRequested();
            long fields = RawMsgPack.ArrayHeader(span, pos, out int idAt);
            if (fields < 2 || !ResponsePack.TryStringSpan(span, idAt, out var idBytes, out int offset)) return null;
            string id = System.Text.Encoding.UTF8.GetString(idBytes);
            if (string.IsNullOrWhiteSpace(id) || !index.TryAdd(id, offset, row + 1)) return null;
            long count = RawMsgPack.ArrayHeader(span, offset, out pos);
            if (count < 0) return null;
            for (long p = 0; p < count; p++)
            {
                int next;
                byte code = (uint)pos < (uint)span.Length ? span[pos] : (byte)0xC1;
                if ((uint)(code - 0xA0) < 0x20) next = pos + 1 + (code & 0x1F) <= span.Length ? pos + 1 + (code & 0x1F) : -1; // fixstr
                else next = RawMsgPack.SkipValue(span, pos, 2);
                if (next < 0 || p >= columns.Length) return null;
                int item = columns[p];
                if (item >= 0 && !w.TryScoreCached(row, item, span[pos..], next - pos, out int hash))
                {
                    var r = new MessagePackReader(bytes[pos..next]);
                    try
                    {
                        ResponsePack.ReadValue(ref r, w.Scratch);
                    }
                    catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
                    {
                        return null;
                    }

                    ref readonly var o = ref w.ScoreAndRemember(row, item, span[pos..next], hash);
                    if (o.Status == ResponseStatus.Invalid)
                    {
                        diags.Add(ResponsePack.Diag(w.Scratch.CodeForInvalid, source, row + 1, (int)p + 1,
                            $"student '{id}', item '{keys[item].Item.Id}': {o.Note}; scored as invalid (0)"));
                    }
                }

                pos = next;
            }

            for (long f = 2; f < fields && pos >= 0; f++) pos = RawMsgPack.SkipValue(span, pos, 1); // ignored extra fields
            if (pos < 0) return null;
        }

        return engine.Finish(index.Ids, diags, 0);
    }

    /// <summary>Scores chunks of student records (one instance per batch, shared by the worker threads; no mutable state except per-chunk diagnostics).</summary>
    private sealed class ChunkRunner(ReadOnlyMemory<byte> bytes, StudentIndex students, int[] columns, CompiledItem[] keys,
        string source, List<Diagnostic>?[] chunkDiags, CancellationToken cancellationToken)
    {
        private readonly ReadOnlyMemory<byte> _bytes = bytes;
        private readonly StudentIndex _students = students;
        private readonly int[] _columns = columns;
        private readonly CompiledItem[] _keys = keys;
        private readonly string _source = source;
        private readonly List<Diagnostic>?[] _chunkDiags = chunkDiags;
        private readonly CancellationToken _cancellationToken = cancellationToken;

            public void Run(int c, GradingEngine.Worker w)
            {
                var students = _students;
                var columns = _columns;
                var bytes = _bytes;
                var cancellationToken = _cancellationToken;
                int end = Math.Min(students.Count, (c + 1) * ChunkSize);
                var span = bytes.Span;
                for (int row = c * ChunkSize; row < end; row++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (id, offset, record) = students[row];
                    // fast path on the span: each value's encoded bytes are looked up in the worker's per-item memo of
                    // answers already scored; only new answers are decoded (by the reader-based code) and scored
                    long count = RawMsgPack.ArrayHeader(span, offset, out int pos);
                    if (count < 0)
                    {
                        SlowRecord(c, w, row, id, offset, record, 0, -1);
                        continue;
                    }

                    int n = (int)Math.Min(count, int.MaxValue);
                    for (int p = 0; p < n; p++)
                    {
                        int item = p < columns.Length ? columns[p] : -1;
                        int next;
                        byte code = (uint)pos < (uint)span.Length ? span[pos] : (byte)0xC1;
                        if ((uint)(code - 0xA0) < 0x20) next = pos + 1 + (code & 0x1F) <= span.Length ? pos + 1 + (code & 0x1F) : -1; // fixstr
                        else next = RawMsgPack.SkipValue(span, pos, 2);
                        if (next < 0 || item < 0)
                        {
                            // unusual values and extra or unknown positions: the reader-based loop from here on
                            SlowRecord(c, w, row, id, pos, record, p, n);
                            break;
                        }

                        var encoded = span[pos..next];
                        if (!w.TryScoreCached(row, item, span[pos..], next - pos, out int hash))
                        {
                            var r = new MessagePackReader(bytes[pos..next]);
                            try
                            {
                                ResponsePack.ReadValue(ref r, w.Scratch);
                            }
                            catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
                            {
                                Corrupt(c, id, record, p, e);
                                break;
                            }

                            ref readonly var o = ref w.ScoreAndRemember(row, item, encoded, hash);
                            if (o.Status == ResponseStatus.Invalid) Invalid(c, w, id, record, p, item, o.Note);
                        }

                        pos = next;
                    }
                }
            }

            private void Invalid(int c, GradingEngine.Worker w, string id, int record, int p, int item, string? note) =>
                (_chunkDiags[c] ??= []).Add(ResponsePack.Diag(w.Scratch.CodeForInvalid, _source, record, p + 1,
                    $"student '{id}', item '{_keys[item].Item.Id}': {note}; scored as invalid (0)"));

            private void Corrupt(int c, string id, int record, int at, Exception e) =>
                (_chunkDiags[c] ??= []).Add(ResponsePack.Diag(DiagnosticCodes.ResponseFileCorrupt, _source, record, at + 1,
                    $"student '{id}': response {at + 1} is corrupt ({e.Message}); it and the rest of the record are no response"));

            // The reader-based loop: from response `first` at `offset` (or, with n < 0, the whole record at `offset`).
            private void SlowRecord(int c, GradingEngine.Worker w, int row, string id, int offset, int record, int first, int n)
            {
                var scratch = w.Scratch;
                var columns = _columns;
                var r = new MessagePackReader(_bytes[offset..]);
                if (n < 0)
                {
                    if (r.NextMessagePackType != MessagePackType.Array)
                    {
                        (_chunkDiags[c] ??= []).Add(ResponsePack.Diag(DiagnosticCodes.MalformedRow, _source, record, 0, $"student '{id}': responses are not an array; every item is no response"));
                        return;
                    }

                    n = r.ReadArrayHeader();
                }

                int at = first;
                try
                {
                    for (int p = first; p < n; p++)
                    {
                        at = p;
                        int item = p < columns.Length ? columns[p] : -1;
                        if (item < 0)
                        {
                            if (p < columns.Length) ResponsePack.SkipBounded(ref r, 2); // unknown item column: reported once for the batch
                            else if (!r.TryReadNil())
                            {
                                ResponsePack.SkipBounded(ref r, 2);
                                (_chunkDiags[c] ??= []).Add(ResponsePack.Diag(DiagnosticCodes.UnknownResponseItem, _source, record, p + 1,
                                    $"student '{id}': response {p + 1} has no item (the batch lists {columns.Length}); ignored"));
                            }

                            continue;
                        }

                        ResponsePack.ReadValue(ref r, scratch);
                        ref readonly var o = ref w.Score(row, item);
                        if (o.Status == ResponseStatus.Invalid) Invalid(c, w, id, record, p, item, o.Note);
                    }
                }
                catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
                {
                    Corrupt(c, id, record, at, e);
                }
            }
    }
}
