using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Sandbox.Tests;

/// <summary>The sample exercises in content/items/programming: they parse, the reference passes, typical wrong solutions fail the tests they should.</summary>
public class ExerciseTests
{
    public static readonly string[] Ids = ["prog-reverse-string", "prog-is-prime", "prog-sort", "prog-binary-search", "prog-recursion", "prog-sum-array", "prog-max"];

    public static ProgramItem Load(string id)
    {
        var path = Path.Combine(RepoPaths.Content, "items", "programming", id + ".md");
        var result = new ItemParser().ParseText(path, File.ReadAllText(path));
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<ProgramItem>(result.Item);
    }

    public static TheoryData<string> AllIds() => [.. Ids];

    [Theory]
    [MemberData(nameof(AllIds))]
    public void ParsesWithTenTestsSomeHiddenAndReferencePasses(string id)
    {
        var item = Load(id);
        Assert.Equal(id, item.Id);
        Assert.Equal("プログラミング", item.Metadata.Subject);
        Assert.InRange(item.Metadata.Grade, 5, 9);
        Assert.True(item.Tests.Length >= 10);
        Assert.Contains(item.Tests, t => t.Hidden);
        Assert.Contains(item.Tests, t => !t.Hidden);
        Assert.False(string.IsNullOrWhiteSpace(item.StarterCode));
        var grade = TestItems.Grader.Grade(item, item.ReferenceSolution!);
        Assert.True(grade.Outcome == ProgramOutcome.Passed, grade.Feedback);
        Assert.Equal(grade.MaxScore, grade.Score);
        Assert.Equal(item.Metadata.Points, grade.MaxScore);
        // The starter code is not a solution.
        Assert.NotEqual(ProgramOutcome.Passed, TestItems.Grader.Grade(item, item.StarterCode).Outcome);
    }

    /// <summary>(item id, wrong solution file in Exercises/, test numbers that must fail, outcome of the first failing test).</summary>
    public static TheoryData<string, string, int[], ProgramOutcome> WrongSolutions() => new()
    {
        { "prog-reverse-string", "reverse-split.js", [6, 9], ProgramOutcome.Failed },
        { "prog-reverse-string", "reverse-array.js", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ProgramOutcome.Failed },
        { "prog-reverse-string", "reverse-drops-first.js", [1, 3, 4, 5, 6, 7, 8, 9, 10, 11], ProgramOutcome.Failed },
        { "prog-is-prime", "prime-no-small.js", [4, 5], ProgramOutcome.Failed },
        { "prog-is-prime", "prime-off-by-one.js", [3, 7, 8], ProgramOutcome.Failed },
        { "prog-is-prime", "prime-slow.js", [12], ProgramOutcome.LimitExceeded },
        { "prog-is-prime", "prime-number-type.js", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], ProgramOutcome.Failed },
        { "prog-sort", "sort-default.js", [6, 8, 11], ProgramOutcome.Failed },
        { "prog-sort", "sort-bubble-off-by-one.js", [4, 6], ProgramOutcome.Failed },
        { "prog-sort", "sort-no-return.js", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ProgramOutcome.Failed },
        { "prog-binary-search", "bsearch-lt.js", [3, 6, 7, 8], ProgramOutcome.Failed },
        { "prog-binary-search", "bsearch-boolean.js", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ProgramOutcome.Failed },
        { "prog-recursion", "fact-base-one.js", [1], ProgramOutcome.LimitExceeded },
        { "prog-recursion", "fact-string.js", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ProgramOutcome.Failed },
        { "prog-sum-array", "sum-from-one.js", [1, 3, 4, 6, 7, 8, 9, 10, 11], ProgramOutcome.Failed },
        { "prog-sum-array", "sum-reduce-no-init.js", [2], ProgramOutcome.RuntimeError },
        { "prog-sum-array", "sum-string.js", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], ProgramOutcome.Failed },
        { "prog-max", "max-zero-init.js", [6, 8], ProgramOutcome.Failed },
        { "prog-max", "max-math-max.js", [5], ProgramOutcome.Failed },
        { "prog-max", "max-skips-last.js", [3, 11], ProgramOutcome.Failed },
    };

    [Theory]
    [MemberData(nameof(WrongSolutions))]
    public void WrongSolutionFailsExactlyTheExpectedTests(string id, string file, int[] failing, ProgramOutcome firstOutcome)
    {
        var item = Load(id);
        var source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Exercises", file));
        var grade = TestItems.Grader.Grade(item, source);
        var actualFailing = grade.Tests.Where(t => !t.Passed).Select(t => t.Number).ToArray();
        Assert.True(failing.SequenceEqual(actualFailing), $"{file}: failing [{string.Join(",", actualFailing)}]\n{grade.Feedback}");
        Assert.Equal(firstOutcome, grade.Outcome);
        Assert.True(grade.Score < grade.MaxScore);
    }
}
