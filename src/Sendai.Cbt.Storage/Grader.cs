using System.Buffers;
using System.Globalization;
using System.Text;
using MessagePack;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Storage;

/// <summary>The outcome of grading one response file, with throughput figures.</summary>
/// <param name="Result">Scores, statistics and diagnostics.</param>
/// <param name="Source">The response file.</param>
/// <param name="Elapsed">Time spent reading and scoring (measured with the injected <see cref="TimeProvider"/>).</param>
/// <param name="Threads">Degree of parallelism used.</param>
public sealed record GradingRun(GradingResult Result, string Source, TimeSpan Elapsed, int Threads)
{
    /// <summary>Students scored.</summary>
    public int Students => Result.AcceptedRows;
    /// <summary>Rows rejected.</summary>
    public int Rejected => Result.RejectedRows;
    /// <summary>Item responses scored (students × items).</summary>
    public long ItemResponses => (long)Result.AcceptedRows * Result.Matrix.ItemCount;
    /// <summary>Mean total score.</summary>
    public decimal MeanScore => Result.MeanScore;
    /// <summary>Item responses per second.</summary>
    public double ResponsesPerSecond => Elapsed.TotalSeconds <= 0 ? 0 : ItemResponses / Elapsed.TotalSeconds;

    /// <summary>A few human-readable summary lines.</summary>
    public string Summary()
    {
        var inv = CultureInfo.InvariantCulture;
        int errors = Result.Diagnostics.Count(d => d.Severity == Severity.Error);
        return string.Join('\n',
            $"form: {Result.Form.Form.Id} (version {Result.Form.Form.Version}), {Result.Matrix.ItemCount} items, max {Result.Form.MaxScore.ToString(inv)}",
            $"students: {Students} accepted, {Rejected} rejected; responses: {Result.Responses.ToString(inv)} given of {ItemResponses.ToString(inv)}",
            $"mean score: {MeanScore.ToString("0.##", inv)} / {Result.Form.MaxScore.ToString(inv)}",
            $"diagnostics: {errors} error(s), {Result.Diagnostics.Length - errors} warning(s)",
            $"elapsed: {Elapsed.TotalMilliseconds.ToString("0.0", inv)} ms on {Threads} thread(s), {ResponsesPerSecond.ToString("N0", inv)} responses/s");
    }
}

/// <summary>Grades response files (CSV or MessagePack) and writes result files.</summary>
public static class Grader
{
    /// <summary>
    /// Grades a response file: <c>.csv</c> (teachers) or <c>.msgpack</c> (the high-load path). Bad rows and cells are
    /// diagnostics in the result; every valid row is scored.
    /// </summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="path">The response file.</param>
    /// <param name="time">Clock for the elapsed time.</param>
    /// <param name="degreeOfParallelism">Threads (default 1).</param>
    /// <param name="cancellationToken">Cancels grading.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GradingRun GradeFile(CompiledForm form, string path, TimeProvider time, int degreeOfParallelism = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(time);
        long start = time.GetTimestamp();
        GradingResult result;
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var batch = ResponseCsv.Read(path, form.Form.Id);
            result = Grading.Grade(form, batch, degreeOfParallelism, cancellationToken);
        }
        else
        {
            // memory-mapped: the batch is read from the page cache, not copied into the managed heap
            using var mapped = MappedFile.Open(path);
            result = GradeBytes(form, mapped is null ? ReadOnlyMemory<byte>.Empty : mapped.Memory, path, degreeOfParallelism, cancellationToken);
        }

        return new GradingRun(result, path, time.GetElapsedTime(start), degreeOfParallelism);
    }

    /// <summary>Grades a MessagePack response batch held in memory (the high-load path).</summary>
    /// <param name="form">The compiled form.</param>
    /// <param name="bytes">The batch (schema sendai-cbt/responses v1).</param>
    /// <param name="source">Name used in diagnostics.</param>
    /// <param name="degreeOfParallelism">Threads.</param>
    /// <param name="cancellationToken">Cancels grading.</param>
    public static GradingResult GradeBytes(CompiledForm form, ReadOnlyMemory<byte> bytes, string source = "", int degreeOfParallelism = 1, CancellationToken cancellationToken = default) =>
        PackGrader.Grade(form, bytes, source, degreeOfParallelism, cancellationToken);

    /// <summary>Writes results.csv, items.csv, results.msgpack and items.msgpack into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">Output folder.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteOutputs(GradingResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var files = new[] { "results.csv", "items.csv", "results.msgpack", "items.msgpack" }.Select(f => Path.Combine(directory, f)).ToArray();
        var utf8 = new UTF8Encoding(true); // BOM: Excel opens Japanese CSV correctly
        using (var w = new StreamWriter(files[0], false, utf8)) ResultFiles.WriteResultsCsv(result, w);
        using (var w = new StreamWriter(files[1], false, utf8)) ResultFiles.WriteItemsCsv(result, w);
        File.WriteAllBytes(files[2], ResultFiles.ResultsPack(result));
        File.WriteAllBytes(files[3], ResultFiles.ItemsPack(result));
        return files;
    }
}

/// <summary>The result file formats (docs/formats.md).</summary>
public static class ResultFiles
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One-letter status codes used in results.csv: C correct, P partial, W wrong, X invalid, N no response, ? pending, - unscored.</summary>
    /// <param name="status">The status.</param>
    public static char Code(ResponseStatus status) => ResponseStatusCodes.ToCode(status);

    private static string Num(decimal d) => d.ToString("0.####", Inv);

    /// <summary>
    /// results.csv: <c>student_id,score,max_score,percent,no_response,pending</c>, one score column per item (empty for no
    /// response, pending and unscored), one <c>&lt;item&gt;:status</c> column per item, one column per subscore group
    /// (<c>section:…</c>, <c>viewpoint:…</c>, <c>domain:…</c>, <c>format:…</c>) and one <c>grade:&lt;viewpoint&gt;</c> per viewpoint (A/B/C).
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="w">Target.</param>
    public static void WriteResultsCsv(GradingResult result, TextWriter w)
    {
        var m = result.Matrix;
        var groups = result.Form.Groups;
        var header = new List<string> { "student_id", "score", "max_score", "percent", "no_response", "pending" };
        header.AddRange(m.ItemIds);
        header.AddRange(m.ItemIds.Select(i => i + ":status"));
        header.AddRange(groups.Select(g => $"{g.Kind.ToString().ToLowerInvariant()}:{g.Key}"));
        header.AddRange(groups.Where(g => g.Kind == SubscoreKind.Viewpoint).Select(g => $"grade:{g.Key}"));
        w.Write(string.Join(',', header.Select(ResponseCsv.Escape)));
        w.Write('\n');
        var sb = new StringBuilder();
        for (int s = 0; s < m.StudentCount; s++)
        {
            var st = result.Student(s);
            sb.Clear();
            sb.Append(ResponseCsv.Escape(st.StudentId)).Append(',').Append(Num(st.Score)).Append(',').Append(Num(st.MaxScore)).Append(',')
              .Append(Num(st.Percent)).Append(',').Append(st.NoResponses).Append(',').Append(st.Pending);
            for (int i = 0; i < m.ItemCount; i++)
            {
                sb.Append(',');
                if (m.Status(s, i) is not (ResponseStatus.NoResponse or ResponseStatus.Pending or ResponseStatus.Unscored)) sb.Append(Num(m.Score(s, i)));
            }

            for (int i = 0; i < m.ItemCount; i++) sb.Append(',').Append(Code(m.Status(s, i)));
            foreach (var sub in st.Subscores) sb.Append(',').Append(Num(sub.Score));
            foreach (var vp in st.Viewpoints) sb.Append(',').Append(vp.Grade);
            sb.Append('\n');
            w.Write(sb);
        }
    }

    /// <summary>
    /// items.csv: <c>item_id,type,section,viewpoint,domain,format,max_score,students,correct_rate,partial_rate,wrong_rate,
    /// no_response_rate,pending_rate,mean_score,correct,partial,wrong,invalid,no_response,pending,answers</c>; answers is
    /// <c>answer:count</c> entries separated by <c>|</c>.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="w">Target.</param>
    public static void WriteItemsCsv(GradingResult result, TextWriter w)
    {
        w.Write("item_id,type,section,viewpoint,domain,format,max_score,students,correct_rate,partial_rate,wrong_rate,no_response_rate,pending_rate,mean_score,correct,partial,wrong,invalid,no_response,pending,answers\n");
        foreach (var it in result.Items)
        {
            var info = result.Form.Items[it.Index];
            var md = info.Item.Metadata;
            var cells = new[]
            {
                it.ItemId, Items.ItemNames.Key(it.Type), info.SectionId,
                md.Viewpoint is { } v ? Items.ItemNames.Japanese(v) : "", md.Domain ?? "", Items.ItemNames.Japanese(md.Format),
                Num(it.MaxScore), it.Students.ToString(Inv), Num(it.CorrectRate), Num(it.PartialRate), Num(it.WrongRate),
                Num(it.NoResponseRate), Num(it.PendingRate), Num(it.MeanScore), it.Correct.ToString(Inv), it.Partial.ToString(Inv),
                it.Wrong.ToString(Inv), it.Invalid.ToString(Inv), it.NoResponse.ToString(Inv), it.Pending.ToString(Inv),
                string.Join('|', it.Answers.Select(a => $"{a.Answer.Replace("|", "｜")}:{a.Count}")),
            };
            w.Write(string.Join(',', cells.Select(ResponseCsv.Escape)));
            w.Write('\n');
        }
    }

    /// <summary>
    /// results.msgpack: <c>["sendai-cbt/results", 1, formId, formVersion, [itemId…], [maxScore…],
    /// [[studentId, score, maxScore, percent, [itemScore…], statusBytes]…]]</c>; scores are float64, statusBytes is a
    /// bin with one <see cref="ResponseStatus"/> byte per item.
    /// </summary>
    /// <param name="result">The result.</param>
    public static byte[] ResultsPack(GradingResult result)
    {
        var m = result.Matrix;
        var buf = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buf);
        w.WriteArrayHeader(7);
        w.Write("sendai-cbt/results");
        w.Write(1);
        w.Write(result.Form.Form.Id);
        w.Write(result.Form.Form.Version);
        w.WriteArrayHeader(m.ItemCount);
        foreach (var id in m.ItemIds) w.Write(id);
        w.WriteArrayHeader(m.ItemCount);
        for (int i = 0; i < m.ItemCount; i++) w.Write((double)m.MaxScore(i));
        w.WriteArrayHeader(m.StudentCount);
        var status = new byte[m.ItemCount];
        for (int s = 0; s < m.StudentCount; s++)
        {
            w.WriteArrayHeader(6);
            w.Write(m.StudentIds[s]);
            w.Write((double)result.Total(s));
            w.Write((double)result.Form.MaxScore);
            w.Write((double)StudentResult.PercentOf(result.Total(s), result.Form.MaxScore));
            w.WriteArrayHeader(m.ItemCount);
            for (int i = 0; i < m.ItemCount; i++)
            {
                w.Write((double)m.Score(s, i));
                status[i] = (byte)m.Status(s, i);
            }

            w.Write(status);
        }

        w.Flush();
        return buf.WrittenSpan.ToArray();
    }

    /// <summary>
    /// items.msgpack: <c>["sendai-cbt/items", 1, formId, formVersion, [{"id","type","max","students","correct","partial",
    /// "wrong","invalid","no_response","pending","unscored","score_sum","answers":[[answer,count]…]}…]]</c>.
    /// </summary>
    /// <param name="result">The result.</param>
    public static byte[] ItemsPack(GradingResult result)
    {
        var buf = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buf);
        w.WriteArrayHeader(5);
        w.Write("sendai-cbt/items");
        w.Write(1);
        w.Write(result.Form.Form.Id);
        w.Write(result.Form.Form.Version);
        w.WriteArrayHeader(result.Items.Length);
        foreach (var it in result.Items)
        {
            w.WriteMapHeader(13);
            w.Write("id"); w.Write(it.ItemId);
            w.Write("type"); w.Write(Items.ItemNames.Key(it.Type));
            w.Write("max"); w.Write((double)it.MaxScore);
            w.Write("students"); w.Write(it.Students);
            w.Write("correct"); w.Write(it.Correct);
            w.Write("partial"); w.Write(it.Partial);
            w.Write("wrong"); w.Write(it.Wrong);
            w.Write("invalid"); w.Write(it.Invalid);
            w.Write("no_response"); w.Write(it.NoResponse);
            w.Write("pending"); w.Write(it.Pending);
            w.Write("unscored"); w.Write(it.Unscored);
            w.Write("score_sum"); w.Write((double)it.ScoreSum);
            w.Write("answers");
            w.WriteArrayHeader(it.Answers.Length);
            foreach (var a in it.Answers)
            {
                w.WriteArrayHeader(2);
                w.Write(a.Answer);
                w.Write(a.Count);
            }
        }

        w.Flush();
        return buf.WrittenSpan.ToArray();
    }
}
