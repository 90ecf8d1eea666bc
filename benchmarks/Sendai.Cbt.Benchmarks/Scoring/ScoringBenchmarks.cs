using BenchmarkDotNet.Attributes;
using MessagePack;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Benchmarks.Scoring;

/// <summary>
/// 100,000 students × 40 mixed items from MessagePack bytes to per-student totals and per-item statistics.
/// Baseline: reading the same bytes alone (every value decoded to UTF-16 into a reused buffer, no scoring).
/// </summary>
[MemoryDiagnoser]
public class ScoringBenchmarks
{
    private CompiledForm _form = null!;
    private byte[] _bytes = null!;

    [Params(100_000)]
    public int Students { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (bank, form) = SampleForm.Build();
        _form = CompiledForm.Compile(bank, form);
        using var ms = new MemoryStream();
        ResponsePack.Write(ms, form.Id, form.Version, [.. _form.Items.Select(i => i.Id)], ResponseSimulator.Students(_form, Students, 42), Students);
        _bytes = ms.ToArray();
        Console.WriteLine($"// input: {_bytes.Length:N0} bytes, {(long)Students * 40:N0} item responses");
    }

    [Benchmark(Baseline = true)]
    public long DeserializeOnly()
    {
        var scratch = new ResponseScratch();
        var r = new MessagePackReader(_bytes);
        r.ReadArrayHeader();
        r.Skip(); r.Skip(); r.Skip(); r.Skip(); r.Skip();
        int n = r.ReadArrayHeader();
        long chars = 0;
        for (int s = 0; s < n; s++)
        {
            r.ReadArrayHeader();
            chars += r.ReadString()!.Length;
            int m = r.ReadArrayHeader();
            for (int i = 0; i < m; i++)
            {
                ResponsePack.ReadValue(ref r, scratch);
                chars += scratch.Length;
            }
        }

        return chars;
    }

    /// <summary>
    /// A thinner reference point (not the baseline): every student record and every response value is read with the
    /// reader as a UTF-8 span or a scalar, without decoding to UTF-16 — the least any consumer of these bytes does.
    /// </summary>
    [Benchmark]
    public long ReadSpansOnly()
    {
        var r = new MessagePackReader(_bytes);
        r.ReadArrayHeader();
        r.Skip(); r.Skip(); r.Skip(); r.Skip(); r.Skip();
        int n = r.ReadArrayHeader();
        long bytes = 0;
        for (int s = 0; s < n; s++)
        {
            r.ReadArrayHeader();
            bytes += r.ReadString()!.Length;
            int m = r.ReadArrayHeader();
            for (int i = 0; i < m; i++) bytes += ReadSpans(ref r);
        }

        return bytes;
    }

    private static long ReadSpans(ref MessagePackReader r)
    {
        switch (r.NextMessagePackType)
        {
            case MessagePackType.String:
                return r.TryReadStringSpan(out var span) ? span.Length : r.ReadStringSequence()!.Value.Length;
            case MessagePackType.Array:
                long t = 0;
                int n = r.ReadArrayHeader();
                for (int i = 0; i < n; i++) t += ReadSpans(ref r);
                return t;
            case MessagePackType.Map:
                long u = 0;
                int m = r.ReadMapHeader();
                for (int i = 0; i < 2 * m; i++) u += ReadSpans(ref r);
                return u;
            default:
                r.Skip();
                return 1;
        }
    }

    /// <summary>Pass 1 of the grading path alone (header, student ids, duplicate check, record extents).</summary>
    [Benchmark]
    public int ScanOnly() => ResponsePack.Scan(_bytes, "bench").Students.Count;

    [Benchmark]
    public decimal Grade_OneThread() => Run(1);

    [Benchmark]
    public decimal Grade_AllCores() => Run(Environment.ProcessorCount);

    private decimal Run(int threads)
    {
        var result = Grader.GradeBytes(_form, _bytes, "bench", threads);
        return result.MeanScore + result.Items[0].CorrectRate;
    }
}
