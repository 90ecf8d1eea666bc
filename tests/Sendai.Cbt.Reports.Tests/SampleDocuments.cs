using System.Globalization;

namespace Sendai.Cbt.Reports.Tests;

/// <summary>Mock reports used by the PDF tests and for visual review (scripts/render-pdf-png.sh).</summary>
internal static class SampleDocuments
{
    internal static readonly DateTimeOffset FixedDate = new(2025, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));

    internal static readonly string[] Viewpoints = ["知識・技能", "思考・判断・表現", "主体的に学習に取り組む態度"];

    /// <summary>A mock 個人票 (individual score sheet) for 𠮷田 花子.</summary>
    internal static ReportDocument IndividualReport()
    {
        var marks = Enumerable.Range(1, 40).Select(i => i % 7 == 0 ? "無解答" : i % 3 == 0 ? "×" : "○").ToArray();
        return ReportDocument.Create()
            .Title("個人票 令和7年度 第1回 数学")
            .Author("仙台市立青葉中学校")
            .Subject("𠮷田 花子さんの結果")
            .CreationDate(FixedDate)
            .Page(page => page
                .A4Portrait()
                .Header(h => h.Text("令和7年度 第1回 学習状況調査　数学　個人票").Size(9).Color(ReportColor.DarkGrey).AlignRight())
                .Footer(f => f.PageNumber().Size(9).AlignCenter())
                .Content(c =>
                {
                    c.Text(t =>
                    {
                        t.Span("2年3組 12番　").Size(12);
                        t.Ruby("𠮷田", "よしだ").Size(16).Bold();
                        t.Span("　");
                        t.Ruby("花子", "はなこ").Size(16).Bold();
                        t.Span(" さん").Size(12);
                    });
                    c.Spacing(6);
                    c.Row(r => r
                        .Column(1, left => left.Table(t =>
                        {
                            t.Column(2).Column(1).Column(1);
                            t.Header(h => { h.Cell("項目"); h.Cell("あなた"); h.Cell("学級平均"); });
                            t.Row(x => { x.Cell("得点"); x.Cell("72 / 100").AlignRight(); x.Cell("65.4").AlignRight(); });
                            t.Row(x => { x.Cell("正答率"); x.Cell("72.0%").AlignRight(); x.Cell("65.4%").AlignRight(); });
                            t.Row(x => { x.Cell("無解答率"); x.Cell("12.5%").AlignRight(); x.Cell("8.1%").AlignRight(); });
                        }))
                        .Column(1, right => right.BarChart(b => b
                            .Title("観点別の正答率")
                            .Maximum(100).ValueFormat("0", "%").Height(110)
                            .Legend("あなた", "学級平均")
                            .Bar(Viewpoints[0], 80, 70.2)
                            .Bar(Viewpoints[1], 52.5, 58)
                            .Bar(Viewpoints[2], 75, 66.7))));
                    c.Spacing(8);
                    c.Text("問題ごとの結果").Bold().Size(12).KeepWithNext();
                    c.Table(t =>
                    {
                        t.FixedColumn(28).Column(3).Column(2).FixedColumn(40).FixedColumn(44);
                        t.Style(s => s.Size(8.5));
                        t.Header(h => { h.Cell("番号"); h.Cell("問題の内容"); h.Cell("観点"); h.Cell("結果"); h.Cell("正答率"); });
                        for (int i = 1; i <= 40; i++)
                        {
                            int n = i;
                            t.Row(x =>
                            {
                                x.Cell(n.ToString(CultureInfo.InvariantCulture)).AlignCenter();
                                x.Cell(ItemText(n));
                                x.Cell(Viewpoints[n % 3]);
                                var mark = marks[n - 1];
                                x.Cell(mark).AlignCenter().Bold(mark == "○").Color(mark == "無解答" ? ReportColor.Red : ReportColor.Black);
                                x.Cell(((n * 37 % 60) + 35).ToString(CultureInfo.InvariantCulture) + "%").AlignRight();
                            });
                        }
                    });
                    c.Spacing(10);
                    c.Box(b => b
                        .Title("先生から")
                        .Background(new ReportColor(250, 250, 240))
                        .MinHeight(90)
                        .Content(x => x.Text(t =>
                        {
                            t.Span("「比例と反比例」の問題はよくできています。");
                            t.Ruby("関数", "かんすう");
                            t.Span("のグラフを読み取る問題では、x と y の値の対応（表）を丁寧に確かめましょう。次回の目標：正答率80%以上！");
                        })));
                    c.Spacing(8);
                    c.Row(r => r
                        .Column(3, left => left.Histogram(h => h
                            .Title("学年の得点分布")
                            .Values(Enumerable.Range(0, 160).Select(i => 50 + (30 * Math.Sin(i * 1.7) * Math.Cos(i * 0.3))), 0, 100, 10)
                            .Marker(72, "あなたの得点")
                            .Height(130)))
                        .Column(2, right => right.BarChart(b => b
                            .Vertical()
                            .Title("領域別の正答率")
                            .Maximum(100).ValueFormat("0", "%").Height(130)
                            .Legend("あなた", "学級平均")
                            .Bar("数と式", 78, 70)
                            .Bar("図形", 55, 61)
                            .Bar("関数", 64, 58)
                            .Bar("データの活用", 90, 72))));
                }));
    }

    internal static string ItemText(int n) => (n % 4) switch
    {
        0 => $"一次関数 y = {n}x + 3 のグラフの傾きを答える。",
        1 => "「正の数・負の数」の計算（加法と減法）をする。",
        2 => "資料の活用：度数分布表から最頻値を求め、その求め方を説明する。",
        _ => "図形の性質（平行線と角）を用いて、∠x の大きさを求める。",
    };

    /// <summary>A class list long enough to span several landscape pages.</summary>
    internal static ReportDocument LongLandscapeTable(int rows = 120)
    {
        return ReportDocument.Create()
            .Title("学級一覧表")
            .Author("仙台市立青葉中学校")
            .CreationDate(FixedDate)
            .Page(page => page
                .A4Landscape()
                .Margin(Units.Mm(12))
                .Header(h => h.Text("学級一覧表（2年3組）").Bold())
                .Footer(f => f.PageNumber().AlignRight().Size(9))
                .Content(c => c.Table(t =>
                {
                    t.FixedColumn(36).Column(2).FixedColumn(50).FixedColumn(50).FixedColumn(50).Column(4);
                    t.Header(h => { h.Cell("出席番号"); h.Cell("氏名"); h.Cell("得点"); h.Cell("正答率"); h.Cell("無解答"); h.Cell("所見"); });
                    for (int i = 1; i <= rows; i++)
                    {
                        int n = i;
                        t.Row(x =>
                        {
                            x.Cell(n.ToString(CultureInfo.InvariantCulture)).AlignCenter();
                            x.Cell(n % 10 == 1 ? "𠮷田 花子" : $"生徒{n:000}");
                            x.Cell(((n * 31) % 101).ToString(CultureInfo.InvariantCulture)).AlignRight();
                            x.Cell(((n * 31) % 101).ToString(CultureInfo.InvariantCulture) + "%").AlignRight();
                            x.Cell((n % 4).ToString(CultureInfo.InvariantCulture)).AlignRight();
                            x.Cell(n % 6 == 0
                                ? "記述式の問題で、考え方を途中まで書けています。最後まで書き切る練習をしましょう。"
                                : "よくできています。");
                        });
                    }
                })));
    }
}
