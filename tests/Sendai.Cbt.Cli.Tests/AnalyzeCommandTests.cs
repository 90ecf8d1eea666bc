using System.CommandLine;
using System.Text.Json;
using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Cli.Commands;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("test");
        root.Subcommands.Add(GradeCommand.Create(stdout, stderr, TimeProvider.System));
        root.Subcommands.Add(AnalyzeCommand.Create(stdout, stderr, TimeProvider.System));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr, TimeProvider.System));
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    internal static string GradeClass40(string dir)
    {
        var results = Path.Combine(dir, "graded");
        var g = Run("grade", "--bank", RepoPaths.Content, "--form", "g5-math-check", "--responses",
            Path.Combine(RepoPaths.Content, "responses", "g5-math-check-class40.csv"), "--out", results, "--threads", "1");
        Assert.True(g.Exit == 0, g.Out + g.Err);
        return results;
    }

    [Fact]
    public void Analyze_class40_writes_json_and_csv()
    {
        var results = GradeClass40(_dir);
        var outDir = Path.Combine(_dir, "analysis");
        var (exit, stdout, stderr) = Run("analyze", "--results", results, "--out", outDir, "--bank", RepoPaths.Content,
            "--responses", Path.Combine(RepoPaths.Content, "responses", "g5-math-check-class40.csv"));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("40 students", stdout);
        Assert.Contains("IRT: rasch", stdout);
        Assert.Contains("small sample", stdout);
        foreach (var f in new[] { "analysis.json", "items-analysis.csv", "students-analysis.csv", "sp-chart.csv" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "analysis.json")));
        Assert.Equal("sendai-cbt/analysis", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        var report = AnalysisFiles.Read(outDir);
        Assert.Equal(40, report.Students.Length);
        Assert.Equal(5, report.Items.Length);
        Assert.All(report.Students, s => Assert.InRange(s.Band!.Value, 1, 5));
        // the choice item gets a distractor table when the responses are given
        Assert.NotEmpty(report.Items[0].Distractors);
        var sp = File.ReadAllLines(Path.Combine(outDir, "sp-chart.csv"));
        Assert.Equal(1 + 40 + 2, sp.Length);
    }

    [Fact]
    public void Results_csv_alone_needs_the_form()
    {
        var results = GradeClass40(_dir);
        File.Delete(Path.Combine(results, "results.msgpack"));
        var (exit, _, stderr) = Run("analyze", "--results", results, "--out", Path.Combine(_dir, "a"), "--bank", RepoPaths.Content);
        Assert.Equal(2, exit);
        Assert.Contains("--form", stderr);
        var ok = Run("analyze", "--results", results, "--out", Path.Combine(_dir, "a"), "--bank", RepoPaths.Content, "--form", "g5-math-check");
        Assert.True(ok.Exit == 0, ok.Out + ok.Err);
    }

    [Fact]
    public void Missing_and_corrupt_results()
    {
        Assert.Equal(3, Run("analyze", "--results", Path.Combine(_dir, "nope"), "--out", Path.Combine(_dir, "a")).Exit);
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        Assert.Equal(3, Run("analyze", "--results", empty, "--out", Path.Combine(_dir, "a")).Exit);
        var results = GradeClass40(_dir);
        var pack = Path.Combine(results, "results.msgpack");
        var bytes = File.ReadAllBytes(pack);
        File.WriteAllBytes(pack, bytes[..(bytes.Length / 2)]);
        var (exit, stdout, _) = Run("analyze", "--results", results, "--out", Path.Combine(_dir, "a"), "--bank", RepoPaths.Content);
        Assert.Equal(1, exit);
        Assert.Contains("CBT0700", stdout);
    }
}

public sealed class ReportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Report_all_from_results_with_roster_and_responses()
    {
        var results = AnalyzeCommandTests.GradeClass40(_dir);
        var outDir = Path.Combine(_dir, "pdf");
        var (exit, stdout, stderr) = AnalyzeCommandTests.Run("report", "--results", results, "--out", outDir, "--bank", RepoPaths.Content,
            "--roster", Path.Combine(RepoPaths.Content, "responses", "g5-class-roster.csv"),
            "--responses", Path.Combine(RepoPaths.Content, "responses", "g5-math-check-class40.csv"), "--date", "2026-02-10");
        Assert.True(exit == 0, stdout + stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "kojinhyo.pdf")));
        Assert.True(File.Exists(Path.Combine(outDir, "gakkyu-shukei.pdf")));
        Assert.True(File.Exists(Path.Combine(outDir, "item-analysis.pdf")));
    }

    [Fact]
    public void Report_uses_a_saved_analysis_and_writes_one_pdf_per_student()
    {
        var results = AnalyzeCommandTests.GradeClass40(_dir);
        var an = Path.Combine(_dir, "an");
        Assert.Equal(0, AnalyzeCommandTests.Run("analyze", "--results", results, "--out", an, "--bank", RepoPaths.Content).Exit);
        var outDir = Path.Combine(_dir, "pdf");
        var (exit, stdout, stderr) = AnalyzeCommandTests.Run("report", "--results", results, "--analysis", an, "--out", outDir, "--bank", RepoPaths.Content,
            "--kind", "student", "--per-student", "--date", "2026-02-10");
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(40, Directory.GetFiles(Path.Combine(outDir, "kojinhyo"), "*.pdf").Length);
        Assert.False(File.Exists(Path.Combine(outDir, "gakkyu-shukei.pdf")));
    }

    [Fact]
    public void Bad_arguments_and_files()
    {
        var results = AnalyzeCommandTests.GradeClass40(_dir);
        Assert.Equal(2, AnalyzeCommandTests.Run("report", "--results", results, "--out", _dir, "--bank", RepoPaths.Content, "--kind", "nope").Exit);
        Assert.Equal(2, AnalyzeCommandTests.Run("report", "--results", results, "--out", _dir, "--bank", RepoPaths.Content, "--date", "10/2/2026").Exit);
        Assert.Equal(3, AnalyzeCommandTests.Run("report", "--results", results, "--out", _dir, "--bank", RepoPaths.Content, "--roster", Path.Combine(_dir, "none.csv")).Exit);
        var an = Directory.CreateDirectory(Path.Combine(_dir, "an")).FullName;
        File.WriteAllText(Path.Combine(an, "analysis.json"), "{\"schema\":\"sendai-cbt/analysis\",\"version\":99}");
        var (exit, _, err) = AnalyzeCommandTests.Run("report", "--results", results, "--analysis", an, "--out", _dir, "--bank", RepoPaths.Content);
        Assert.Equal(1, exit);
        Assert.Contains("version", err);
    }
}
