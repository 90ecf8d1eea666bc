using Xunit;
using Xunit.Abstractions;
namespace Sendai.Cbt.Sandbox.Tests;
public class Smoke(ITestOutputHelper log)
{
    [Fact]
    public void AddWorks()
    {
        var g = TestItems.Grader.Grade(TestItems.Add, TestItems.AddCorrect);
        log.WriteLine(g.Feedback);
        Assert.Equal(ProgramOutcome.Passed, g.Outcome);
    }
}
