using System.Collections.Immutable;
using System.Globalization;
using Sendai.Cbt.Analysis.Results;
using Sendai.Cbt.Items;
using Sendai.Cbt.Reports.Layout;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage;

namespace Sendai.Cbt.Reports.School;

/// <summary>
/// The printed school reports: 個人票 (individual report), 学級集計 (class report with the S-P chart) and the item
/// analysis report for authors. Each method returns PDF bytes; <see cref="WriteAll"/> writes the files.
/// </summary>
public static class SchoolReports
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly ReportColor Header = new(220, 230, 242);
    private static readonly ReportColor Stripe = new(246, 248, 251);

    /// <summary>File name of the class's 個人票 (one PDF).</summary>
    public const string StudentReportsFile = "kojinhyo.pdf";
    /// <summary>File name of the class report.</summary>
    public const string ClassReportFile = "gakkyu-shukei.pdf";
    /// <summary>File name of the item analysis report.</summary>
    public const string ItemReportFile = "item-analysis.pdf";

    /// <summary>Writes the reports selected by <see cref="SchoolReportOptions.Kinds"/> into <paramref name="directory"/>.</summary>
    /// <param name="input">Form, analysis and optional responses.</param>
    /// <param name="directory">Output folder (created when missing).</param>
    /// <param name="options">Options, or null.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteAll(ReportInput input, string directory, SchoolReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(directory);
        options ??= new SchoolReportOptions();
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        void Write(string name, byte[] pdf)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllBytes(path, pdf);
            files.Add(path);
        }
        if (options.Kinds.HasFlag(ReportKinds.Student))
        {
            if (options.PerStudent)
            {
                var sub = Path.Combine(directory, "kojinhyo");
                Directory.CreateDirectory(sub);
                foreach (var s in input.Analysis.Students)
                    Write(Path.Combine("kojinhyo", SafeFileName(s.Id) + ".pdf"), StudentReports(input, options, [s.Id]));
            }
            else Write(StudentReportsFile, StudentReports(input, options));
        }
        if (options.Kinds.HasFlag(ReportKinds.Class)) Write(ClassReportFile, ClassReport(input, options));
        if (options.Kinds.HasFlag(ReportKinds.Items)) Write(ItemReportFile, ItemReport(input, options));
        return files;
    }

    // ------------------------------------------------------------------ 個人票

    /// <summary>個人票 for the given students (all students when null), one page run per student, in one PDF.</summary>
    /// <param name="input">Form, analysis and optional responses.</param>
    /// <param name="options">Options, or null.</param>
    /// <param name="studentIds">Students to include, or null for all (input order).</param>
    /// <exception cref="ArgumentException">A student id is not in the analysis.</exception>
    public static byte[] StudentReports(ReportInput input, SchoolReportOptions? options = null, IEnumerable<string>? studentIds = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SchoolReportOptions();
        var a = input.Analysis;
        var students = studentIds is null ? [.. a.Students]
            : studentIds.Select(id => a.Student(id) ?? throw new ArgumentException($"student '{id}' is not in the analysis", nameof(studentIds))).ToList();
        var details = Details(input, students);
        string date = DateText(options);
        var doc = Document(options, $"個人票 {a.FormTitle ?? a.FormId}", students.Count == 1 ? Name(options.Roster, students[0].Id) : ClassName(options.Roster, a) ?? "");
        foreach (var s in students)
        {
            details.TryGetValue(s.Id, out var detail);
            doc.Page(p => p.A4Portrait().Margin(Units.Mm(14))
                .Header(h => h.Text($"{options.Author}　{date}").Size(8).Color(ReportColor.DarkGrey).AlignRight())
                .Footer(f => f.Text($"{a.FormTitle ?? a.FormId}　個人票").Size(8).Color(ReportColor.DarkGrey).AlignCenter())
                .Content(c => StudentPage(c, input, s, detail, options, date)));
        }
        return doc.GeneratePdf();
    }

    private static void StudentPage(ColumnDescriptor c, ReportInput input, StudentReport s, StudentDetail? detail, SchoolReportOptions options, string date)
    {
        var a = input.Analysis;
        var entry = options.Roster.Find(s.Id);
        c.Spacing(5);
        c.Text(t => { t.Span("個人票　").Bold().Size(16); t.Span(a.FormTitle ?? a.FormId).Bold().Size(13); });
        c.Table(t =>
        {
            t.Column(1.1).Column(1).Column(0.7).Column(2.6).CellPadding(4).HeaderBackground(Header);
            t.Header(h => { h.Cell("学級"); h.Cell("実施日"); h.Cell("番号"); h.Cell("氏名"); });
            t.Row(r =>
            {
                r.Cell(entry?.ClassName ?? "—");
                r.Cell(date);
                r.Cell(entry?.Number?.ToString(Inv) ?? "—").AlignCenter();
                r.Cell(x =>
                {
                    if (entry is null) x.Span(s.Id).Size(13).Bold();
                    else if (entry.Kana is { } kana && !entry.Name.Contains(' ', StringComparison.Ordinal)) x.Ruby(entry.Name, kana).Size(13).Bold();
                    else if (entry.Kana is { } kana2 && kana2.Split(' ') is { Length: 2 } ks && entry.Name.Split(' ') is { Length: 2 } ns)
                    {
                        x.Ruby(ns[0], ks[0]).Size(13).Bold();
                        x.Span("　").Size(13);
                        x.Ruby(ns[1], ks[1]).Size(13).Bold();
                    }
                    else x.Span(entry.Name).Size(13).Bold();
                    x.Span("　さん").Size(10);
                });
            });
        });

        // Scores
        bool irt = a.Irt is not null && double.IsFinite(s.ScaleScore);
        c.Table(t =>
        {
            t.Column().Column().Column().Column();
            if (irt) t.Column().Column();
            t.CellPadding(4).HeaderBackground(Header);
            t.Header(h =>
            {
                h.Cell("得点").AlignCenter(); h.Cell("正答率").AlignCenter(); h.Cell("学級平均").AlignCenter(); h.Cell("偏差値").AlignCenter();
                if (irt) { h.Cell("スケールスコア").AlignCenter(); h.Cell("バンド").AlignCenter(); }
            });
            t.Row(r =>
            {
                r.Cell(x => { x.Span(Num(s.Score)).Size(15).Bold(); x.Span($" / {Num(s.MaxScore)} 点"); }).AlignCenter();
                r.Cell($"{s.Percent.ToString("0.#", Inv)} %").AlignCenter().Size(12);
                r.Cell($"{a.Test.Mean.ToString("0.0", Inv)} 点").AlignCenter();
                r.Cell(s.Hensachi.ToString("0.0", Inv)).AlignCenter();
                if (irt)
                {
                    r.Cell(s.ScaleScore.ToString("0", Inv)).AlignCenter().Size(12);
                    r.Cell(s.Band is { } b ? $"{b}" : "—").AlignCenter().Size(12).Bold();
                }
            });
        });
        var notes = new List<string>();
        if (s.Pending > 0) notes.Add($"採点待ちの問題が {s.Pending} 問あるため、得点は暫定です。");
        if (irt && a.Irt!.SmallSample) notes.Add($"スケールスコア（平均500・標準偏差100）とバンド（1〜5）は受検者 {a.Test.Students} 人の学級内の推定値で、参考値です。");
        foreach (var n in notes) c.Text(n).Size(8).Color(ReportColor.DarkGrey);

        // Viewpoint and domain charts
        var vps = s.Subscores.Where(x => x.Kind == "viewpoint").ToList();
        var doms = s.Subscores.Where(x => x.Kind == "domain").ToList();
        double ClassMean(SubscoreReport x) => a.Groups.FirstOrDefault(g => g.Kind == x.Kind && g.Key == x.Key)?.MeanPercent ?? double.NaN;
        c.Row(r =>
        {
            r.Column(1, left =>
            {
                left.BarChart(b =>
                {
                    b.Title("観点別の正答率").Maximum(100).ValueFormat("0", "%").Legend("あなた", "学級平均").Height(26 + (vps.Count * 26));
                    foreach (var v in vps) b.Bar($"{v.Key}（{v.Grade}）", (double)v.Percent, Finite(ClassMean(v)));
                });
            });
            r.Gap(14);
            r.Column(1, right =>
            {
                right.BarChart(b =>
                {
                    b.Title("領域別の正答率").Maximum(100).ValueFormat("0", "%").Legend("あなた", "学級平均").Height(26 + (doms.Count * 26));
                    foreach (var d in doms) b.Bar(d.Key, (double)d.Percent, Finite(ClassMean(d)));
                });
            });
        });
        if (vps.Count > 0)
        {
            c.Text(t =>
            {
                t.Span("観点別評価　").Bold();
                t.Span(string.Join("　", vps.Select(v => $"{v.Key}：{v.Grade}")));
                t.Size(9);
            });
        }

        // Items
        c.Text("問題ごとの結果").Bold().KeepWithNext();
        c.Table(t =>
        {
            t.FixedColumn(26).Column(2.6).Column(1.5).FixedColumn(34).FixedColumn(44).Column(1.7).Column(1.4).CellPadding(3).HeaderBackground(Header).Striped(Stripe);
            t.Style(x => x.Size(8.5));
            t.Header(h =>
            {
                h.Cell("問").AlignCenter(); h.Cell("問題"); h.Cell("観点"); h.Cell("得点").AlignCenter(); h.Cell("結果").AlignCenter();
                h.Cell("あなたの解答"); h.Cell("正答");
            });
            for (int j = 0; j < a.Items.Length; j++)
            {
                var it = a.Items[j];
                char code = s.Statuses[j];
                var raw = detail?.Responses[j].Raw;
                t.Row(r =>
                {
                    r.Cell($"{j + 1}").AlignCenter();
                    r.Cell(it.Title ?? it.Id);
                    r.Cell(it.Viewpoint ?? "—");
                    r.Cell(s.Scores[j] is { } sc ? $"{Num(sc)}/{Num(it.MaxScore)}" : $"—/{Num(it.MaxScore)}").AlignCenter();
                    var mark = Mark(code);
                    var cell = r.Cell(mark).AlignCenter();
                    if (code is 'C') cell.Color(ReportColor.Blue).Bold();
                    else if (code is 'W' or 'X') cell.Color(ReportColor.Red).Bold();
                    else if (code is 'N') cell.Color(ReportColor.DarkGrey);
                    r.Cell(code == 'N' ? "（無解答）" : raw is null ? "—" : Shorten(raw, 40));
                    r.Cell(it.Key is { Length: > 0 } k ? Shorten(k, 30) : "—");
                });
            }
        });
        c.Text("○ 正答　△ 部分正答　× 誤答　無解答 は解答がなかった問題（誤答とは区別しています）").Size(7.5).Color(ReportColor.DarkGrey);

        // Programming feedback
        var programs = a.Items.Select((it, j) => (it, j)).Where(x => x.it.Type == "program").ToList();
        if (programs.Count > 0)
        {
            c.Text("プログラムの問題").Bold().KeepWithNext();
            foreach (var (it, j) in programs)
            {
                string feedback = s.Statuses[j] switch
                {
                    'N' => "無解答",
                    '?' => "採点待ち（プログラムの自動採点が済んでいません）",
                    _ => detail is { } d && d.Responses[j].Reason.Kind is ReasonKind.ProgramTests ? d.Responses[j].Reason.Describe() : "採点済み",
                };
                c.Text($"問{j + 1} {it.Title ?? it.Id}：{feedback}").Size(9);
            }
        }

        c.Box(b => b.Title("所見").MinHeight(130).Content(x => x.Text(" ")));
    }

    private static Dictionary<string, StudentDetail> Details(ReportInput input, IEnumerable<StudentReport> students)
    {
        var result = new Dictionary<string, StudentDetail>(StringComparer.Ordinal);
        if (input.Responses is not { } batch) return result;
        var want = students.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var r in batch.Students)
            if (want.Contains(r.StudentId) && !result.ContainsKey(r.StudentId))
                result[r.StudentId] = input.Form.Explain(batch, r);
        return result;
    }

    // ------------------------------------------------------------------ 学級集計

    /// <summary>学級集計: summary statistics and score distribution, results by viewpoint/domain/format, per-item rates and item analysis, the S-P chart, and the student list (header repeated on every page).</summary>
    /// <param name="input">Form, analysis and optional responses.</param>
    /// <param name="options">Options, or null.</param>
    public static byte[] ClassReport(ReportInput input, SchoolReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SchoolReportOptions();
        var a = input.Analysis;
        string date = DateText(options);
        string cls = ClassName(options.Roster, a) ?? "";
        var doc = Document(options, $"学級集計 {a.FormTitle ?? a.FormId}", cls);
        void Chrome(PageDescriptor p) => p.Margin(Units.Mm(14))
            .Header(h => h.Text($"{a.FormTitle ?? a.FormId}　学級集計　{cls}　{date}").Size(8).Color(ReportColor.DarkGrey).AlignRight())
            .Footer(f => f.PageNumber().Size(8).AlignCenter());
        doc.Page(p => { p.A4Portrait(); Chrome(p); p.Content(c => ClassSummary(c, a, cls)); });
        if (a.SpChart is not null) doc.Page(p => { p.A4Portrait(); Chrome(p); p.Content(c => SpChartPage(c, a, options.Roster)); });
        doc.Page(p => { p.A4Landscape(); Chrome(p); p.Content(c => StudentList(c, a, options.Roster)); });
        return doc.GeneratePdf();
    }

    private static void ClassSummary(ColumnDescriptor c, ResultAnalysisReport a, string cls)
    {
        var t0 = a.Test;
        c.Spacing(6);
        c.Text(t => { t.Span("学級集計　").Bold().Size(16); t.Span($"{a.FormTitle ?? a.FormId}　{cls}").Bold().Size(12); });
        c.Row(r =>
        {
            r.Column(1, left => left.Table(t =>
            {
                t.Column(1.3).Column(1).CellPadding(3).Striped(Stripe);
                void Line(string k, string v) => t.Row(x => { x.Cell(k); x.Cell(v).AlignRight(); });
                Line("受検者数", $"{t0.Students} 人");
                Line("満点", $"{Num(t0.MaxScore)} 点");
                Line("平均点", $"{F(t0.Mean, "0.0")} 点（{F(t0.MeanPercent, "0.0")} %）");
                Line("標準偏差", F(t0.Sd, "0.00"));
                Line("中央値", $"{F(t0.Median, "0.#")} 点");
                Line("最高点 / 最低点", $"{F(t0.Max, "0.#")} / {F(t0.Min, "0.#")} 点");
                Line("信頼性係数 α", F(t0.Alpha, "0.00"));
                Line("無解答率（全体）", Pct(t0.NoResponseRate));
            }));
            r.Gap(12);
            r.Column(1.3, right =>
            {
                double max = (double)t0.MaxScore;
                var totals = a.Students.Select(s => (double)s.Score).ToList();
                if (max > 0 && max <= 20 && max == Math.Floor(max))
                {
                    right.BarChart(b =>
                    {
                        b.Vertical().Title("得点分布（人数）").ValueFormat("0").Height(150);
                        for (int v = 0; v <= (int)max; v++)
                        {
                            int count = totals.Count(x => x >= v && x < v + 1);
                            b.Bar($"{v}点", count);
                        }
                    });
                }
                else if (max > 0)
                    right.Histogram(h => h.Title("得点分布（人数）").Values(totals, 0, max, 10).Height(150));
            });
        });

        c.Text("観点別・領域別・問題形式別の結果").Bold().KeepWithNext();
        c.Table(t =>
        {
            t.FixedColumn(52).Column(2).FixedColumn(40).FixedColumn(40).Column(1).Column(1).Column(1.4).CellPadding(3).HeaderBackground(Header).Striped(Stripe);
            t.Style(x => x.Size(9));
            t.Header(h => { h.Cell("区分"); h.Cell("名称"); h.Cell("問題数").AlignCenter(); h.Cell("配点").AlignCenter(); h.Cell("平均正答率").AlignRight(); h.Cell("無解答率").AlignRight(); h.Cell("A / B / C（人）").AlignCenter(); });
            foreach (var g in a.Groups.Where(g => g.Kind != "section"))
            {
                t.Row(r =>
                {
                    r.Cell(g.Kind switch { "viewpoint" => "観点", "domain" => "領域", "format" => "形式", _ => g.Kind });
                    r.Cell(g.Key);
                    r.Cell(g.Items.ToString(Inv)).AlignCenter();
                    r.Cell(Num(g.MaxScore)).AlignCenter();
                    r.Cell($"{F(g.MeanPercent, "0.0")} %").AlignRight();
                    r.Cell(Pct(g.NoResponseRate)).AlignRight();
                    r.Cell(g.GradeCounts.IsDefaultOrEmpty ? "—" : string.Join(" / ", g.GradeCounts)).AlignCenter();
                });
            }
        });

        c.Text("問題別の結果").Bold().KeepWithNext();
        c.Table(t =>
        {
            t.FixedColumn(22).Column(2.4).Column(1.3).Column(1.3).FixedColumn(40).FixedColumn(28).Column(0.9).Column(0.9).Column(0.9).Column(0.9).CellPadding(3).HeaderBackground(Header).Striped(Stripe);
            t.Style(x => x.Size(8.5));
            t.Header(h => { h.Cell("問").AlignCenter(); h.Cell("問題"); h.Cell("観点"); h.Cell("領域"); h.Cell("形式"); h.Cell("配点").AlignCenter(); h.Cell("正答率").AlignRight(); h.Cell("部分正答").AlignRight(); h.Cell("誤答率").AlignRight(); h.Cell("無解答率").AlignRight(); });
            foreach (var it in a.Items)
            {
                double n = it.Students;
                t.Row(r =>
                {
                    r.Cell($"{it.Index + 1}").AlignCenter(); r.Cell(it.Title ?? it.Id); r.Cell(it.Viewpoint ?? "—"); r.Cell(it.Domain ?? "—"); r.Cell(it.Format);
                    r.Cell(Num(it.MaxScore)).AlignCenter(); r.Cell(Pct(it.CorrectRate)).AlignRight(); r.Cell(Pct(n > 0 ? it.Partial / n : double.NaN)).AlignRight();
                    r.Cell(Pct(n > 0 ? it.Wrong / n : double.NaN)).AlignRight();
                    var nr = r.Cell(Pct(it.NoResponseRate)).AlignRight();
                    if (it.NoResponseRate > 0.1) nr.Color(ReportColor.Red).Bold();
                });
            }
        });

        c.Text("項目分析").Bold().KeepWithNext();
        c.Table(t =>
        {
            t.FixedColumn(22).Column(2.2).Column(0.8).Column(0.9).Column(0.8).Column(0.9).Column(0.9).Column(2.6).CellPadding(3).HeaderBackground(Header).Striped(Stripe);
            t.Style(x => x.Size(8.5));
            t.Header(h => { h.Cell("問").AlignCenter(); h.Cell("問題"); h.Cell("通過率 p").AlignRight(); h.Cell("識別力 r").AlignRight(); h.Cell("上位−下位").AlignRight(); h.Cell("α(除外時)").AlignRight(); h.Cell("注意係数").AlignRight(); h.Cell("確認事項"); });
            foreach (var it in a.Items)
            {
                t.Row(r =>
                {
                    r.Cell($"{it.Index + 1}").AlignCenter(); r.Cell(it.Title ?? it.Id);
                    r.Cell(F(it.Difficulty, "0.00")).AlignRight(); r.Cell(F(it.ItemRest, "0.00")).AlignRight(); r.Cell(F(it.UpperLower, "0.00")).AlignRight();
                    r.Cell(F(it.AlphaIfDeleted, "0.00")).AlignRight(); r.Cell(F(it.SpCaution, "0.00")).AlignRight();
                    var flags = it.Analyzed ? string.Join("、", it.Flags.Select(FlagText)) : "分析対象外（採点待ち・記録のみ）";
                    var cell = r.Cell(flags.Length == 0 ? "—" : flags);
                    if (it.Flags.Length > 0) cell.Color(ReportColor.Red);
                });
            }
        });
        c.Text($"識別力 r は項目と残りの合計点との相関（修正項目−全体相関）。α = {F(a.Test.Alpha, "0.00")}、測定の標準誤差 {F(a.Test.Sem, "0.00")} 点。").Size(8).Color(ReportColor.DarkGrey);
    }

    private static void SpChartPage(ColumnDescriptor c, ResultAnalysisReport a, Roster roster)
    {
        var sp = a.SpChart!;
        c.Spacing(5);
        c.Text("S-P表").Bold().Size(14);
        c.Text("児童を得点の高い順（上から）、問題を正答者の多い順（左から）に並べています。赤の実線が S 曲線、青の破線が P 曲線です。注意係数が 0.5 以上（赤字）の児童・問題は、反応パターンが全体の傾向と異なるため確認が必要です。灰色の「無」は無解答です。").Size(8.5);
        var itemIndex = a.Items.Select((it, j) => (it.Id, j)).ToDictionary(x => x.Id, x => x.j, StringComparer.Ordinal);
        var marks = new List<IReadOnlyList<SpMark>>();
        for (int r = 0; r < sp.Students.Length; r++)
        {
            var st = a.Student(sp.Students[r]);
            var row = new List<SpMark>();
            for (int k = 0; k < sp.Items.Length; k++)
            {
                double u = sp.Cells[r][k];
                char code = st is null ? 'W' : st.Statuses[itemIndex[sp.Items[k]]];
                row.Add(code == 'N' ? SpMark.NoResponse : u >= 1 - 1e-9 ? SpMark.Correct : u > 0 ? SpMark.Partial : SpMark.Wrong);
            }
            marks.Add(row);
        }
        var model = new SpChartModel
        {
            RowLabels = [.. sp.Students.Select(id => Name(roster, id))],
            ColumnLabels = [.. sp.Items.Select(id => $"問{itemIndex[id] + 1}")],
            Marks = marks,
            RowTotals = sp.StudentTotals,
            RowCaution = sp.StudentCaution,
            RowZones = [.. sp.Students.Select(id => a.Student(id)?.SpZone ?? "")],
            ColumnTotals = sp.ItemTotals,
            ColumnCaution = sp.ItemCaution,
        };
        c.SpChart(model);
        c.Spacing(4);
        c.Text($"差異係数 D* = {F(sp.Disparity, "0.00")}（0.5 前後が標準的、0.6 以上はばらつきが大きい）。判定: A 安定・高得点、A' ケアレスミス型、B 中位、B' 学習不安定、C 要支援、C' 学習不安定・低得点。").Size(8);
    }

    private static void StudentList(ColumnDescriptor c, ResultAnalysisReport a, Roster roster)
    {
        c.Spacing(4);
        c.Text("児童一覧").Bold().Size(14).KeepWithNext();
        var vps = a.Students.FirstOrDefault()?.Subscores.Where(x => x.Kind == "viewpoint").Select(x => x.Key).ToList() ?? [];
        bool irt = a.Irt is not null;
        var order = a.Students.OrderBy(s => roster.Find(s.Id)?.Number ?? int.MaxValue).ThenBy(s => s.Row).ToList();
        c.Table(t =>
        {
            t.FixedColumn(30).FixedColumn(46).Column(2.2).FixedColumn(54).FixedColumn(44).FixedColumn(40).FixedColumn(32);
            foreach (var _ in vps) t.Column(1);
            if (irt) t.FixedColumn(46).FixedColumn(36);
            t.FixedColumn(46).FixedColumn(30).FixedColumn(40);
            t.CellPadding(3).HeaderBackground(Header).Striped(Stripe).Style(x => x.Size(9));
            t.Header(h =>
            {
                h.Cell("番号").AlignCenter(); h.Cell("ID"); h.Cell("氏名"); h.Cell("得点").AlignRight(); h.Cell("正答率").AlignRight(); h.Cell("偏差値").AlignRight(); h.Cell("順位").AlignRight();
                foreach (var v in vps) h.Cell(v).AlignCenter().Size(8);
                if (irt) { h.Cell("スケール").AlignRight(); h.Cell("バンド").AlignCenter(); }
                h.Cell("注意係数").AlignRight(); h.Cell("判定").AlignCenter(); h.Cell("無解答").AlignRight();
            });
            foreach (var s in order)
            {
                var e = roster.Find(s.Id);
                t.Row(r =>
                {
                    r.Cell(e?.Number?.ToString(Inv) ?? "—").AlignCenter(); r.Cell(s.Id); r.Cell(e?.Name ?? s.Id);
                    r.Cell($"{Num(s.Score)} / {Num(s.MaxScore)}").AlignRight(); r.Cell($"{s.Percent.ToString("0.0", Inv)}%").AlignRight();
                    r.Cell(F(s.Hensachi, "0.0")).AlignRight(); r.Cell(s.Rank.ToString(Inv)).AlignRight();
                    foreach (var v in vps) r.Cell(s.Subscores.FirstOrDefault(x => x.Kind == "viewpoint" && x.Key == v)?.Grade ?? "—").AlignCenter();
                    if (irt) { r.Cell(F(s.ScaleScore, "0")).AlignRight(); r.Cell(s.Band?.ToString(Inv) ?? "—").AlignCenter(); }
                    var cc = r.Cell(F(s.SpCaution, "0.00")).AlignRight();
                    if (s.SpCaution >= 0.5) cc.Color(ReportColor.Red).Bold();
                    r.Cell(s.SpZone ?? "—").AlignCenter(); r.Cell(s.NoResponses.ToString(Inv)).AlignRight();
                });
            }
        });
        if (a.Irt is { SmallSample: true }) c.Text($"スケールスコア・バンドは受検者 {a.Test.Students} 人からの推定（{a.Irt.Model} モデル）で、参考値です。").Size(8).Color(ReportColor.DarkGrey);
    }

    // ------------------------------------------------------------------ item analysis for authors

    /// <summary>The item analysis report for authors: test statistics, then per item classical statistics, distractors or answer distribution, IRT parameters and flags.</summary>
    /// <param name="input">Form, analysis and optional responses.</param>
    /// <param name="options">Options, or null.</param>
    public static byte[] ItemReport(ReportInput input, SchoolReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        options ??= new SchoolReportOptions();
        var a = input.Analysis;
        string date = DateText(options);
        var doc = Document(options, $"項目分析 {a.FormTitle ?? a.FormId}", a.FormId);
        doc.Page(p => p.A4Portrait().Margin(Units.Mm(14))
            .Header(h => h.Text($"{a.FormTitle ?? a.FormId}（{a.FormId} 版 {a.FormVersion}）　項目分析　{date}").Size(8).Color(ReportColor.DarkGrey).AlignRight())
            .Footer(f => f.PageNumber().Size(8).AlignCenter())
            .Content(c => ItemPages(c, a)));
        return doc.GeneratePdf();
    }

    private static void ItemPages(ColumnDescriptor c, ResultAnalysisReport a)
    {
        var t0 = a.Test;
        c.Spacing(5);
        c.Text("項目分析レポート（作問者向け）").Bold().Size(15);
        c.Text($"受検者 {t0.Students} 人、分析対象 {t0.AnalyzedItems} / {t0.Items} 問。平均 {F(t0.Mean, "0.00")} 点（SD {F(t0.Sd, "0.00")}）、α = {F(t0.Alpha, "0.000")}、SEM = {F(t0.Sem, "0.00")}。").Size(9.5);
        if (a.Irt is { } irt)
        {
            string why = irt.Reason.StartsWith("chosen", StringComparison.Ordinal) ? "指定による"
                : irt.Model is "rasch" or "pcm" ? $"受検者 {t0.Students} 人のため識別力を推定しない Rasch モデル（多値項目は部分得点モデル）" : "2 パラメタ・ロジスティックモデル（多値項目は一般化部分得点モデル）";
            c.Text($"IRT: {irt.Model}（{why}）、周辺信頼性 {F(irt.MarginalReliability, "0.00")}、EM {irt.Iterations} 回{(irt.Converged ? "で収束" : "（未収束）")}。").Size(9);
            if (irt.SmallSample) c.Text($"注意: 受検者が {t0.Students} 人と少ないため、IRT の推定値は参考値です。").Size(9).Color(ReportColor.Red);
            if (irt.Excluded.Length > 0) c.Text($"IRT から除外: {string.Join(", ", irt.Excluded)}（分散なし・分析対象外）").Size(8.5);
        }
        else c.Text("IRT は実施していません（受検者または分散のある問題が少ないため）。").Size(9);
        int pendingItems = a.Items.Count(i => i.Pending > 0);
        if (pendingItems > 0) c.Text($"採点待ちの解答がある問題が {pendingItems} 問あります。採点待ちの解答は集計から除いています。").Size(8.5).Color(ReportColor.DarkGrey);

        foreach (var it in a.Items)
        {
            c.Spacing(8);
            c.Text(t =>
            {
                t.Span($"問{it.Index + 1}　").Bold().Size(12);
                t.Span(it.Title ?? "").Bold().Size(12);
                t.Span($"　{it.Id}（{it.Type}、{it.Format}、{it.Viewpoint ?? "観点なし"}、{it.Domain ?? "領域なし"}、配点 {Num(it.MaxScore)}）").Size(8.5);
            }).KeepWithNext();
            c.Table(t =>
            {
                for (int k = 0; k < 8; k++) t.Column();
                t.CellPadding(3).HeaderBackground(Header).Style(x => x.Size(8.5));
                t.Header(h => { foreach (var s in new[] { "正答率", "無解答率", "通過率 p", "SD", "項目−全体 r", "識別力 r", "上位−下位", "α(除外時)" }) h.Cell(s).AlignCenter(); });
                t.Row(r =>
                {
                    foreach (var v in new[] { Pct(it.CorrectRate), Pct(it.NoResponseRate), F(it.Difficulty, "0.00"), F(it.Sd, "0.00"), F(it.ItemTotal, "0.00"), F(it.ItemRest, "0.00"), F(it.UpperLower, "0.00"), F(it.AlphaIfDeleted, "0.000") })
                        r.Cell(v).AlignCenter();
                });
            });
            string irtText = it.Irt is { } p
                ? $"IRT（{p.Model}）: a = {F(p.A, "0.00")}{(double.IsFinite(p.SeA) ? $"（SE {F(p.SeA, "0.00")}）" : "（固定）")}、b = {string.Join(" / ", p.B.Select((b, k) => F(b, "0.00") + (k < p.SeB.Length ? $"（SE {F(p.SeB[k], "0.00")}）" : "")))}"
                  + (p.Categories.Length > 2 ? $"、得点段階 {string.Join(", ", p.Categories.Select(Num))}" : "")
                : "IRT: なし";
            c.Text(irtText).Size(8.5);
            c.Text(t =>
            {
                t.Span("確認事項: ").Bold();
                var text = !it.Analyzed ? "分析対象外（採点待ち・記録のみ）" : it.Flags.Length == 0 ? "特になし" : string.Join("、", it.Flags.Select(FlagText));
                var span = t.Span(text);
                if (it.Flags.Length > 0) span.Color(ReportColor.Red);
                t.Size(8.5);
            });
            if (it.Distractors.Length > 0)
            {
                c.Table(t =>
                {
                    t.FixedColumn(50).FixedColumn(36).Column().Column().Column().Column().CellPadding(2.5).HeaderBackground(Header).Style(x => x.Size(8.5));
                    t.Header(h => { h.Cell("選択肢").AlignCenter(); h.Cell("正答").AlignCenter(); h.Cell("全体").AlignRight(); h.Cell("下位群").AlignRight(); h.Cell("中位群").AlignRight(); h.Cell("上位群").AlignRight(); });
                    foreach (var d in it.Distractors)
                    {
                        t.Row(r =>
                        {
                            r.Cell(d.Choice).AlignCenter(); r.Cell(d.IsKey ? "○" : "").AlignCenter();
                            r.Cell(Pct(d.Overall)).AlignRight(); r.Cell(Pct(d.Lower)).AlignRight(); r.Cell(Pct(d.Middle)).AlignRight();
                            var up = r.Cell(Pct(d.Upper)).AlignRight();
                            if (!d.IsKey && d.Upper >= d.Lower && d.Overall > 0) up.Color(ReportColor.Red);
                        });
                    }
                });
            }
            else if (it.Answers.Length > 0)
            {
                c.Text("解答の分布（多い順）").Size(8.5).Bold().KeepWithNext();
                c.Table(t =>
                {
                    t.Column(3).Column(1).Column(1).CellPadding(2.5).HeaderBackground(Header).Style(x => x.Size(8.5));
                    t.Header(h => { h.Cell("解答（正規化後）"); h.Cell("人数").AlignRight(); h.Cell("割合").AlignRight(); });
                    foreach (var ans in it.Answers.Take(10))
                    {
                        t.Row(r =>
                        {
                            r.Cell(Shorten(ans.Answer, 60) + (IsKey(ans.Answer, it) ? "（正答）" : ""));
                            r.Cell(ans.Count.ToString(Inv)).AlignRight();
                            r.Cell(Pct(it.Students > 0 ? (double)ans.Count / it.Students : double.NaN)).AlignRight();
                        });
                    }
                });
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static ReportDocument Document(SchoolReportOptions options, string title, string subject) =>
        ReportDocument.Create(options.Time).Title(Clean(title)).Author(Clean(options.Author)).Subject(Clean(subject)).Language("ja-JP")
            .Keywords("Sendai.Cbt").PdfA(options.PdfA).CreationDate(options.Time.GetUtcNow());

    /// <summary>PDFsharp writes the metadata unescaped into XMP: keep &amp; and &lt; out.</summary>
    private static string Clean(string s) => s.Replace('&', '＆').Replace('<', '＜').Replace('>', '＞');

    private static string DateText(SchoolReportOptions options)
    {
        var d = options.Date ?? DateOnly.FromDateTime(options.Time.GetLocalNow().DateTime);
        return d >= new DateOnly(2019, 5, 1) ? $"令和{(d.Year == 2019 ? "元" : (d.Year - 2018).ToString(Inv))}年{d.Month}月{d.Day}日" : $"{d.Year}年{d.Month}月{d.Day}日";
    }

    private static string Name(Roster roster, string id) => roster.Find(id)?.Name ?? id;

    private static string? ClassName(Roster roster, ResultAnalysisReport a) =>
        a.Students.Select(s => roster.Find(s.Id)?.ClassName).Where(c => c is not null).GroupBy(c => c).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;

    internal static string Mark(char status) => status switch
    {
        'C' => "○",
        'P' => "△",
        'W' or 'X' => "×",
        'N' => "無解答",
        '?' => "採点待ち",
        _ => "記録のみ",
    };

    private static string FlagText(string flag) => flag switch
    {
        "too_hard" => "難しすぎる",
        "too_easy" => "易しすぎる",
        "low_discrimination" => "識別力が低い",
        "negative_discrimination" => "識別力が負（正答を確認）",
        "high_no_response" => "無解答が多い",
        "alpha_increases_if_deleted" => "除くとαが上がる",
        "attractive_distractor" => "上位群が選ぶ誤答選択肢",
        "no_variance" => "全員が同じ得点",
        _ => flag,
    };

    /// <summary>Whether a (normalised) answer is the key as printed, or for numeric items the key's number without its unit.</summary>
    private static bool IsKey(string answer, ItemReport item)
    {
        if (item.Key is not { Length: > 0 } key || answer.Length == 0) return false;
        if (answer == key) return true;
        return item.Type == "numeric" && key.StartsWith(answer, StringComparison.Ordinal) && key.Length > answer.Length && !char.IsAsciiDigit(key[answer.Length]) && key[answer.Length] != '.';
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
    private static string Num(decimal d) => d.ToString("0.##", Inv);
    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, Inv) : "—";
    private static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("0.0", Inv) + "%" : "—";

    private static string Shorten(string s, int max)
    {
        s = s.ReplaceLineEndings(" ");
        var clusters = Layout.Text.JapaneseLineBreaker.Clusters(s).ToList();
        return clusters.Count <= max ? s : string.Concat(clusters.Take(max - 1)) + "…";
    }

    private static string SafeFileName(string id)
    {
        var chars = id.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_').ToArray();
        var s = new string(chars).Trim('.');
        return s.Length == 0 ? "student" : s;
    }
}
