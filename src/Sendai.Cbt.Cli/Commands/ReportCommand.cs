using System.CommandLine;
using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Reports.School;
using Sendai.Cbt.Storage;

namespace Sendai.Cbt.Cli.Commands;

/// <summary>
/// <c>cbt report --results DIR [--analysis DIR] --out DIR [--kind student|class|items|all] [--roster FILE] [--bank content]
/// [--form F] [--responses FILE] [--per-student] [--date YYYY-MM-DD] [--author TEXT] [--pdfa]</c>: PDF school reports.
/// Without --analysis the analysis is computed in-process.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var results = new Option<string>("--results") { Description = "Folder written by cbt grade --out.", Required = true };
        var analysis = new Option<string?>("--analysis") { Description = "Folder written by cbt analyze (default: analyse in-process)." };
        var output = new Option<string>("--out") { Description = "Output folder.", Required = true };
        var kind = new Option<string>("--kind") { Description = "student, class, items or all (default all).", DefaultValueFactory = _ => "all" };
        var roster = new Option<string?>("--roster") { Description = "Roster CSV: student_id,name,kana,class,number." };
        var bank = new Option<string>("--bank") { Description = "Bank folder (default: content).", DefaultValueFactory = _ => "content" };
        var form = new Option<string?>("--form") { Description = "Form id (default: the id recorded in results.msgpack)." };
        var responses = new Option<string?>("--responses") { Description = "The graded response file: students' answers on 個人票 and distractor analysis." };
        var perStudent = new Option<bool>("--per-student") { Description = "One 個人票 PDF per student." };
        var date = new Option<string?>("--date") { Description = "Date printed on the reports (YYYY-MM-DD; default today)." };
        var author = new Option<string?>("--author") { Description = "School name for the header and PDF metadata." };
        var pdfa = new Option<bool>("--pdfa") { Description = "Write PDF/A (experimental)." };
        var cmd = new Command("report", "PDF reports: 個人票, 学級集計 with the S-P chart, item analysis for authors.");
        foreach (var o in new Option[] { results, analysis, output, kind, roster, bank, form, responses, perStudent, date, author, pdfa }) cmd.Options.Add(o);
        cmd.SetAction(r => Run(new Args(r.GetValue(results)!, r.GetValue(analysis), r.GetValue(output)!, r.GetValue(kind)!, r.GetValue(roster), r.GetValue(bank)!,
            r.GetValue(form), r.GetValue(responses), r.GetValue(perStudent), r.GetValue(date), r.GetValue(author), r.GetValue(pdfa)), stdout, stderr, time));
        return cmd;
    }

    internal sealed record Args(string Results, string? Analysis, string Out, string Kind, string? Roster, string Bank, string? Form, string? Responses,
        bool PerStudent, string? Date, string? Author, bool PdfA);

    internal static int Run(Args args, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        ReportKinds kinds = args.Kind.ToLowerInvariant() switch
        {
            "student" or "students" => ReportKinds.Student,
            "class" => ReportKinds.Class,
            "items" or "item" => ReportKinds.Items,
            "all" => ReportKinds.All,
            _ => ReportKinds.None,
        };
        if (kinds == ReportKinds.None)
        {
            stderr.WriteLine($"cbt: --kind must be student, class, items or all (got '{args.Kind}')");
            return ExitCodes.Usage;
        }
        DateOnly? date = null;
        if (args.Date is not null)
        {
            if (!DateOnly.TryParseExact(args.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            {
                stderr.WriteLine($"cbt: --date must be YYYY-MM-DD (got '{args.Date}')");
                return ExitCodes.Usage;
            }
            date = d;
        }
        if (args.Roster is not null && !File.Exists(args.Roster))
        {
            stderr.WriteLine($"cbt: file not found: {args.Roster}");
            return ExitCodes.IoError;
        }
        var loaded = ResultsCommandSupport.Load(args.Results, args.Form, args.Bank, args.Responses, stdout, stderr, out int exit);
        if (loaded is null) return exit;
        bool problems = loaded.HadErrors;
        ResultAnalysisReport report;
        if (args.Analysis is not null)
        {
            try
            {
                report = AnalysisFiles.Read(args.Analysis);
            }
            catch (FileNotFoundException e)
            {
                stderr.WriteLine($"cbt: {e.Message}");
                return ExitCodes.IoError;
            }
            catch (InvalidDataException e)
            {
                stderr.WriteLine($"cbt: {args.Analysis}: {e.Message}");
                return ExitCodes.ContentErrors;
            }
            if (report.FormId != loaded.Form.Form.Id || report.Items.Length != loaded.Form.Items.Length || !report.Items.Select(i => i.Id).SequenceEqual(loaded.Form.Items.Select(i => i.Id)))
            {
                stderr.WriteLine($"cbt: {args.Analysis} was computed for form '{report.FormId}' with other items; run cbt analyze again or omit --analysis");
                return ExitCodes.ContentErrors;
            }
        }
        else report = ResultAnalysis.Analyze(loaded.Form, loaded.Students, null, loaded.Answers);

        var roster = Roster.Empty;
        if (args.Roster is not null)
        {
            roster = Roster.Read(args.Roster);
            foreach (var d in roster.Diagnostics) stdout.WriteLine(d.ToString());
            problems |= roster.Diagnostics.Length > 0;
            int missing = report.Students.Count(s => roster.Find(s.Id) is null);
            if (missing > 0) stdout.WriteLine($"warning: {missing} student(s) are not in the roster; their ids are printed instead of names");
        }
        var options = new SchoolReportOptions
        {
            Roster = roster, Date = date, Time = time, Kinds = kinds, PerStudent = args.PerStudent, PdfA = args.PdfA,
            Author = args.Author ?? "Sendai.Cbt",
        };
        IReadOnlyList<string> files;
        try
        {
            files = SchoolReports.WriteAll(new ReportInput(loaded.Form, report, loaded.Responses), args.Out, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot write to {args.Out}: {e.Message}");
            return ExitCodes.IoError;
        }
        stdout.WriteLine($"wrote {files.Count} PDF file(s) to {args.Out}: {string.Join(", ", files.Take(5).Select(f => Path.GetRelativePath(args.Out, f)))}{(files.Count > 5 ? ", …" : "")}");
        return problems ? ExitCodes.ContentErrors : ExitCodes.Ok;
    }
}
