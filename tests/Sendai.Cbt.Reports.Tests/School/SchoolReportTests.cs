using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Reports.School;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;
using Sendai.Cbt.Storage.Responses;
using Sendai.Cbt.Tests;
using Xunit;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace Sendai.Cbt.Reports.Tests.School;

/// <summary>The class of 40 (content/responses) graded, analysed and rendered once for all tests.</summary>
public sealed class Class40
{
    public static readonly Lazy<Class40> Instance = new(() => new Class40());

    private Class40()
    {
        var bank = ItemBankLoader.Load(RepoPaths.Content);
        Form = CompiledForm.Compile(bank, bank.FindForm("g5-math-check")!);
        var csv = Path.Combine(RepoPaths.Content, "responses", "g5-math-check-class40.csv");
        Responses = ResponseCsv.Read(csv, Form.Form.Id);
        var grading = Grader.GradeFile(Form, csv, TimeProvider.System).Result;
        Analysis = ResultAnalysis.Analyze(grading, null, Responses);
        Roster = Roster.Read(Path.Combine(RepoPaths.Content, "responses", "g5-class-roster.csv"));
        Options = new SchoolReportOptions { Roster = Roster, Date = new DateOnly(2026, 2, 10), Author = "仙台市立青葉小学校", Time = new FixedTime() };
        var input = new ReportInput(Form, Analysis, Responses);
        StudentPdf = SchoolReports.StudentReports(input, Options);
        ClassPdf = SchoolReports.ClassReport(input, Options);
        ItemPdf = SchoolReports.ItemReport(input, Options);
        var dir = Environment.GetEnvironmentVariable("SENDAI_PDF_OUT");
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, "school-kojinhyo.pdf"), StudentPdf);
            File.WriteAllBytes(Path.Combine(dir, "school-class.pdf"), ClassPdf);
            File.WriteAllBytes(Path.Combine(dir, "school-items.pdf"), ItemPdf);
        }
    }

    public CompiledForm Form { get; }
    public ResponseBatch Responses { get; }
    public ResultAnalysisReport Analysis { get; }
    public Roster Roster { get; }
    public SchoolReportOptions Options { get; }
    public byte[] StudentPdf { get; }
    public byte[] ClassPdf { get; }
    public byte[] ItemPdf { get; }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 2, 10, 1, 0, 0, TimeSpan.Zero);
    }
}

public class SchoolReportTests
{
    private static Class40 C => Class40.Instance.Value;

    private static List<string> Pages(byte[] pdf)
    {
        using var doc = PigDocument.Open(pdf);
        return [.. doc.GetPages().Select(p => p.Text)];
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    [Fact]
    public void Roster_has_40_students_including_yoshida_with_the_tsuchi_yoshi()
    {
        Assert.Empty(C.Roster.Diagnostics);
        Assert.Equal(40, C.Roster.Entries.Length);
        Assert.Equal("𠮷田 葵", C.Roster.Find("s033")!.Name);
        Assert.All(C.Roster.Entries, e => Assert.Equal("5年1組", e.ClassName));
    }

    [Fact]
    public void Kojinhyo_has_one_page_per_student_with_names_scores_and_labels()
    {
        var pages = Pages(C.StudentPdf);
        Assert.Equal(40, pages.Count);
        for (int i = 0; i < 40; i++)
        {
            var s = C.Analysis.Students[i];
            var e = C.Roster.Find(s.Id)!;
            string page = pages[i];
            Assert.Contains(e.Name.Split(' ')[0], page);
            Assert.Contains(e.Name.Split(' ')[1], page);
            Assert.Contains("5年1組", page);
            Assert.Contains("令和8年2月10日", page);
            Assert.Contains($"{s.Score:0.##}", page);
            Assert.Contains("観点別の正答率", page);
            Assert.Contains("領域別の正答率", page);
            Assert.Contains("所見", page);
            Assert.Contains("知識・技能", page);
        }
        Assert.Contains(pages, p => p.Contains("𠮷田", StringComparison.Ordinal) && p.Contains("よしだ", StringComparison.Ordinal));
        Assert.DoesNotContain(pages, p => p.Contains('\uFFFD'));
    }

    [Fact]
    public void No_response_is_printed_as_mukaito_not_as_a_cross()
    {
        var pages = Pages(C.StudentPdf);
        int checkedStudents = 0;
        for (int i = 0; i < C.Analysis.Students.Length; i++)
        {
            var s = C.Analysis.Students[i];
            int nr = s.Statuses.Count(c => c == 'N'), wrong = s.Statuses.Count(c => c is 'W' or 'X');
            if (nr == 0) continue;
            checkedStudents++;
            // each unanswered item: 「無解答」 in the result column and 「（無解答）」 in the answer column; plus the legend once
            Assert.Equal((2 * nr) + 1, Count(pages[i], "無解答"));
            // crosses: one per wrong answer plus the legend's 「× 誤答」
            Assert.Equal(wrong + 1, Count(pages[i], "×"));
        }
        Assert.True(checkedStudents > 0, "the class has students with no response");
    }

    [Fact]
    public void Nothing_is_drawn_outside_the_page_margins()
    {
        double margin = Units.Mm(14) - 0.5;
        foreach (var pdf in new[] { C.StudentPdf, C.ClassPdf, C.ItemPdf })
        {
            using var doc = PigDocument.Open(pdf);
            foreach (var page in doc.GetPages())
            {
                foreach (var l in page.Letters)
                {
                    var b = l.BoundingBox;
                    Assert.True(b.Left >= margin && b.Right <= page.Width - margin && b.Bottom >= margin && b.Top <= page.Height - margin,
                        $"'{l.Value}' at {b} on page {page.Number} is outside the margins");
                }
            }
        }
    }

    [Fact]
    public void Class_report_has_summary_sp_chart_and_a_student_list_with_repeated_header()
    {
        using var doc = PigDocument.Open(C.ClassPdf);
        var pages = doc.GetPages().ToList();
        string all = string.Concat(pages.Select(p => p.Text));
        foreach (var label in new[] { "学級集計", "平均点", "標準偏差", "中央値", "得点分布", "正答率", "無解答率", "識別力", "S-P表", "注意係数", "差異係数", "児童一覧", "𠮷田 葵" })
            Assert.Contains(label, all);
        var listPages = pages.Where(p => p.Width > p.Height).ToList();
        Assert.True(listPages.Count >= 2, "the student list of 40 spans pages");
        foreach (var p in listPages)
        {
            Assert.Contains("氏名", p.Text);
            Assert.Contains("偏差値", p.Text);
            Assert.Contains("判定", p.Text);
        }
        // every student once in the list, in 出席番号 order
        string list = string.Concat(listPages.Select(p => p.Text));
        int last = -1;
        foreach (var e in C.Roster.Entries)
        {
            int at = list.IndexOf(e.Name, StringComparison.Ordinal);
            Assert.True(at > last, $"{e.Name} missing or out of order");
            last = at;
        }
        Assert.Contains($"{C.Analysis.Test.Mean:0.0}", all);
    }

    [Fact]
    public void Item_report_shows_statistics_distractors_irt_and_flags()
    {
        string all = string.Concat(Pages(C.ItemPdf));
        foreach (var label in new[] { "項目分析", "通過率", "識別力", "上位群", "下位群", "IRT", "rasch", "確認事項", "参考値", "解答の分布", "5/6（正答）" })
            Assert.Contains(label, all);
        foreach (var it in C.Analysis.Items) Assert.Contains(it.Id, all);
    }

    [Fact]
    public void Pdf_metadata_title_author_subject_and_language()
    {
        using var doc = PigDocument.Open(C.StudentPdf);
        Assert.StartsWith("個人票", doc.Information.Title);
        Assert.Equal("仙台市立青葉小学校", doc.Information.Author);
        Assert.Equal("5年1組", doc.Information.Subject);
        var raw = System.Text.Encoding.Latin1.GetString(C.ClassPdf);
        Assert.Contains("/Lang(ja-JP)", raw.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_student_missing_from_the_roster_is_shown_by_id_and_one_pdf_per_student_is_written()
    {
        var roster = Roster.Create(C.Roster.Entries.Where(e => e.StudentId != "s002"));
        var input = new ReportInput(C.Form, C.Analysis);
        var pdf = SchoolReports.StudentReports(input, C.Options with { Roster = roster }, ["s002"]);
        var text = string.Concat(Pages(pdf));
        Assert.Contains("s002", text);
        Assert.DoesNotContain("石川", text);
        var dir = Directory.CreateTempSubdirectory("cbt-school-").FullName;
        try
        {
            var files = SchoolReports.WriteAll(input, dir, C.Options with { PerStudent = true, Kinds = ReportKinds.Student });
            Assert.Equal(40, files.Count);
            Assert.All(files, f => Assert.Equal(1, PigDocument.Open(File.ReadAllBytes(f)).NumberOfPages));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
