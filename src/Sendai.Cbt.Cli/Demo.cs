using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Cli;

/// <summary>The demo: the whole pipeline on the bundled bank, step by step, with timings.</summary>
internal static class Demo
{
    /// <summary>Finds the bundled content/ folder: the current directory, then the ancestors of the executable.</summary>
    internal static string? FindContent()
    {
        if (Directory.Exists(Path.Combine("content", "items"))) return "content";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            var candidate = Path.Combine(dir.FullName, "content");
            if (Directory.Exists(Path.Combine(candidate, "items"))) return candidate;
            dir = dir.Parent;
        }
        return null;
    }

    public static int Run(CliApp app, string? content, string outDir)
    {
        content ??= FindContent() ?? throw new CliException("the bundled content/ folder was not found; pass --content DIR", ExitCodes.IoError);
        var o = app.Out;
        o.WriteLine($"Sendai.Cbt demo — bank: {content}, output: {outDir}");
        o.WriteLine();
        o.WriteLine("[1/2] 検証 (validate)");
        var bank = app.LoadBank(content, out var loadTime);
        int errors = app.PrintDiagnostics(bank, quiet: false);
        o.WriteLine($"      loaded in {loadTime.TotalMilliseconds:F0} ms");
        if (errors > 0)
        {
            o.WriteLine("the bank has errors; fix them and run again");
            return ExitCodes.ContentErrors;
        }
        o.WriteLine();
        o.WriteLine("[2/2] プレビュー (render)");
        long start = app.Time.GetTimestamp();
        var site = PreviewSite.Build(bank, Path.Combine(outDir, "preview"), new PreviewOptions { Title = "Sendai.Cbt サンプル問題" });
        var elapsed = app.Time.GetElapsedTime(start);
        o.WriteLine($"      {site.ItemCount} items × 3 views + {site.FormCount} forms → {site.Files.Length} files in {elapsed.TotalMilliseconds:F0} ms");
        o.WriteLine($"      open {Path.Combine(site.OutputDirectory, "index.html")}");
        o.WriteLine();
        o.WriteLine("done");
        return ExitCodes.Ok;
    }
}
