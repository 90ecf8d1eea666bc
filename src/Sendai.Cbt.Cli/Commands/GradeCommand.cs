using System.CommandLine;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Sandbox;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;

namespace Sendai.Cbt.Cli.Commands;

/// <summary>
/// <c>cbt grade --form F --responses FILE --out DIR [--threads N] [--bank DIR]</c>: scores a response file and writes
/// results.csv, items.csv, results.msgpack and items.msgpack. Program answers are run in the JavaScript sandbox
/// (<see cref="SandboxProgramScorer"/>). Exit 1 when rows were rejected or cells were invalid.
/// </summary>
internal static class GradeCommand
{
    /// <summary>Diagnostics printed in full; the rest are counted.</summary>
    private const int MaxPrinted = 50;

    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var form = new Option<string>("--form") { Description = "Form id.", Required = true };
        var responses = new Option<string>("--responses") { Description = "Response file (.csv or .msgpack).", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var threads = new Option<int>("--threads") { Description = "Degree of parallelism (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var bank = new Option<string>("--bank") { Description = "Bank folder (default: content).", DefaultValueFactory = _ => "content" };
        var cmd = new Command("grade", "Score a response file: per-student results, per-item statistics, diagnostics for bad rows.");
        foreach (var o in new Option[] { form, responses, output, threads, bank }) cmd.Options.Add(o);
        cmd.SetAction(r => Run(r.GetValue(bank)!, r.GetValue(form)!, r.GetValue(responses)!, r.GetValue(output)!, r.GetValue(threads), stdout, stderr, time));
        return cmd;
    }

    internal static int Run(string bankDir, string formId, string responses, string outDir, int threads, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (threads < 1)
        {
            stderr.WriteLine("cbt: --threads must be at least 1");
            return ExitCodes.Usage;
        }

        if (!File.Exists(responses))
        {
            stderr.WriteLine($"cbt: file not found: {responses}");
            return ExitCodes.IoError;
        }

        // program answers run in the sandbox (a shared, thread-safe grader; warmed up on the first program answer)
        var options = new ScoringOptions { ProgramScorer = new SandboxProgramScorer() };
        var compiled = ScoringCommandSupport.LoadForm(bankDir, formId, stderr, out int exit, options);
        if (compiled is null) return exit;
        var run = Grader.GradeFile(compiled, responses, time, threads);
        var diags = run.Result.Diagnostics;
        foreach (var d in diags.Take(MaxPrinted)) stdout.WriteLine(d.ToString());
        if (diags.Length > MaxPrinted) stdout.WriteLine($"… and {diags.Length - MaxPrinted} more diagnostic(s) (codes: {string.Join(", ", diags.Skip(MaxPrinted).GroupBy(d => d.Code).Select(g => $"{g.Key}×{g.Count()}"))})");
        var files = Grader.WriteOutputs(run.Result, outDir);
        stdout.WriteLine(run.Summary());
        stdout.WriteLine($"wrote {string.Join(", ", files.Select(Path.GetFileName))} to {outDir}");
        bool problems = run.Rejected > 0 || diags.Any(d => d.Severity == Severity.Error);
        return problems ? ExitCodes.ContentErrors : ExitCodes.Ok;
    }
}
