using System.Globalization;
using PdfSharp.Drawing;
using Sendai.Cbt.Reports.Layout.Text;

namespace Sendai.Cbt.Reports.Layout;

/// <summary>What a cell of the drawn S-P chart shows.</summary>
internal enum SpMark
{
    Correct,
    Partial,
    Wrong,
    NoResponse,
}

/// <summary>Data of a drawn S-P chart, already in chart order (students by score, items by number correct).</summary>
internal sealed class SpChartModel
{
    public required IReadOnlyList<string> RowLabels { get; init; }
    public required IReadOnlyList<string> ColumnLabels { get; init; }
    public required IReadOnlyList<IReadOnlyList<SpMark>> Marks { get; init; }
    public required IReadOnlyList<double> RowTotals { get; init; }
    public required IReadOnlyList<double> RowCaution { get; init; }
    public required IReadOnlyList<string> RowZones { get; init; }
    public required IReadOnlyList<double> ColumnTotals { get; init; }
    public required IReadOnlyList<double> ColumnCaution { get; init; }
}

/// <summary>
/// The S-P chart as a table of ○/× cells with the S curve (red, vertical steps at each student's score) and the P curve
/// (blue, horizontal steps at each item's number correct). One block per student row, so the chart breaks between rows
/// and repeats its header; each row draws the parts of both curves that fall inside it.
/// </summary>
internal sealed class SpChartElement(SpChartModel model) : Element
{
    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
    {
        var g = new SpGeometry(model, width);
        var header = new SpHeaderBlock(model, g);
        int n = model.RowLabels.Count;
        yield return new SpHeaderBlock(model, g) { KeepWithNext = true };
        for (int i = 0; i < n; i++)
            yield return new SpRowBlock(model, g, i) { RepeatHeader = [header] };
        yield return new SpFooterBlock(model, g) { RepeatHeader = [header] };
    }
}

internal sealed class SpGeometry
{
    public static readonly TextStyle Label = new(7, false, ReportColor.Black);
    public static readonly TextStyle Mark = new(7.5, false, ReportColor.Black);
    public const double RowHeight = 11;
    public const double HeaderHeight = 16;
    public double NoWidth { get; } = 18;
    public double NameWidth { get; }
    public double CellWidth { get; }
    public double GridX { get; }
    public double TailWidth { get; } = 30;

    public SpGeometry(SpChartModel m, double width)
    {
        int items = Math.Max(1, m.ColumnLabels.Count);
        NameWidth = Math.Min(90, Math.Max(50, width * 0.16));
        double avail = width - NoWidth - NameWidth - (3 * TailWidth);
        CellWidth = Math.Clamp(avail / items, 7, 24);
        GridX = NoWidth + NameWidth;
    }
}

internal static class SpDraw
{
    public static readonly ReportColor SColor = ReportColor.Red;
    public static readonly ReportColor PColor = ReportColor.Blue;

    public static void Text(DrawContext ctx, string s, TextStyle style, double x, double baseline)
    {
        double cx = x;
        foreach (var cluster in JapaneseLineBreaker.Clusters(s))
        {
            int cp = JapaneseLineBreaker.CodePointAt(cluster, 0);
            ctx.DrawString(cluster, TextLayouter.FamilyFor(cp, style.Bold), style.Bold, style.Size, style.Color, cx, baseline);
            cx += TextLayouter.Measure(cluster, style);
        }
    }

    /// <summary>Draws text centred in [x, x + w] (shrunk with an ellipsis when it does not fit).</summary>
    public static void Centered(DrawContext ctx, string s, TextStyle style, double x, double w, double baseline)
    {
        s = Fit(s, style, w);
        Text(ctx, s, style, x + ((w - TextLayouter.Measure(s, style)) / 2), baseline);
    }

    public static string Fit(string s, TextStyle style, double w)
    {
        if (TextLayouter.Measure(s, style) <= w) return s;
        var clusters = JapaneseLineBreaker.Clusters(s).ToList();
        while (clusters.Count > 1 && TextLayouter.Measure(string.Concat(clusters) + "…", style) > w) clusters.RemoveAt(clusters.Count - 1);
        return string.Concat(clusters) + "…";
    }

    public static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}

internal sealed class SpHeaderBlock(SpChartModel m, SpGeometry g) : Block
{
    public override double Height => SpGeometry.HeaderHeight;

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var gr = ctx.Graphics;
        var bg = new XSolidBrush(DrawContext.Color(ReportColor.LightGrey));
        gr.DrawRectangle(bg, x, y, width, Height);
        double baseline = y + (Height / 2) + (SpGeometry.Label.Size * 0.35);
        SpDraw.Centered(ctx, "No.", SpGeometry.Label, x, g.NoWidth, baseline);
        SpDraw.Centered(ctx, "児童", SpGeometry.Label, x + g.NoWidth, g.NameWidth, baseline);
        for (int j = 0; j < m.ColumnLabels.Count; j++)
            SpDraw.Centered(ctx, m.ColumnLabels[j], SpGeometry.Label, x + g.GridX + (j * g.CellWidth), g.CellWidth, baseline);
        double tx = x + g.GridX + (m.ColumnLabels.Count * g.CellWidth);
        SpDraw.Centered(ctx, "得点", SpGeometry.Label, tx, g.TailWidth, baseline);
        SpDraw.Centered(ctx, "注意係数", SpGeometry.Label, tx + g.TailWidth, g.TailWidth, baseline);
        SpDraw.Centered(ctx, "判定", SpGeometry.Label, tx + (2 * g.TailWidth), g.TailWidth, baseline);
        gr.DrawLine(new XPen(XColors.Black, 0.6), x, y + Height, x + g.GridX + (m.ColumnLabels.Count * g.CellWidth) + (3 * g.TailWidth), y + Height);
    }
}

internal sealed class SpRowBlock(SpChartModel m, SpGeometry g, int row) : Block
{
    public override double Height => SpGeometry.RowHeight;

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var gr = ctx.Graphics;
        int cols = m.ColumnLabels.Count;
        double h = Height, gx = x + g.GridX, cw = g.CellWidth;
        double baseline = y + (h / 2) + (SpGeometry.Label.Size * 0.35);
        if (row % 5 == 4)
            gr.DrawLine(new XPen(DrawContext.Color(ReportColor.Grey), 0.4), x, y + h, gx + (cols * cw) + (3 * g.TailWidth), y + h);
        SpDraw.Centered(ctx, (row + 1).ToString(CultureInfo.InvariantCulture), SpGeometry.Label, x, g.NoWidth, baseline);
        SpDraw.Text(ctx, SpDraw.Fit(m.RowLabels[row], SpGeometry.Label, g.NameWidth - 4), SpGeometry.Label, x + g.NoWidth + 2, baseline);
        var nrBrush = new XSolidBrush(DrawContext.Color(ReportColor.LightGrey));
        for (int j = 0; j < cols; j++)
        {
            double cx = gx + (j * cw);
            var mark = m.Marks[row][j];
            if (mark == SpMark.NoResponse)
                gr.DrawRectangle(nrBrush, cx + 0.5, y + 0.5, cw - 1, h - 1);
            string s = mark switch { SpMark.Correct => "○", SpMark.Partial => "△", SpMark.Wrong => "×", _ => "無" };
            var style = mark == SpMark.NoResponse ? SpGeometry.Mark with { Size = 6, Color = ReportColor.DarkGrey } : SpGeometry.Mark;
            SpDraw.Centered(ctx, s, style, cx, cw, y + (h / 2) + (style.Size * 0.35));
        }
        double tx = gx + (cols * cw);
        SpDraw.Centered(ctx, SpDraw.F(m.RowTotals[row], "0.#"), SpGeometry.Label, tx, g.TailWidth, baseline);
        var caution = m.RowCaution[row];
        var cStyle = caution >= 0.5 ? SpGeometry.Label with { Bold = true, Color = ReportColor.Red } : SpGeometry.Label;
        SpDraw.Centered(ctx, SpDraw.F(caution, "0.00"), cStyle, tx + g.TailWidth, g.TailWidth, baseline);
        SpDraw.Centered(ctx, m.RowZones[row], SpGeometry.Label, tx + (2 * g.TailWidth), g.TailWidth, baseline);

        // S curve: a vertical segment at the student's score, a horizontal step from the previous student's score.
        var sPen = new XPen(DrawContext.Color(SpDraw.SColor), 1.4);
        double sx = gx + (Math.Clamp(m.RowTotals[row], 0, cols) * cw);
        gr.DrawLine(sPen, sx, y, sx, y + h);
        if (row > 0)
        {
            double px = gx + (Math.Clamp(m.RowTotals[row - 1], 0, cols) * cw);
            if (Math.Abs(px - sx) > 0.01) gr.DrawLine(sPen, px, y, sx, y);
        }
        // P curve: item j's boundary lies below its p_j-th student; draw the parts inside this row.
        var pPen = new XPen(DrawContext.Color(SpDraw.PColor), 1.4) { DashStyle = XDashStyle.Dash };
        for (int j = 0; j < cols; j++)
        {
            double p = m.ColumnTotals[j];
            if (p >= row && p < row + 1 || (p == row + 1 && row == m.RowLabels.Count - 1))
            {
                double py = y + ((p - row) * h);
                gr.DrawLine(pPen, gx + (j * cw), py, gx + ((j + 1) * cw), py);
            }
            if (j + 1 < cols)
            {
                double a = Math.Min(p, m.ColumnTotals[j + 1]), b = Math.Max(p, m.ColumnTotals[j + 1]);
                double top = Math.Max(a, row), bottom = Math.Min(b, row + 1);
                if (bottom > top)
                    gr.DrawLine(pPen, gx + ((j + 1) * cw), y + ((top - row) * h), gx + ((j + 1) * cw), y + ((bottom - row) * h));
            }
        }
    }
}

internal sealed class SpFooterBlock(SpChartModel m, SpGeometry g) : Block
{
    public override double Height => (2 * SpGeometry.RowHeight) + 4;

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var gr = ctx.Graphics;
        int cols = m.ColumnLabels.Count;
        double gx = x + g.GridX, cw = g.CellWidth, h = SpGeometry.RowHeight;
        gr.DrawLine(new XPen(XColors.Black, 0.6), x, y + 2, gx + (cols * cw) + (3 * g.TailWidth), y + 2);
        double b1 = y + 2 + (h / 2) + (SpGeometry.Label.Size * 0.35), b2 = b1 + h;
        SpDraw.Text(ctx, "正答数", SpGeometry.Label, x + g.NoWidth + 2, b1);
        SpDraw.Text(ctx, "注意係数", SpGeometry.Label, x + g.NoWidth + 2, b2);
        var small = SpGeometry.Label with { Size = Math.Min(7, Math.Max(4.5, cw / 3.2)) };
        for (int j = 0; j < cols; j++)
        {
            SpDraw.Centered(ctx, SpDraw.F(m.ColumnTotals[j], "0.#"), small, gx + (j * cw), cw, b1);
            var c = m.ColumnCaution[j];
            SpDraw.Centered(ctx, SpDraw.F(c, ".00"), c >= 0.5 ? small with { Bold = true, Color = ReportColor.Red } : small, gx + (j * cw), cw, b2);
        }
    }
}
