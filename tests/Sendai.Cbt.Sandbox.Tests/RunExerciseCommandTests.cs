using System.CommandLine;
using System.Text.Json;
using Sendai.Cbt.Cli.Commands;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Sandbox.Tests;

public class RunExerciseCommandTests
{
    private static readonly string Item = Path.Combine(RepoPaths.Content, "items", "programming", "prog-max.md");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(RunExerciseCommand.Create(stdout, stderr));
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Write(string source)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cbt-sub-{Guid.NewGuid():N}.js");
        File.WriteAllText(path, source);
        return path;
    }

    [Fact]
    public void CorrectSubmissionExitsZero()
    {
        var item = ExerciseTests.Load("prog-max");
        var (code, output, _) = Run("run-exercise", Item, Write(item.ReferenceSolution!));
        Assert.Equal(0, code);
        Assert.Contains("11個のテストのうち11個が正解です", output);
    }

    [Fact]
    public void WrongSubmissionExitsOneWithJapaneseFeedback()
    {
        var (code, output, _) = Run("run-exercise", Item, Write("function maxOf(arr){ return 0; }"));
        Assert.Equal(1, code);
        Assert.Contains("テスト1: 期待値 7、実際 0", output);
        Assert.Contains("テスト7（非公開）: 不正解", output);
    }

    [Fact]
    public void MissingFileExitsThree()
    {
        Assert.Equal(3, Run("run-exercise", Item, "/nonexistent/x.js").Code);
        Assert.Equal(3, Run("run-exercise", "/nonexistent/item.md", Write("")).Code);
    }

    [Fact]
    public void JsonOutputHasTheContractAndHidesHiddenValues()
    {
        var (code, output, _) = Run("run-exercise", Item, Write("function maxOf(arr){ return arr.length ? arr[0] : null; }"), "--json");
        Assert.Equal(1, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("failed", root.GetProperty("outcome").GetString());
        Assert.True(root.GetProperty("score").GetDecimal() < root.GetProperty("maxScore").GetDecimal());
        var tests = root.GetProperty("tests").EnumerateArray().ToList();
        Assert.Equal(11, tests.Count);
        foreach (var t in tests)
        {
            Assert.StartsWith("テスト", t.GetProperty("name").GetString());
            t.GetProperty("passed").GetBoolean();
            t.GetProperty("points").GetDecimal();
            bool hidden = t.GetProperty("hidden").GetBoolean();
            Assert.Equal(!hidden, t.TryGetProperty("expected", out _));
            Assert.Equal(!hidden, t.TryGetProperty("actual", out _));
        }
        Assert.Equal("7", tests[0].GetProperty("expected").GetString());
        Assert.Equal("3", tests[0].GetProperty("actual").GetString());
    }
}
