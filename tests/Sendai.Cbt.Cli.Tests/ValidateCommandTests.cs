using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Prints_diagnostics_in_editor_format_and_exits_1_on_error()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "items"));
        File.WriteAllText(Path.Combine(_dir, "items", "q.md"), "---\nid: q\ntype: choice\nsubject: 算数\ngrade: 3\n---\n問題\n\n- [ ] 1\n- [ ] 2\n");
        var (exit, stdout, _) = CliRunner.Run("validate", _dir);
        Assert.Equal(1, exit);
        Assert.Matches(@"q\.md:9:1: error CBT0010: ", stdout);
        Assert.Contains("1 error(s), 0 warning(s)", stdout);
    }

    [Fact]
    public void Exits_0_for_a_valid_bank_and_3_for_a_missing_folder_and_2_for_usage()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "items"));
        File.WriteAllText(Path.Combine(_dir, "items", "q.md"), "---\nid: q\ntype: text\nsubject: 国語\ngrade: 3\nanswers: [山]\n---\n「やま」を漢字で。\n");
        Assert.Equal(0, CliRunner.Run("validate", _dir).Exit);
        Assert.Equal(3, CliRunner.Run("validate", Path.Combine(_dir, "nope")).Exit);
        Assert.Equal(2, CliRunner.Run("validat").Exit);
        Assert.Equal(2, CliRunner.Run("validate").Exit);
    }

    [Fact]
    public void Help_is_available_on_every_command()
    {
        foreach (var cmd in new[] { new[] { "--help" }, new[] { "validate", "--help" } })
        {
            var (exit, stdout, _) = CliRunner.Run(cmd);
            Assert.Equal(0, exit);
            Assert.Contains("Usage", stdout);
        }
    }
}
