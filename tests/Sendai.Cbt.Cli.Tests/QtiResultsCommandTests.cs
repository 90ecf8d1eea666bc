using System.Xml.Linq;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public sealed class QtiResultsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-qtires-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_one_assessment_result_per_student_with_no_response_kept_apart()
    {
        var csv = Path.Combine(_dir, "r.csv");
        File.WriteAllText(csv, "student_id,math-g5-fraction-01\ns1,B\ns2,\n");
        var (exit, stdout, err) = CliRunner.Run("qti", "results", "--bank", RepoPaths.Content, "--form", "g5-math-check", "--responses", csv, "-o", Path.Combine(_dir, "out"));
        Assert.True(exit == 0, stdout + err);
        Assert.Contains("2 assessmentResult document(s)", stdout);
        XNamespace ns = "http://www.imsglobal.org/xsd/imsqti_result_v3p0";
        var s2 = XDocument.Load(Path.Combine(_dir, "out", "s2.xml"));
        var first = s2.Root!.Elements(ns + "itemResult").First();
        Assert.Equal("math-g5-fraction-01", first.Attribute("identifier")!.Value);
        var status = first.Elements(ns + "outcomeVariable").Single(o => o.Attribute("identifier")!.Value == "CBT_STATUS");
        Assert.NotEqual("scored", status.Value.Trim());
    }
}
