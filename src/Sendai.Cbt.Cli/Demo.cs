using System.Globalization;
using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Reports.School;
using Sendai.Cbt.Sandbox;
using Sendai.Cbt.Markdown.Rendering;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Cli;

/// <summary>The demo: the whole pipeline on the bundled bank, step by step, with timings.</summary>
internal static class Demo
{
    /// <summary>The form whose class of 40 the demo simulates, grades and reports on.</summary>
    internal const string ClassForm = "g5-math-check";

    /// <summary>The seed of the committed class of 40 (content/responses/g5-math-check-class40.csv).</summary>
    internal const int ClassSeed = 2026;

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

    public static int Run(CliApp app, string? content, string outDir, int cityStudents)
    {
        content ??= FindContent() ?? throw new CliException("the bundled content/ folder was not found; pass --content DIR", ExitCodes.IoError);
        var o = app.Out;
        var inv = CultureInfo.InvariantCulture;
        const int steps = 6;
        o.WriteLine($"Sendai.Cbt demo — bank: {content}, output: {outDir}");
        o.WriteLine();

        o.WriteLine($"[1/{steps}] 検証 (validate)");
        TimeSpan loadTime = default;
        var bank = app.Step("問題を読み込んでいます…", () => app.LoadBank(content, out loadTime));
        int errors = app.PrintDiagnostics(bank, quiet: false);
        o.WriteLine($"      loaded in {loadTime.TotalMilliseconds:F0} ms");
        if (errors > 0)
        {
            o.WriteLine("the bank has errors; fix them and run again");
            return ExitCodes.ContentErrors;
        }
        o.WriteLine();

        o.WriteLine($"[2/{steps}] プレビュー (render)");
        long start = app.Time.GetTimestamp();
        var site = app.Step("プレビューを作成しています…", () => PreviewSite.Build(bank, Path.Combine(outDir, "preview"), new PreviewOptions { Title = "Sendai.Cbt サンプル問題" }));
        o.WriteLine($"      {site.ItemCount} items × 3 views + {site.FormCount} forms → {site.Files.Length} files in {app.Time.GetElapsedTime(start).TotalMilliseconds:F0} ms");
        o.WriteLine($"      open {Path.Combine(site.OutputDirectory, "index.html")}");
        o.WriteLine();

        o.WriteLine($"[3/{steps}] 学級の採点 (simulate and grade the class of 40)");
        var form = bank.FindForm(ClassForm) ?? bank.Forms.First(f => f.Kind == FormKind.Test);
        var compiled = CompiledForm.Compile(bank, form);
        var responsesDir = Path.Combine(outDir, "responses");
        Directory.CreateDirectory(responsesDir);
        var classCsv = Path.Combine(responsesDir, $"{form.Id}-class40.csv");
        var classBatch = ResponseSimulator.Generate(compiled, 40, ClassSeed);
        using (var w = new StreamWriter(classCsv)) ResponseCsv.Write(w, classBatch.ItemIds, classBatch.Students);
        var classRun = app.Step("採点しています…", () => Grader.GradeFile(compiled, classCsv, app.Time, Environment.ProcessorCount));
        var resultsDir = Path.Combine(outDir, "results", form.Id);
        var written = Grader.WriteOutputs(classRun.Result, resultsDir);
        foreach (var line in classRun.Summary().Split('\n')) o.WriteLine("      " + line);
        o.WriteLine($"      wrote {string.Join(", ", written.Select(Path.GetFileName))} to {resultsDir}");

        var programForm = bank.Forms.FirstOrDefault(f => f.AllItems.Any(r => bank.FindItem(r.ItemId) is Items.ProgramItem));
        if (programForm is not null)
        {
            // Programming answers go through the Jint sandbox (a new engine per submission, every limit on).
            var programCompiled = CompiledForm.Compile(bank, programForm, new ScoringOptions { ProgramScorer = new SandboxProgramScorer() });
            var programCsv = Path.Combine(responsesDir, $"{programForm.Id}-class40.csv");
            var programBatch = ResponseSimulator.Generate(programCompiled, 40, ClassSeed);
            using (var w = new StreamWriter(programCsv)) ResponseCsv.Write(w, programBatch.ItemIds, programBatch.Students);
            var programRun = app.Step("プログラムを採点しています…", () => Grader.GradeFile(programCompiled, programCsv, app.Time, Environment.ProcessorCount));
            var programDir = Path.Combine(outDir, "results", programForm.Id);
            Grader.WriteOutputs(programRun.Result, programDir);
            o.WriteLine($"      programming ({programForm.Id}, JavaScript graded in the sandbox):");
            foreach (var line in programRun.Summary().Split('\n')) o.WriteLine("      " + line);
            o.WriteLine($"      wrote results to {programDir}");
        }
        o.WriteLine();

        o.WriteLine($"[4/{steps}] 分析 (item statistics, S-P chart, IRT)");
        var analysis = app.Step("分析しています…", () => ResultAnalysis.Analyze(classRun.Result, responses: classBatch));
        var analysisDir = Path.Combine(outDir, "analysis", form.Id);
        var analysisFiles = AnalysisFiles.Write(analysis, analysisDir);
        o.WriteLine($"      wrote {string.Join(", ", analysisFiles.Select(Path.GetFileName))} to {analysisDir}");
        o.WriteLine();

        o.WriteLine($"[5/{steps}] 帳票 (PDF: 個人票, 学級集計, 問題分析)");
        var rosterPath = Path.Combine(content, "responses", "g5-class-roster.csv");
        var roster = File.Exists(rosterPath) ? Roster.Read(rosterPath) : Roster.Empty;
        var reportsDir = Path.Combine(outDir, "reports", form.Id);
        var pdfs = app.Step("帳票を作成しています…", () => SchoolReports.WriteAll(new ReportInput(compiled, analysis, classBatch), reportsDir,
            new SchoolReportOptions { Roster = roster, Time = app.Time, Author = "Sendai.Cbt デモ" }));
        foreach (var pdf in pdfs) o.WriteLine($"      {pdf} ({new FileInfo(pdf).Length / 1024:N0} KB)");
        o.WriteLine();

        o.WriteLine($"[6/{steps}] 市全体の採点 (simulate and grade {cityStudents.ToString("N0", inv)} students, MessagePack, all cores)");
        var cityForm = bank.Forms.Where(f => f.Kind == FormKind.Test).OrderByDescending(f => f.AllItems.Count()).First();
        var cityCompiled = CompiledForm.Compile(bank, cityForm);
        var cityFile = Path.Combine(responsesDir, $"{cityForm.Id}-city.msgpack");
        app.Step("解答を生成しています…", () =>
        {
            using var fs = File.Create(cityFile);
            ResponsePack.Write(fs, cityForm.Id, cityForm.Version, cityCompiled.Items.Select(i => i.Id).ToArray(),
                ResponseSimulator.Students(cityCompiled, cityStudents, ClassSeed), cityStudents);
            return fs.Length;
        });
        var cityRun = app.Step("採点しています…", () => Grader.GradeFile(cityCompiled, cityFile, app.Time, Environment.ProcessorCount));
        foreach (var line in cityRun.Summary().Split('\n')) o.WriteLine("      " + line);
        o.WriteLine();
        o.WriteLine("done");
        return ExitCodes.Ok;
    }
}
