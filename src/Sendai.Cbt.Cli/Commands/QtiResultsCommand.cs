using System.CommandLine;
using System.Xml;
using Sendai.Cbt.Qti;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt qti results</c>: grades a response file and writes one QTI <c>assessmentResult</c> document per student.</summary>
internal static class QtiResultsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var form = new Option<string>("--form") { Description = "The form id.", Required = true };
        var responses = new Option<string>("--responses") { Description = "The response file (.csv or .msgpack).", Required = true };
        var output = new Option<string>("-o", "--out") { Description = "The folder for <student>.xml files.", Required = true };
        var bank = new Option<string>("--bank") { Description = "The bank folder (default content).", DefaultValueFactory = _ => "content" };
        var version = new Option<string>("--qti") { Description = "QTI results version: 3.0 (default) or 2.2.", DefaultValueFactory = _ => "3.0" };
        var cmd = new Command("results", "Grade a response file and export each student's result as a QTI assessmentResult document (SCORE, MAXSCORE, one itemResult per item; 無解答 and pending kept apart from wrong answers).");
        cmd.Options.Add(form);
        cmd.Options.Add(responses);
        cmd.Options.Add(output);
        cmd.Options.Add(bank);
        cmd.Options.Add(version);
        cmd.SetAction(r => Run(r.GetValue(bank)!, r.GetValue(form)!, r.GetValue(responses)!, r.GetValue(output)!, r.GetValue(version)!, stdout, stderr, time));
        return cmd;
    }

    private static int Run(string bankDir, string formId, string responsesPath, string outDir, string versionText, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        QtiVersion version;
        switch (versionText.Trim())
        {
            case "3.0": case "3": version = QtiVersion.V3p0; break;
            case "2.2": case "2": version = QtiVersion.V2p2; break;
            default: stderr.WriteLine($"cbt: --qti must be 3.0 or 2.2 (found '{versionText}')"); return 2;
        }
        if (!File.Exists(responsesPath))
        {
            stderr.WriteLine($"cbt: file not found: {responsesPath}");
            return 3;
        }
        var compiled = ScoringCommandSupport.LoadForm(bankDir, formId, stderr, out int exit);
        if (compiled is null) return exit;
        var batch = responsesPath.EndsWith(".msgpack", StringComparison.OrdinalIgnoreCase)
            ? ResponsePack.Read(File.ReadAllBytes(responsesPath), responsesPath)
            : ResponseCsv.Read(responsesPath, formId);
        foreach (var d in batch.Diagnostics) stdout.WriteLine(d.ToString());
        Directory.CreateDirectory(outDir);
        var completed = time.GetUtcNow();
        int written = 0;
        foreach (var student in batch.Students)
        {
            var detail = compiled.Explain(batch, student);
            var result = QtiResultMapping.FromScoring(detail, compiled.Form, completed);
            var doc = QtiResults.Write(result, version);
            var file = Path.Combine(outDir, SafeName(student.StudentId) + ".xml");
            using (var w = XmlWriter.Create(file, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) })) doc.Save(w);
            written++;
        }
        stdout.WriteLine($"{written} assessmentResult document(s) written to {outDir}; {batch.RejectedRows} row(s) rejected");
        return batch.Diagnostics.Any(d => d.Severity == Diagnostics.Severity.Error) ? 1 : 0;
    }

    private static string SafeName(string id)
    {
        var chars = id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var name = new string(chars).Trim('.');
        return name.Length == 0 ? "student" : name;
    }
}
