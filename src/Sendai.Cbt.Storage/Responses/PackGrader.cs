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

        void RunChunk(int c, GradingEngine.Worker w)
        {
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
                    int next = RawMsgPack.SkipValue(span, pos, 2);
                    if (next < 0 || item < 0)
                    {
                        // unusual values and extra or unknown positions: the reader-based loop from here on
                        SlowRecord(c, w, row, id, pos, record, p, n);
                        break;
                    }

                    var encoded = span[pos..next];
                    if (!w.TryScoreCached(row, item, encoded, out int hash))
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

        void Invalid(int c, GradingEngine.Worker w, string id, int record, int p, int item, string? note) =>
            (chunkDiags[c] ??= []).Add(ResponsePack.Diag(w.Scratch.CodeForInvalid, source, record, p + 1,
                $"student '{id}', item '{keys[item].Item.Id}': {note}; scored as invalid (0)"));

        void Corrupt(int c, string id, int record, int at, Exception e) =>
            (chunkDiags[c] ??= []).Add(ResponsePack.Diag(DiagnosticCodes.ResponseFileCorrupt, source, record, at + 1,
                $"student '{id}': response {at + 1} is corrupt ({e.Message}); it and the rest of the record are no response"));

        // The reader-based loop: from response `first` at `offset` (or, with n < 0, the whole record at `offset`).
        void SlowRecord(int c, GradingEngine.Worker w, int row, string id, int offset, int record, int first, int n)
        {
            var scratch = w.Scratch;
            var r = new MessagePackReader(bytes[offset..]);
            if (n < 0)
            {
                if (r.NextMessagePackType != MessagePackType.Array)
                {
                    (chunkDiags[c] ??= []).Add(ResponsePack.Diag(DiagnosticCodes.MalformedRow, source, record, 0, $"student '{id}': responses are not an array; every item is no response"));
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
                            (chunkDiags[c] ??= []).Add(ResponsePack.Diag(DiagnosticCodes.UnknownResponseItem, source, record, p + 1,
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

        Grading.RunChunks(engine, chunks, degreeOfParallelism, cancellationToken, RunChunk);
        foreach (var d in chunkDiags) if (d is not null) diags.AddRange(d);
        return engine.Finish([.. students.Select(s => s.Id)], diags, ix.Rejected);
    }
}
