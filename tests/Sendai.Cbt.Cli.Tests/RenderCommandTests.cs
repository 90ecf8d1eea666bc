using AngleSharp.Html.Parser;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Cli.Tests;

public sealed class RenderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-render-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fizzbuzz => Path.Combine(RepoPaths.Content, "items", "programming", "fizzbuzz.md");

    [Fact]
    public void Renders_one_item_to_stdout_in_each_view()
    {
        var (exit, html, err) = CliRunner.Run("render", Fizzbuzz, "--view", "student");
        Assert.Equal(0, exit);
        Assert.Equal("", err);
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Equal("ja", doc.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(doc.QuerySelector("article.cbt-item"));
        var (_, teacher, _) = CliRunner.Run("render", Fizzbuzz, "--view", "teacher");
        Assert.True(teacher.Length > html.Length);
    }

    [Fact]
    public void Writes_a_file_with_out_and_rejects_bad_options()
    {
        var (exit, stdout, _) = CliRunner.Run("render", Fizzbuzz, "--view", "review", "--ruby", "grade:3", "--seed", "7", "--out", _dir);
        Assert.Equal(0, exit);
        Assert.True(File.Exists(stdout.Trim()));
        Assert.EndsWith(".review.html", stdout.Trim());
        Assert.Equal(2, CliRunner.Run("render", Fizzbuzz, "--view", "admin").Exit);
        Assert.Equal(2, CliRunner.Run("render", Fizzbuzz, "--ruby", "grade:99").Exit);
        Assert.Equal(3, CliRunner.Run("render", Path.Combine(_dir, "missing.md")).Exit);
    }

    [Fact]
    public void Renders_a_folder_to_a_preview_site()
    {
        var (exit, stdout, _) = CliRunner.Run("render", RepoPaths.Content, "--out", _dir);
        Assert.Equal(0, exit);
        Assert.Contains("preview site:", stdout);
        Assert.True(File.Exists(Path.Combine(_dir, "index.html")));
        Assert.True(File.Exists(Path.Combine(_dir, "items", "fizzbuzz.teacher.html")) || Directory.EnumerateFiles(Path.Combine(_dir, "items"), "*.teacher.html").Any());
    }

    [Fact]
    public void Demo_runs_end_to_end_on_the_bundled_content()
    {
        var (exit, stdout, err) = CliRunner.Run("demo", "--content", RepoPaths.Content, "--out", _dir, "--city-students", "500");
        Assert.True(exit == 0, stdout + err);
        Assert.Contains("0 error(s)", stdout);
        Assert.True(File.Exists(Path.Combine(_dir, "preview", "index.html")));
        Assert.True(File.Exists(Path.Combine(_dir, "results", "g5-math-check", "results.csv")));
        Assert.Contains("students: 40 accepted, 0 rejected", stdout);
        Assert.Contains("students: 500 accepted, 0 rejected", stdout);
    }
}
