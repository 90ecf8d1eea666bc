using System.CommandLine;
using Sendai.Cbt.Cli.Commands;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public class QtiCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var root = new RootCommand { QtiCommand.Create(o, e, TimeProvider.System) };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return (2, o.ToString(), string.Join("\n", parsed.Errors.Select(x => x.Message)));
        var code = parsed.Invoke(new InvocationConfiguration { Output = o, Error = e });
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Export_then_import_gives_a_valid_bank()
    {
        var tmp = Path.Combine(Path.GetTempPath(), "cbt-qti-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            var zip = Path.Combine(tmp, "p.zip");
            var (code, output, err) = Run("qti", "export", RepoPaths.Content, "-o", zip);
            Assert.True(code == 0, output + err);
            Assert.True(File.Exists(zip));
            var (code2, out2, err2) = Run("qti", "import", zip, "-o", Path.Combine(tmp, "bank"));
            Assert.True(code2 == 0, out2 + err2);
            Assert.True(Directory.Exists(Path.Combine(tmp, "bank", "items")));
            var (code3, out3, _) = Run("qti", "export", Path.Combine(tmp, "bank"), "-o", Path.Combine(tmp, "p22.zip"), "--qti", "2.2");
            Assert.True(code3 == 0, out3);
        }
        finally { if (Directory.Exists(tmp)) Directory.Delete(tmp, true); }
    }

    [Fact]
    public void Exit_codes_for_missing_files_and_bad_options()
    {
        Assert.Equal(3, Run("qti", "import", "/no/such/package.zip", "-o", "x").Code);
        Assert.Equal(3, Run("qti", "export", "/no/such/bank", "-o", "x.zip").Code);
        Assert.Equal(2, Run("qti", "export", RepoPaths.Content, "-o", "x.zip", "--qti", "1.2").Code);
        Assert.Equal(2, Run("qti", "export", RepoPaths.Content).Code);
    }
}
