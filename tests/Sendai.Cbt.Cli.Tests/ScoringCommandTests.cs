using System.CommandLine;
using Sendai.Cbt.Cli.Commands;
using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public sealed class ScoringCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-grade-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(SimulateCommand.Create(stdout, stderr, TimeProvider.System));
        root.Subcommands.Add(GradeCommand.Create(stdout, stderr, TimeProvider.System));
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Bank()
    {
        var bank = Path.Combine(_dir, "bank");
        Directory.CreateDirectory(Path.Combine(bank, "items"));
        Directory.CreateDirectory(Path.Combine(bank, "forms"));
        File.WriteAllText(Path.Combine(bank, "items", "c.md"), "---\nid: c1\ntype: choice\nsubject: 算数\ngrade: 5\nviewpoint: 知識・技能\n---\n1+1は？\n\n- [ ] 1\n- [x] 2\n- [ ] 3\n");
        File.WriteAllText(Path.Combine(bank, "items", "t.md"), "---\nid: t1\ntype: text\nsubject: 国語\ngrade: 5\nviewpoint: 思考\nanswers: [東京]\n---\n首都は？\n");
        File.WriteAllText(Path.Combine(bank, "forms", "f.yaml"), "id: f1\nversion: 1\ntitle: テスト\nsections:\n  - id: s1\n    items: [c1, t1]\n");
        return bank;
    }

    [Theory]
    [InlineData("r.csv")]
    [InlineData("r.msgpack")]
    public void Simulate_then_grade(string file)
    {
        var bank = Bank();
        var path = Path.Combine(_dir, file);
        var sim = Run("simulate", "--bank", bank, "--form", "f1", "--students", "40", "--seed", "3", "--out", path);
        Assert.Equal(0, sim.Exit);
        var grade = Run("grade", "--bank", bank, "--form", "f1", "--responses", path, "--out", Path.Combine(_dir, "out"), "--threads", "2");
        Assert.True(grade.Exit == 0, grade.Out + grade.Err);
        Assert.Contains("students: 40 accepted, 0 rejected", grade.Out);
        Assert.Contains("responses/s", grade.Out);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "results.csv")));
        Assert.True(File.Exists(Path.Combine(_dir, "out", "items.msgpack")));
    }

    [Fact]
    public void Bad_rows_are_reported_and_counted_exit_1()
    {
        var bank = Bank();
        var path = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(path, "student_id,c1,t1\ns001,B,東京\ns002,Q,東京\ns001,A,大阪\n");
        var (exit, stdout, _) = Run("grade", "--bank", bank, "--form", "f1", "--responses", path, "--out", Path.Combine(_dir, "o"));
        Assert.Equal(1, exit);
        Assert.Contains("bad.csv:3:2: error CBT0103", stdout);
        Assert.Contains("bad.csv:4:1: error CBT0101", stdout);
        Assert.Contains("students: 2 accepted, 1 rejected", stdout);
    }

    [Fact]
    public void Missing_form_and_file_have_exit_codes()
    {
        var bank = Bank();
        Assert.Equal(1, Run("simulate", "--bank", bank, "--form", "nope", "--out", Path.Combine(_dir, "x.csv")).Exit);
        Assert.Equal(3, Run("grade", "--bank", bank, "--form", "f1", "--responses", Path.Combine(_dir, "none.csv"), "--out", _dir).Exit);
        Assert.Equal(2, Run("simulate", "--bank", bank, "--form", "f1", "--out", Path.Combine(_dir, "x.txt")).Exit);
    }
}

public sealed class CommittedResponsesTests
{
    [Fact]
    public void The_committed_class_of_40_grades_cleanly_against_the_content_bank()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var outDir = Directory.CreateTempSubdirectory("cbt-c40-").FullName;
        try
        {
            int exit = GradeCommand.Run(Sendai.Cbt.Tests.RepoPaths.Content, "g5-math-check",
                Path.Combine(Sendai.Cbt.Tests.RepoPaths.Content, "responses", "g5-math-check-class40.csv"), outDir, 2, stdout, stderr, TimeProvider.System);
            Assert.True(exit == 0, stdout.ToString() + stderr);
            Assert.Contains("students: 40 accepted, 0 rejected", stdout.ToString());
            Assert.Contains("0 error(s), 0 warning(s)", stdout.ToString());
        }
        finally
        {
            Directory.Delete(outDir, true);
        }
    }
}
