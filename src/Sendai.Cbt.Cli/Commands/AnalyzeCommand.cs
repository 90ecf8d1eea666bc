using System.CommandLine;
using System.Globalization;
using Sendai.Cbt.Analysis.Results;

namespace Sendai.Cbt.Cli.Commands;

/// <summary>
/// <c>cbt analyze --results DIR --out DIR [--bank content] [--form F] [--responses FILE]</c>: reads the outputs of
/// cbt grade and writes analysis.json, items-analysis.csv, students-analysis.csv and sp-chart.csv.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var results = new Option<string>("--results") { Description = "Folder written by cbt grade --out.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var bank = new Option<string>("--bank") { Description = "Bank folder (default: content).", DefaultValueFactory = _ => "content" };
        var form = new Option<string?>("--form") { Description = "Form id (default: the id recorded in results.msgpack)." };
        var responses = new Option<string?>("--responses") { Description = "The graded response file, for distractor analysis (optional)." };
        var cmd = new Command("analyze", "Item analysis, S-P chart, IRT and scale scores of graded results.");
        foreach (var o in new Option[] { results, output, bank, form, responses }) cmd.Options.Add(o);
        cmd.SetAction(r => Run(r.GetValue(results)!, r.GetValue(output)!, r.GetValue(bank)!, r.GetValue(form), r.GetValue(responses), stdout, stderr));
        return cmd;
    }

    internal static int Run(string resultsDir, string outDir, string bankDir, string? formId, string? responses, TextWriter stdout, TextWriter stderr)
    {
        var loaded = ResultsCommandSupport.Load(resultsDir, formId, bankDir, responses, stdout, stderr, out int exit);
        if (loaded is null) return exit;
        var report = ResultAnalysis.Analyze(loaded.Form, loaded.Students, null, loaded.Answers);
        IReadOnlyList<string> files;
        try
        {
            files = AnalysisFiles.Write(report, outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot write to {outDir}: {e.Message}");
            return ExitCodes.IoError;
        }
        Summary(report, stdout);
        stdout.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {outDir}");
        return loaded.HadErrors ? ExitCodes.ContentErrors : ExitCodes.Ok;
    }

    internal static void Summary(ResultAnalysisReport report, TextWriter w)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = report.Test;
        w.WriteLine($"form: {report.FormId}; {t.Students} students, {t.AnalyzedItems} of {t.Items} items analysed");
        w.WriteLine(string.Create(inv, $"mean {t.Mean:0.##} / {t.MaxScore}, SD {t.Sd:0.##}, median {t.Median:0.##}, alpha {t.Alpha:0.###}"));
        if (report.SpChart is { } sp) w.WriteLine(string.Create(inv, $"S-P chart: disparity {sp.Disparity:0.###}, students with caution ≥ 0.5: {sp.StudentCaution.Count(c => c >= 0.5)}"));
        if (report.Irt is { } irt) w.WriteLine(string.Create(inv, $"IRT: {irt.Model} ({irt.Reason}); marginal reliability {irt.MarginalReliability:0.###}"));
        foreach (var warning in report.Warnings) w.WriteLine($"warning: {warning}");
    }
}
