using System.CommandLine;
using System.Text;
using Sendai.Cbt.Cli.Commands;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Sandbox.Tests;

/// <summary><c>cbt grade</c> scores program answers through the sandbox (<see cref="SandboxProgramScorer"/>).</summary>
[Collection(TimingCollection.Name)]
public sealed class GradeProgramAnswersTests : IDisposable
{
    private const string Form = "programming-practice";
    private static readonly string[] FormItems = ["prog-g7-sum-01", "prog-g7-max-01", "prog-g8-evens-01", "fizzbuzz"];

    private const string Reference = """
        function fizzbuzz(n) {
          if (n % 15 === 0) return "FizzBuzz";
          if (n % 3 === 0) return "Fizz";
          if (n % 5 === 0) return "Buzz";
          return String(n);
        }
        """;

    // Checks 3 before 15: 15 and 30 give "Fizz"; the other tests pass.
    private const string Wrong = """
        function fizzbuzz(n) {
          if (n % 3 === 0) return "Fizz";
          if (n % 5 === 0) return "Buzz";
          if (n % 15 === 0) return "FizzBuzz";
          return "" + n;
        }
        """;

    private const string Endless = "function fizzbuzz(n) {\r\n  while (true) { n++; }\r\n}";

    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-grade-program-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private string WriteResponses()
    {
        var rows = new (string Student, string FizzBuzz)[] { ("s001", Reference), ("s002", Wrong), ("s003", Endless), ("s004", "") };
        var sb = new StringBuilder("student_id," + string.Join(',', FormItems) + "\n");
        foreach (var (student, source) in rows)
            sb.Append(student).Append(',').Append(string.Join(',', FormItems.Select(i => i == "fizzbuzz" ? Cell(source) : ""))).Append('\n');
        var path = Path.Combine(_dir, "responses.csv");
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(true));
        return path;
    }

    [Fact]
    public void CbtGradeRunsProgramAnswersInTheSandbox()
    {
        var outDir = Path.Combine(_dir, "out");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(GradeCommand.Create(stdout, stderr, TimeProvider.System));
        int exit = root.Parse(["grade", "--bank", RepoPaths.Content, "--form", Form, "--responses", WriteResponses(), "--out", outDir, "--threads", "2"])
            .Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        Assert.True(exit == 0, stdout + "\n" + stderr);
        Assert.Contains("students: 4 accepted, 0 rejected", stdout.ToString());

        var lines = File.ReadAllLines(Path.Combine(outDir, "results.csv"), Encoding.UTF8);
        var header = lines[0].Split(',');
        int score = Array.IndexOf(header, "fizzbuzz"), status = Array.IndexOf(header, "fizzbuzz:status"), pending = Array.IndexOf(header, "pending");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0]);
        Assert.All(rows.Values, r => Assert.Equal("0", r[pending]));

        var full = decimal.Parse(rows["s001"][score], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(full > 0);
        Assert.Equal("C", rows["s001"][status]);

        Assert.Equal("P", rows["s002"][status]);
        var partial = decimal.Parse(rows["s002"][score], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(partial, 0.01m, full - 0.01m);

        Assert.Equal("W", rows["s003"][status]);
        Assert.Equal("0", rows["s003"][score]);

        Assert.Equal("N", rows["s004"][status]);
        Assert.Equal("", rows["s004"][score]);
    }

    [Fact]
    public void TeacherReasonsNameTheFailureInJapanese()
    {
        var bank = ItemBankLoader.Load(RepoPaths.Content);
        var form = CompiledForm.Compile(bank, bank.FindForm(Form)!, new ScoringOptions { ProgramScorer = new SandboxProgramScorer() });

        var right = form.ScoreResponse("fizzbuzz", ItemResponse.Raw(Reference));
        Assert.Equal(ResponseStatus.Correct, right.Status);
        Assert.Equal("テスト 14/14 合格", right.Reason.Describe());

        var wrong = form.ScoreResponse("fizzbuzz", ItemResponse.Raw(Wrong));
        Assert.Equal(ResponseStatus.Partial, wrong.Status);
        Assert.Equal("テスト 12/14 合格: テスト7: 期待値 \"FizzBuzz\"、実際 \"Fizz\"", wrong.Reason.Describe());

        var endless = form.ScoreResponse("fizzbuzz", ItemResponse.Raw(Endless));
        Assert.Equal(ResponseStatus.Wrong, endless.Status);
        Assert.Equal(0m, endless.Score);
        Assert.Matches("^テスト 0/14 合格: (テスト1で)?(実行ステップ数の上限|実行時間の上限).*をこえたため止めました$", endless.Reason.Describe());

        var broken = form.ScoreResponse("fizzbuzz", ItemResponse.Raw("function fizzbuzz(n) {\n  return n +;\n}"));
        Assert.True(broken.Reason.Describe().StartsWith("テスト 0/14 合格: 構文エラー（2行目", StringComparison.Ordinal), broken.Reason.Describe());

        var none = form.ScoreResponse("fizzbuzz", ItemResponse.NoResponse);
        Assert.Equal(ResponseStatus.NoResponse, none.Status);
        Assert.Equal("無解答", none.Reason.Describe());
    }

    [Fact]
    public void ScorerIsSafeFromManyThreads()
    {
        var item = (Items.ProgramItem)ItemBankLoader.Load(RepoPaths.Content).Items.Single(i => i.Id == "fizzbuzz");
        var scorer = new SandboxProgramScorer(TestItems.Grader);
        var sources = new[] { Reference, Wrong };
        var expected = sources.Select(s => scorer.Score(item, s, default)).ToArray();
        var results = new ProgramScore[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = scorer.Score(item, sources[i % 2], default));
        for (int i = 0; i < results.Length; i++) Assert.Equal(expected[i % 2], results[i]);
    }

    [Fact]
    public void CancelledScoringThrowsInsteadOfScoringZero()
    {
        var item = (Items.ProgramItem)ItemBankLoader.Load(RepoPaths.Content).Items.Single(i => i.Id == "fizzbuzz");
        var scorer = new SandboxProgramScorer(TestItems.Grader, warmUp: false);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => scorer.Score(item, Reference, cts.Token));
    }
}
