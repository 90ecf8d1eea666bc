using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Parsing;

/// <summary>Broken items with their expected diagnostics (code and position, not wording).</summary>
public class GoldenInvalidTests
{
    private static string Dir => Path.Combine(RepoPaths.Root, "tests", "Sendai.Cbt.Markdown.Tests", "Golden", "invalid");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Dir, "*.md").OrderBy(f => f, StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_expected_codes_and_positions(string name)
    {
        var path = Path.Combine(Dir, name + ".md");
        var expected = File.ReadAllLines(Path.Combine(Dir, name + ".expected"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Trim())
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToArray();
        var result = new ItemParser().Parse(name + ".md", File.ReadAllBytes(path));
        var actual = result.Diagnostics
            .Select(d => $"{d.Code} {d.Line}:{d.Column}")
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(expected, actual);
        Assert.All(result.Diagnostics, d => Assert.Equal(name + ".md", d.File));
        if (result.Diagnostics.Any(d => d.Severity == Severity.Error)) Assert.Null(result.Item);
    }

    [Fact]
    public void Every_golden_case_has_an_expectation_file()
    {
        foreach (var md in Directory.EnumerateFiles(Dir, "*.md"))
        {
            Assert.True(File.Exists(Path.ChangeExtension(md, ".expected")), md);
        }
    }
}
