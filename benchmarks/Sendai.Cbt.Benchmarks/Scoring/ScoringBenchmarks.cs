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
