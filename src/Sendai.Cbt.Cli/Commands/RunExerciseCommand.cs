using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Sandbox;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt run-exercise &lt;item.md&gt; &lt;submission.js&gt; [--json]</c>: grades one submission of a program item in the sandbox.</summary>
internal static class RunExerciseCommand
{
    /// <summary>Builds the command. Exit codes: 0 every test passed; 1 a test failed (or the item has errors); 3 a file is missing.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var itemArg = new Argument<string>("item") { Description = "The program item (.md)." };
        var submissionArg = new Argument<string>("submission") { Description = "The student's JavaScript file." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (outcome, score, maxScore, tests)." };
        var cmd = new Command("run-exercise", "Run a JavaScript submission against the tests of a program item in the sandbox. Exit 0 only when every test passes.");
        cmd.Arguments.Add(itemArg);
        cmd.Arguments.Add(submissionArg);
        cmd.Options.Add(json);
        cmd.SetAction(r => Run(r.GetValue(itemArg)!, r.GetValue(submissionArg)!, r.GetValue(json), stdout, stderr));
        return cmd;
    }

    internal static int Run(string itemPath, string submissionPath, bool asJson, TextWriter stdout, TextWriter stderr)
    {
        foreach (var p in new[] { itemPath, submissionPath })
        {
            if (!File.Exists(p)) { stderr.WriteLine($"cbt: file not found: {p}"); return ExitCodes.IoError; }
        }
        var parsed = new ItemParser().ParseText(itemPath, File.ReadAllText(itemPath));
        foreach (var d in parsed.Diagnostics.Where(d => d.Severity == Severity.Error)) stderr.WriteLine(d.ToString());
        if (!parsed.Success || parsed.Item is not ProgramItem item)
        {
            if (parsed.Success) stderr.WriteLine($"cbt: {itemPath} is not a program item");
            return ExitCodes.ContentErrors;
        }
        var source = File.ReadAllText(submissionPath);
        var grader = new ProgramGrader();
        var grade = grader.Grade(item, source);
        if (asJson) stdout.WriteLine(ToJson(grade));
        else
        {
            if (grade.Output.Length > 0) stdout.Write(grade.Output);
            stdout.WriteLine(grade.Feedback);
        }
        return grade.Outcome == ProgramOutcome.Passed ? ExitCodes.Ok : ExitCodes.ContentErrors;
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string ToJson(ProgramGrade g)
    {
        var root = new Dictionary<string, object?>
        {
            ["item"] = g.ItemId,
            ["outcome"] = Camel(g.Outcome.ToString()),
            ["limit"] = g.Limit == SandboxLimit.None ? null : Camel(g.Limit.ToString()),
            ["score"] = g.Score,
            ["maxScore"] = g.MaxScore,
            ["line"] = g.Line,
            ["column"] = g.Column,
            ["feedback"] = g.Feedback,
            ["tests"] = g.Tests.Select(t =>
            {
                var o = new Dictionary<string, object?>
                {
                    ["name"] = $"テスト{t.Number}",
                    ["number"] = t.Number,
                    ["passed"] = t.Passed,
                    ["hidden"] = t.Hidden,
                    ["points"] = t.Points,
                    ["maxPoints"] = t.MaxPoints,
                    ["outcome"] = Camel(t.Outcome.ToString()),
                    ["feedback"] = t.Feedback,
                };
                if (!t.Hidden)
                {
                    o["expected"] = t.Expected;
                    o["actual"] = t.Actual;
                    if (t.ErrorMessage is not null) o["error"] = t.ErrorMessage;
                    if (t.Line is not null) o["line"] = t.Line;
                    if (!string.IsNullOrEmpty(t.Output)) o["output"] = t.Output;
                }
                if (t.Limit != SandboxLimit.None) o["limit"] = Camel(t.Limit.ToString());
                return o;
            }).ToList(),
        };
        return JsonSerializer.Serialize(root, Options);
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
