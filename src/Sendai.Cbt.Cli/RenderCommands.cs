using System.CommandLine;
using System.Globalization;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Cli;

/// <summary><c>cbt render</c> and <c>cbt demo</c>.</summary>
internal static class RenderCommands
{
    public static IEnumerable<Command> Build(CliApp app) => [Render(app), Demo(app)];

    private static Command Render(CliApp app)
    {
        var path = new Argument<string>("path") { Description = "An item file (.md) or a bank folder." };
        var view = new Option<string>("--view") { Description = "student | review | teacher (default student).", DefaultValueFactory = _ => "student" };
        var ruby = new Option<string>("--ruby") { Description = "all | none | grade:N (ruby only on kanji taught after grade N; default all).", DefaultValueFactory = _ => "all" };
        var seed = new Option<ulong?>("--seed") { Description = "Shuffle seed (same seed, same order); default: source order." };
        var outDir = new Option<string?>("--out") { Description = "Output folder. For a file: writes <id>.<view>.html there instead of stdout. For a folder: the preview site (default out/preview)." };
        var cmd = new Command("render", "Render one item to HTML (stdout), or a bank folder to a static preview site (index + one page per item and view + forms).");
        cmd.Arguments.Add(path);
        cmd.Options.Add(view);
        cmd.Options.Add(ruby);
        cmd.Options.Add(seed);
        cmd.Options.Add(outDir);
        cmd.SetAction(r => RunRender(app, r.GetValue(path)!, r.GetValue(view)!, r.GetValue(ruby)!, r.GetValue(seed), r.GetValue(outDir)));
        return cmd;
    }

    internal static RenderView ParseView(string text) => text.Trim().ToLowerInvariant() switch
    {
        "student" => RenderView.Student,
        "review" => RenderView.Review,
        "teacher" => RenderView.Teacher,
        _ => throw new CliException($"--view must be student, review or teacher (found '{text}')", ExitCodes.Usage),
    };

    internal static RubyMode ParseRuby(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "all") return RubyMode.All;
        if (t == "none") return RubyMode.None;
        if (t.StartsWith("grade:", StringComparison.Ordinal) && int.TryParse(t[6..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) && g is >= 1 and <= 12)
        {
            return RubyMode.AboveGrade(g);
        }
        throw new CliException($"--ruby must be all, none or grade:N with N from 1 to 12 (found '{text}')", ExitCodes.Usage);
    }

    private static int RunRender(CliApp app, string path, string viewText, string rubyText, ulong? seed, string? outDir)
    {
        var view = ParseView(viewText);
        var ruby = ParseRuby(rubyText);
        if (Directory.Exists(path))
        {
            var bank = app.LoadBank(path, out _);
            int errors = app.PrintDiagnostics(bank, quiet: true);
            var target = outDir ?? Path.Combine("out", "preview");
            var site = app.Step("プレビューを作成しています…", () => PreviewSite.Build(bank, target, new PreviewOptions { Ruby = ruby, ShuffleSeed = seed }));
            app.Out.WriteLine($"preview site: {Path.Combine(site.OutputDirectory, "index.html")} ({site.ItemCount} items × 3 views, {site.FormCount} forms, {site.Files.Length} files)");
            return errors > 0 ? ExitCodes.ContentErrors : ExitCodes.Ok;
        }
        if (!File.Exists(path)) throw new CliException($"file or folder not found: {path}", ExitCodes.IoError);
        var result = BankLoading.Parser().Parse(path, File.ReadAllBytes(path));
        foreach (var d in result.Diagnostics) app.Err.WriteLine(d.ToString());
        if (result.Diagnostics.Any(d => d.Severity == Severity.Error)) return ExitCodes.ContentErrors;
        var renderer = new ItemRenderer();
        var options = new RenderOptions { View = view, Ruby = ruby, ShuffleSeed = seed };
        string html;
        string id;
        if (result.Stimulus is { } stimulus)
        {
            id = stimulus.Id;
            html = renderer.RenderStimulus(stimulus, options);
        }
        else
        {
            var item = result.Item!;
            id = item.Id;
            var stim = item.StimulusId is null ? null : FindStimulus(path, item.StimulusId);
            html = renderer.RenderItemPage(item, options, stim);
        }
        if (outDir is null)
        {
            app.Out.Write(html);
            return ExitCodes.Ok;
        }
        Directory.CreateDirectory(outDir);
        var file = Path.Combine(outDir, $"{id}.{view.ToString().ToLowerInvariant()}.html");
        File.WriteAllText(file, html);
        app.Out.WriteLine(file);
        return ExitCodes.Ok;
    }

    /// <summary>Finds a stimulus for a single item file by loading the bank that contains it (the nearest ancestor with an items/ folder).</summary>
    private static Items.Stimulus? FindStimulus(string itemPath, string stimulusId)
    {
        var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(itemPath))!);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "items"))) dir = dir.Parent;
        return dir is null ? null : BankLoading.Load(dir.FullName).FindStimulus(stimulusId);
    }

    private static Command Demo(CliApp app)
    {
        var outDir = new Option<string>("--out") { Description = "Output folder (default out/demo).", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var content = new Option<string?>("--content") { Description = "The bank folder (default: the bundled content/ folder)." };
        var city = new Option<int>("--city-students") { Description = "Students in the city-scale grading run (default 100000).", DefaultValueFactory = _ => 100_000 };
        var cmd = new Command("demo", "The main job on the bundled sample content: validate, preview site, simulate and grade a class and a city.");
        cmd.Options.Add(outDir);
        cmd.Options.Add(content);
        cmd.Options.Add(city);
        cmd.SetAction(r =>
        {
            int n = r.GetValue(city);
            if (n < 1 || n > 10_000_000) throw new CliException("--city-students must be between 1 and 10,000,000", ExitCodes.Usage);
            return Cli.Demo.Run(app, r.GetValue(content), r.GetValue(outDir)!, n);
        });
        return cmd;
    }
}
