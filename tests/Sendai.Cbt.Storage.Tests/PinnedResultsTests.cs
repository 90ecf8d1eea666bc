using System.Security.Cryptography;
using System.Text;
using Sendai.Cbt.Benchmarks.Scoring;
using Sendai.Cbt.Core.Tests.Scoring;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;
using Sendai.Cbt.Storage.Responses;
using Xunit;

namespace Sendai.Cbt.Storage.Tests;

/// <summary>
/// Pins the exact results of seeded 2,000-student batches (every output file and every diagnostic), so that any
/// optimisation of the grading path that changes a score, a status, a statistic or an answer distribution fails here.
/// The hashes were recorded with the unoptimised grading path. If the simulator changes its output on purpose, the
/// input hash changes first: re-record both and say why in the commit.
/// </summary>
public sealed class PinnedResultsTests
{
    private static string Sha(byte[] b) => Convert.ToHexString(SHA256.HashData(b))[..16];

    internal static string OutputHash(GradingResult r)
    {
        var csv = new StringWriter();
        ResultFiles.WriteResultsCsv(r, csv);
        csv.Write("\n--items--\n");
        ResultFiles.WriteItemsCsv(r, csv);
        csv.Write("\n--diagnostics--\n");
        foreach (var d in r.Diagnostics) csv.Write($"{d.Code}|{d.Severity}|{d.Line}|{d.Column}|{d.Message}\n");
        var text = Encoding.UTF8.GetBytes(csv.ToString());
        return Sha([.. text, .. ResultFiles.ResultsPack(r), .. ResultFiles.ItemsPack(r)]);
    }

    private static (string Input, string Output) Run(CompiledForm form, int threads)
    {
        var bytes = ResponsePack.Write(ResponseSimulator.Generate(form, 2000, 2026));
        var fast = Grader.GradeBytes(form, bytes, "pin.msgpack", threads);
        var model = Grading.Grade(form, ResponsePack.Read(bytes, "pin.msgpack"), threads);
        Assert.Equal(OutputHash(fast), OutputHash(model));
        return (Sha(bytes), OutputHash(fast));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_item_type_form_gives_the_pinned_results(int threads)
    {
        var (input, output) = Run(TestBank.Compile(), threads);
        Assert.Equal("6232B08D8F6116EE", input);
        Assert.Equal("E76C1A16748F667D", output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Benchmark_form_gives_the_pinned_results(int threads)
    {
        var (bank, f) = SampleForm.Build();
        var (input, output) = Run(CompiledForm.Compile(bank, f), threads);
        Assert.Equal("FA52D2144F8CE01F", input);
        Assert.Equal("271215D13B461830", output);
    }
}

public sealed class AnswerMemoTests
{
    private static readonly byte[] Clean = ResponsePack.Write(ResponseSimulator.Generate(TestBank.Compile(), 40, 12));

    /// <summary>One thread takes the one-pass walk (abandoned at the first problem), two threads the two-pass path: corrupt bytes must give the same output either way.</summary>
    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Corrupt_bytes_give_the_same_results_on_one_and_two_threads(FsCheck.PositiveInt at, byte value, bool cut)
    {
        var form = TestBank.Compile();
        var bytes = (byte[])Clean.Clone();
        bytes[at.Get % bytes.Length] = value;
        if (cut) bytes = bytes[..(at.Get % bytes.Length)];
        return PinnedResultsTests.OutputHash(Grader.GradeBytes(form, bytes, "c.msgpack", 1)) ==
               PinnedResultsTests.OutputHash(Grader.GradeBytes(form, bytes, "c.msgpack", 2));
    }

    /// <summary>
    /// The fast path memoises outcomes per distinct encoded answer; the model path never does. With more distinct answers
    /// than the memo holds, answers longer than a memo key, and a tiny answer-distribution limit, both must agree exactly.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Memo_overflow_long_answers_and_distribution_limits_do_not_change_results(int threads)
    {
        var form = TestBank.Compile(options: new ScoringOptions { MaxDistinctAnswers = 5 });
        var sim = ResponseSimulator.Generate(form, 3000, 77);
        int text = form.IndexOf("text"), num = form.IndexOf("num"), choice = form.IndexOf("choice");
        var students = sim.Students.Select((s, k) =>
        {
            var r = s.Responses.ToArray();
            if (k % 2 == 0) r[text] = ItemResponse.Text("とうきょう" + k);                                  // > 1,024 distinct
            if (k % 3 == 0) r[num] = ItemResponse.Text(new string('１', 40 + k % 7) + "cm");              // > 96 bytes
            if (k % 5 == 0) r[choice] = ItemResponse.Raw(k % 10 == 0 ? "Ｂ" : "b ");                        // variants
            if (k % 11 == 0) r[text] = ItemResponse.Text("東京");
            return s with { Responses = [.. r] };
        }).ToArray();
        var batch = sim with { Students = [.. students] };
        var bytes = ResponsePack.Write(batch);
        var model = Grading.Grade(form, ResponsePack.Read(bytes, "m.msgpack"), 1);
        var fast = Grader.GradeBytes(form, bytes, "m.msgpack", 1);
        Assert.Equal(PinnedResultsTests.OutputHash(model), PinnedResultsTests.OutputHash(fast));
        // with several threads each worker has its own memo; totals and statuses still agree
        var parallel = Grader.GradeBytes(form, bytes, "m.msgpack", threads);
        for (int s = 0; s < fast.AcceptedRows; s++) Assert.Equal(fast.Total(s), parallel.Total(s));
        Assert.Equal(fast.Items.Select(i => (i.Correct, i.Partial, i.Wrong, i.NoResponse)), parallel.Items.Select(i => (i.Correct, i.Partial, i.Wrong, i.NoResponse)));
    }
}
