using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Scoring;

/// <summary>
/// The shared core of every grading path: owns the matrix, hands out per-thread workers, merges their statistics.
/// Readers (model, CSV, MessagePack) fill a worker's <see cref="Worker.Scratch"/> and call <see cref="Worker.Score"/>.
/// </summary>
internal sealed class GradingEngine
{
    private readonly List<Worker> _workers = [];
    private readonly object _gate = new();

    public GradingEngine(CompiledForm form, int students, CancellationToken cancellationToken)
    {
        Form = form;
        Students = students;
        ItemCount = form.Keys.Length;
        Units = new int[checked(students * ItemCount)];
        Status = new byte[Units.Length];
        Context = new ScoringContext(form.Options.ProgramScorer, cancellationToken);
    }

    public CompiledForm Form { get; }
    public int Students { get; }
    public int ItemCount { get; }
    public int[] Units { get; }
    public byte[] Status { get; }
    public ScoringContext Context { get; }

    public Worker NewWorker()
    {
        var w = new Worker(this);
        lock (_gate) _workers.Add(w);
        return w;
    }

    public GradingResult Finish(string[] studentIds, IEnumerable<Diagnostic> diagnostics, int rejectedRows)
    {
        if (studentIds.Length != Students) throw new InvalidOperationException("student count mismatch");
        var keys = Form.Keys;
        int n = ItemCount;
        var statusCounts = new long[n * 8];
        var labelCounts = keys.Select(k => new int[k.LabelCount]).ToArray();
        var answers = new Dictionary<string, int>[n];
        var other = new int[n];
        for (int i = 0; i < n; i++) answers[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var w in _workers)
        {
            for (int i = 0; i < statusCounts.Length; i++) statusCounts[i] += w.StatusCounts[i];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < labelCounts[i].Length; k++) labelCounts[i][k] += w.LabelCounts[i][k];
                other[i] += w.Other[i];
                if (w.Answers[i] is { } d)
                {
                    var slots = w.SlotCounts[i];
                    foreach (var (a, slot) in d) answers[i][a] = answers[i].GetValueOrDefault(a) + slots[slot];
                }
            }
        }

        var totals = new long[Students];
        var sums = new long[n];
        SumRowsAndColumns(Units, n, keys.Length == 0 ? 0 : keys.Max(k => k.MaxUnits), totals, sums);
        long responses = Status.Length - Status.AsSpan().Count((byte)ResponseStatus.NoResponse);

        var stats = ImmutableArray.CreateBuilder<ItemStatistics>(n);
        for (int i = 0; i < n; i++)
        {
            var k = keys[i];
            int Count(ResponseStatus st) => (int)statusCounts[i * 8 + (int)st];
            int answered = 0;
            for (int st = 1; st < 8; st++) answered += (int)statusCounts[i * 8 + st];
            ImmutableArray<AnswerCount> dist;
            if (k.LabelCount > 0)
            {
                dist = [.. k.Labels.Select((l, j) => new AnswerCount(l, labelCounts[i][j]))];
            }
            else
            {
                var top = answers[i].OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                    .Take(Form.Options.TopAnswers).Select(p => new AnswerCount(p.Key, p.Value));
                dist = other[i] > 0 ? [.. top, new AnswerCount("(other)", other[i])] : [.. top];
            }

            stats.Add(new ItemStatistics(k.Item.Id, i, k.Item.Type, ScoreMath.ToPoints(k.MaxUnits), Students,
                Count(ResponseStatus.Correct), Count(ResponseStatus.Partial), Count(ResponseStatus.Wrong), Count(ResponseStatus.Invalid),
                Students - answered, Count(ResponseStatus.Pending), Count(ResponseStatus.Unscored), ScoreMath.ToPoints(sums[i]), dist));
        }

        var matrix = new ScoreMatrix(ImmutableCollectionsMarshal.AsImmutableArray(studentIds), [.. keys.Select(k => k.Item.Id)], [.. keys.Select(k => k.MaxUnits)], Units, Status);
        return new GradingResult(Form, matrix, totals, stats.MoveToImmutable(), [.. diagnostics], rejectedRows, responses);
    }

    /// <summary>
    /// Row totals and column sums of the units matrix in one vectorised pass. Columns are accumulated in 32-bit lanes and
    /// flushed into 64-bit sums before they could overflow (every cell lies between 0 and its item's maximum).
    /// </summary>
    internal static void SumRowsAndColumns(int[] units, int n, int maxCell, long[] totals, long[] sums)
    {
        if (n == 0) return;
        var acc = new int[n];
        int flushEvery = maxCell <= 0 ? int.MaxValue : Math.Max(1, int.MaxValue / 2 / maxCell);
        bool rowFitsInt = (long)maxCell * n <= int.MaxValue;
        int w = System.Numerics.Vector<int>.Count;
        int rows = totals.Length, pending = 0;
        for (int s = 0; s < rows; s++)
        {
            var row = units.AsSpan(s * n, n);
            long t = 0;
            int i = 0;
            if (rowFitsInt && System.Numerics.Vector.IsHardwareAccelerated)
            {
                var vt = System.Numerics.Vector<int>.Zero;
                for (; i <= n - w; i += w)
                {
                    var v = new System.Numerics.Vector<int>(row[i..]);
                    vt += v;
                    (new System.Numerics.Vector<int>(acc.AsSpan(i)) + v).CopyTo(acc.AsSpan(i));
                }

                t = System.Numerics.Vector.Sum(vt);
            }

            for (; i < n; i++)
            {
                t += row[i];
                acc[i] += row[i];
            }

            totals[s] = t;
            if (++pending >= flushEvery)
            {
                for (int k = 0; k < n; k++) sums[k] += acc[k];
                Array.Clear(acc);
                pending = 0;
            }
        }

        for (int k = 0; k < n; k++) sums[k] += acc[k];
    }

    /// <summary>Per-thread state: scratch buffers and statistic accumulators (merged in <see cref="Finish"/>).</summary>
    internal sealed class Worker
    {
        private readonly GradingEngine _engine;
        private readonly CompiledItem[] _keys;
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[] _lookups;
        private readonly OutcomeCache?[] _caches;
        private readonly int[] _labelScratch;
        private readonly int[] _units;
        private readonly byte[] _status;
        private readonly int _itemCount;
        private readonly int _maxDistinct;
        private char[] _keyBuffer = new char[256];
        private Outcome _outcome;

        public Worker(GradingEngine engine)
        {
            _engine = engine;
            _keys = engine.Form.Keys;
            _units = engine.Units;
            _status = engine.Status;
            _itemCount = engine.ItemCount;
            int n = _keys.Length;
            StatusCounts = new long[n * 8];
            LabelCounts = new int[n][];
            Answers = new Dictionary<string, int>?[n];
            SlotCounts = new int[n][];
            _lookups = new Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>>[n];
            _caches = new OutcomeCache?[n];
            int maxLabels = 0;
            for (int i = 0; i < n; i++)
            {
                var k = _keys[i];
                LabelCounts[i] = new int[k.LabelCount];
                maxLabels = Math.Max(maxLabels, k.LabelCount);
                if (k.LabelCount == 0 && k.CountsText)
                {
                    var d = new Dictionary<string, int>(StringComparer.Ordinal);
                    Answers[i] = d;
                    _lookups[i] = d.GetAlternateLookup<ReadOnlySpan<char>>();
                    SlotCounts[i] = new int[16];
                }

                // programs run code through the injected scorer: never memoised
                if (k is not ProgramKey) _caches[i] = new OutcomeCache();
            }

            _labelScratch = new int[maxLabels];
            Other = new int[n];
            _maxDistinct = engine.Form.Options.MaxDistinctAnswers;
        }

        public ResponseScratch Scratch { get; } = new();
        public long[] StatusCounts { get; }
        public int[][] LabelCounts { get; }
        /// <summary>Normalised answer → slot in <see cref="SlotCounts"/>, per text-counted item.</summary>
        public Dictionary<string, int>?[] Answers { get; }
        public int[][] SlotCounts { get; }
        public int[] Other { get; }

        /// <summary>Scores the response in <see cref="Scratch"/> for (row, item), records it, and returns the outcome.</summary>
        public ref readonly Outcome Score(int row, int item) => ref ScoreCore(row, item, default, -1, 0);

        /// <summary>
        /// Records the memoised outcome of the encoded response (the first <paramref name="length"/> bytes of
        /// <paramref name="window"/>, which may extend further so that short keys are read as whole words) for (row, item) and returns
        /// true, or returns false (nothing recorded) when this answer has not been scored before by this worker. After
        /// false, fill <see cref="Scratch"/> from the same bytes and call <see cref="ScoreAndRemember"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryScoreCached(int row, int item, ReadOnlySpan<byte> window, int length, out int hash)
        {
            hash = 0;
            var cache = _caches[item];
            if (cache is null || length > OutcomeCache.MaxKeyBytes) return false;
            int e;
            if (length <= OutcomeCache.PackedBytes)
            {
                OutcomeCache.Pack(window, length, out ulong lo, out ulong mid, out ulong hi);
                hash = OutcomeCache.HashPacked(lo, mid, hi, length);
                e = cache.FindPacked(lo, mid, hi, length, hash);
            }
            else
            {
                hash = OutcomeCache.Hash(window[..length]);
                e = cache.Find(window[..length], hash);
            }

            if (e < 0) return false;
            ref var entry = ref cache[e];
            int cell = row * _itemCount + item;
            _units[cell] = entry.Units;
            _status[cell] = (byte)entry.Status;
            StatusCounts[item * 8 + (int)entry.Status]++;
            if (entry.DistSlot >= 0) SlotCounts[item][entry.DistSlot]++;
            else if (entry.DistSlot == -1) Other[item]++;
            else if (entry.Labels is { } labels)
            {
                var counts = LabelCounts[item];
                foreach (int l in labels) counts[l]++;
            }

            return true;
        }

        /// <summary>Scores the response in <see cref="Scratch"/> (decoded from <paramref name="encoded"/>) and memoises the outcome.</summary>
        public ref readonly Outcome ScoreAndRemember(int row, int item, ReadOnlySpan<byte> encoded, int hash) => ref ScoreCore(row, item, encoded, hash, 1);

        private ref readonly Outcome ScoreCore(int row, int item, ReadOnlySpan<byte> encoded, int hash, int remember)
        {
            var key = _keys[item];
            var r = Scratch;
            r.NormLength = -1;
            key.ScoreAny(r, ref _outcome, _engine.Context);
            int cell = row * _itemCount + item;
            _units[cell] = _outcome.Units;
            _status[cell] = (byte)_outcome.Status;
            StatusCounts[item * 8 + (int)_outcome.Status]++;
            var cache = remember != 0 ? _caches[item] : null;
            bool cacheable = cache is not null && !cache.IsFull && encoded.Length <= OutcomeCache.MaxKeyBytes
                && _outcome.Status != ResponseStatus.Invalid && r.Kind != InputKind.Invalid;
            int distSlot = -2;
            int[]? labels = null;
            if (_outcome.Status != ResponseStatus.NoResponse && r.Kind is not (InputKind.None or InputKind.Invalid))
            {
                if (key.LabelCount > 0)
                {
                    if (cacheable)
                    {
                        var tmp = _labelScratch.AsSpan(0, key.LabelCount);
                        tmp.Clear();
                        key.CountLabels(r, _labelScratch);
                        int marks = 0;
                        foreach (int c in tmp) marks += c;
                        if (marks > 0)
                        {
                            labels = new int[marks];
                            int at = 0;
                            var counts = LabelCounts[item];
                            for (int l = 0; l < tmp.Length; l++)
                            {
                                for (int c = 0; c < tmp[l]; c++) labels[at++] = l;
                                counts[l] += tmp[l];
                            }
                        }
                    }
                    else
                    {
                        key.CountLabels(r, LabelCounts[item]);
                    }
                }
                else if (Answers[item] is not null)
                {
                    if (key is TextKey && r.NormLength >= 0) distSlot = Count(item, r.Norm.AsSpan(0, r.NormLength)); // reuse the scorer's normalised text
                    else distSlot = CountText(key, item, r);
                }
            }

            if (cacheable)
            {
                cache!.Add(encoded, hash, new OutcomeCache.Entry { Units = _outcome.Units, Status = _outcome.Status, DistSlot = distSlot, Labels = labels });
            }

            return ref _outcome;
        }

        private int CountText(CompiledItem key, int item, ResponseScratch r)
        {
            // Build "part;part;…" then normalise with the item's options (text items) or the defaults.
            int len = 0;
            for (int p = 0; p < r.PartCount; p++) len += Math.Max(0, r.Parts[p].Length) + 1;
            if (_keyBuffer.Length < len * 2 + 2) _keyBuffer = new char[len * 2 + 2];
            var joined = _keyBuffer.AsSpan(0, len);
            int n = 0;
            for (int p = 0; p < r.PartCount; p++)
            {
                if (p > 0) joined[n++] = ';';
                var t = r.Text(r.Parts[p]);
                t.CopyTo(joined[n..]);
                n += t.Length;
            }

            var options = key is TextKey tk ? tk.Options : Normalization.NormalizationOptions.Default;
            var target = _keyBuffer.AsSpan(len, Math.Max(n, 1));
            int m = Normalization.JapaneseNormalizer.NormalizeInto(joined[..n], options, target, out _);
            return Count(item, target[..m]);
        }

        /// <summary>Counts a normalised answer; returns its slot, or -1 when it was counted as other.</summary>
        private int Count(int item, ReadOnlySpan<char> text)
        {
            var lookup = _lookups[item];
            if (Answers[item]!.Count < _maxDistinct)
            {
                ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, text, out bool exists);
                if (!exists)
                {
                    slot = Answers[item]!.Count - 1;
                    if (slot == SlotCounts[item].Length) Array.Resize(ref SlotCounts[item], slot * 2);
                }

                SlotCounts[item][slot]++;
                return slot;
            }

            if (lookup.TryGetValue(text, out int s))
            {
                SlotCounts[item][s]++;
                return s;
            }

            Other[item]++;
            return -1;
        }
    }
}

/// <summary>Grades response batches held in memory (the model path; files are read by Sendai.Cbt.Storage).</summary>
public static class Grading
{
    private const int ChunkSize = 256;

    /// <summary>
    /// Grades every student of <paramref name="batch"/>. Unknown item columns, invalid responses and duplicate student
    /// ids are reported as diagnostics (CBT01xx); a duplicate id rejects the later row, everything else is scored.
    /// Results do not depend on <paramref name="degreeOfParallelism"/>.
    /// </summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="batch">The responses.</param>
    /// <param name="degreeOfParallelism">Threads to use (1 = the calling thread only).</param>
    /// <param name="cancellationToken">Cancels grading.</param>
    public static GradingResult Grade(CompiledForm form, ResponseBatch batch, int degreeOfParallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        var diags = new List<Diagnostic>(batch.Diagnostics);
        var columns = MapColumns(form, batch.ItemIds, batch.Source, batch.ColumnOf, diags, batch.FormId, batch.FormVersion);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var accepted = new List<StudentResponses>(batch.Students.Length);
        int rejected = batch.RejectedRows;
        foreach (var s in batch.Students)
        {
            if (string.IsNullOrWhiteSpace(s.StudentId))
            {
                diags.Add(new Diagnostic(DiagnosticCodes.MalformedRow, Severity.Error, batch.Source, s.Line, 1, "row has no student id; row rejected"));
                rejected++;
            }
            else if (!seen.Add(s.StudentId))
            {
                diags.Add(new Diagnostic(DiagnosticCodes.DuplicateStudent, Severity.Error, batch.Source, s.Line, 1, $"student id '{s.StudentId}' appears again; this row is rejected"));
                rejected++;
            }
            else
            {
                accepted.Add(s);
            }
        }

        var engine = new GradingEngine(form, accepted.Count, cancellationToken);
        int chunks = (accepted.Count + ChunkSize - 1) / ChunkSize;
        var chunkDiags = new List<Diagnostic>?[chunks];
        void RunChunk(int c, GradingEngine.Worker w)
        {
            int end = Math.Min(accepted.Count, (c + 1) * ChunkSize);
            for (int row = c * ChunkSize; row < end; row++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var s = accepted[row];
                for (int p = 0; p < columns.Length; p++)
                {
                    int item = columns[p];
                    if (item < 0) continue;
                    var resp = p < s.Responses.Length ? s.Responses[p] ?? ItemResponse.NoResponse : ItemResponse.NoResponse;
                    w.Scratch.Load(resp);
                    ref readonly var o = ref w.Score(row, item);
                    if (o.Status == ResponseStatus.Invalid)
                    {
                        (chunkDiags[c] ??= []).Add(new Diagnostic(DiagnosticCodes.InvalidResponse, Severity.Error, batch.Source, s.Line, batch.ColumnOf(p),
                            $"student '{s.StudentId}', item '{form.Keys[item].Item.Id}': {o.Note}; scored as invalid (0)"));
                    }
                }
            }
        }

        RunChunks(engine, chunks, degreeOfParallelism, cancellationToken, RunChunk);
        foreach (var d in chunkDiags) if (d is not null) diags.AddRange(d);
        return engine.Finish([.. accepted.Select(a => a.StudentId)], diags, rejected);
    }

    internal static void RunChunks(GradingEngine engine, int chunks, int degreeOfParallelism, CancellationToken cancellationToken, Action<int, GradingEngine.Worker> run)
    {
        if (degreeOfParallelism == 1 || chunks <= 1)
        {
            var w = engine.NewWorker();
            for (int c = 0; c < chunks; c++) run(c, w);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism, CancellationToken = cancellationToken },
            engine.NewWorker, (c, _, w) => { run(c, w); return w; }, _ => { });
    }

    /// <summary>Maps file columns to form indices (-1 = ignored) and reports unknown, repeated and missing items.</summary>
    internal static int[] MapColumns(CompiledForm form, IReadOnlyList<string> itemIds, string source, Func<int, int> columnOf, List<Diagnostic> diags,
        string? formId, string? formVersion)
    {
        if (formId is not null && formId.Length > 0 && formId != form.Form.Id)
            diags.Add(new Diagnostic(DiagnosticCodes.FormMismatch, Severity.Warning, source, 1, 0, $"responses were written for form '{formId}', grading with '{form.Form.Id}'"));
        else if (formVersion is not null && formVersion != form.Form.Version)
            diags.Add(new Diagnostic(DiagnosticCodes.FormMismatch, Severity.Warning, source, 1, 0, $"responses were written for version '{formVersion}' of form '{form.Form.Id}', grading with version '{form.Form.Version}'"));
        var map = new int[itemIds.Count];
        var used = new bool[form.Keys.Length];
        for (int p = 0; p < itemIds.Count; p++)
        {
            int i = form.IndexOf(itemIds[p]);
            if (i < 0)
            {
                diags.Add(new Diagnostic(DiagnosticCodes.UnknownResponseItem, Severity.Error, source, 1, columnOf(p), $"item '{itemIds[p]}' is not in form '{form.Form.Id}'; its responses are ignored"));
            }
            else if (used[i])
            {
                diags.Add(new Diagnostic(DiagnosticCodes.UnknownResponseItem, Severity.Error, source, 1, columnOf(p), $"item '{itemIds[p]}' has a second column; it is ignored"));
                i = -1;
            }
            else
            {
                used[i] = true;
            }

            map[p] = i;
        }

        for (int i = 0; i < used.Length; i++)
        {
            if (!used[i]) diags.Add(new Diagnostic(DiagnosticCodes.MissingItemColumn, Severity.Warning, source, 1, 0, $"item '{form.Keys[i].Item.Id}' has no column; every student gets no response"));
        }

        return map;
    }
}
