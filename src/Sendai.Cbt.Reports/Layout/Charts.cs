using System.Globalization;
using PdfSharp.Drawing;
using Sendai.Cbt.Reports.Layout.Text;

namespace Sendai.Cbt.Reports.Layout;

internal sealed record BarItem(string Label, double Value, double? Reference);

/// <summary>Settings of a bar chart or histogram.</summary>
internal sealed class ChartModel
{
    public bool Vertical { get; set; }
    public bool IsHistogram { get; set; }
    public double Height { get; set; } = 150;
    public double? Maximum { get; set; }
    public List<BarItem> Bars { get; } = [];
    public string? Title { get; set; }
    public string ValueLegend { get; set; } = "";
    public string? ReferenceLegend { get; set; }
    public ReportColor BarColor { get; set; } = ReportColor.Blue;
    public ReportColor ReferenceColor { get; set; } = ReportColor.Orange;
    public string ValueFormat { get; set; } = "0.#";
    public string ValueSuffix { get; set; } = "";
    public bool ShowValues { get; set; } = true;

    /// <summary>Histogram marker position in bar units (0 = left edge of the first bin).</summary>
    public double? MarkerPosition { get; set; }
    public string? MarkerLabel { get; set; }
    public string? AxisLabel { get; set; }
}

internal sealed class ChartElement(ChartModel model) : Element
{
    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
    {
        var blocks = new List<Block>();
        var baseStyle = ctx.DefaultStyle;
        if (model.Title is not null)
        {
            var title = new ParagraphModel { LineSpacing = 1.4 };
            title.Spans.Add(new SpanModel(model.Title, null));
            title.Style.Bold = true;
            foreach (var line in TextLayouter.Layout(title, baseStyle, width))
                blocks.Add(new TextLineBlock(line) { KeepWithNext = true });
        }
        blocks.Add(new ChartBlock(model, baseStyle with { Size = Math.Max(6, baseStyle.Size * 0.8), Bold = false, Color = ReportColor.Black }, width));
        return blocks;
    }
}

/// <summary>A drawn bar chart or histogram. All geometry is computed from the width at layout time.</summary>
internal sealed class ChartBlock : Block
{
    private readonly ChartModel _m;
    private readonly TextStyle _label;
    private readonly double _legendHeight;
    private readonly double _max;
    private readonly double _step;

    public ChartBlock(ChartModel model, TextStyle labelStyle, double width)
    {
        _m = model;
        _label = labelStyle;
        bool hasReference = model.Bars.Any(b => b.Reference is not null) && model.ReferenceLegend is not null;
        _legendHeight = hasReference || model.MarkerLabel is not null ? labelStyle.Size * 1.8 : 0;
        double dataMax = model.Bars.Count == 0 ? 1 : model.Bars.Max(b => Math.Max(b.Value, b.Reference ?? 0));
        (_max, _step) = NiceScale(model.Maximum ?? dataMax);
        Height = model.Height + _legendHeight;
    }

    public override double Height { get; }

    internal static (double Max, double Step) NiceScale(double max)
    {
        if (!(max > 0) || double.IsInfinity(max))
            return (1, 0.2);
        double rough = max / 5;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= rough - 1e-9);
        return (Math.Ceiling((max / step) - 1e-9) * step, step);
    }

    private string Format(double v) => v.ToString(_m.ValueFormat, CultureInfo.InvariantCulture) + _m.ValueSuffix;

    private double TextWidth(string s) => TextLayouter.Measure(s, _label);

    private void Text(DrawContext ctx, string s, double x, double baseline, ReportColor? color = null)
    {
        // Characters may need the fallback face: draw per font run.
        double cx = x;
        foreach (var cluster in JapaneseLineBreaker.Clusters(s))
        {
            int cp = JapaneseLineBreaker.CodePointAt(cluster, 0);
            ctx.DrawString(cluster, TextLayouter.FamilyFor(cp, _label.Bold), _label.Bold, _label.Size, color ?? _label.Color, cx, baseline);
            cx += TextLayouter.Measure(cluster, _label);
        }
    }

    private List<LaidOutLine> Wrap(string s, double width, TextAlign align)
    {
        var p = new ParagraphModel { Align = align, LineSpacing = 1.2 };
        p.Spans.Add(new SpanModel(s, null));
        return TextLayouter.Layout(p, _label, Math.Max(width, _label.Size));
    }

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var g = ctx.Graphics;
        DrawLegend(ctx, x, y, width);
        double top = y + _legendHeight;
        if (_m.Vertical || _m.IsHistogram)
            DrawVertical(ctx, g, x, top, width);
        else
            DrawHorizontal(ctx, g, x, top, width);
    }

    private void DrawLegend(DrawContext ctx, double x, double y, double width)
    {
        if (_legendHeight == 0)
            return;
        var g = ctx.Graphics;
        double s = _label.Size;
        double baseline = y + (s * 1.15);
        double cx = x + width;
        // Right-aligned legend: [■ value legend] [| reference legend]
        var items = new List<(string Text, bool Reference)>();
        if (!string.IsNullOrEmpty(_m.ValueLegend))
            items.Add((_m.ValueLegend, false));
        if (_m.ReferenceLegend is not null && _m.Bars.Any(b => b.Reference is not null))
            items.Add((_m.ReferenceLegend, true));
        if (_m.MarkerLabel is not null)
            items.Add((_m.MarkerLabel, true));
        double total = items.Sum(i => s + 4 + TextWidth(i.Text) + 10);
        cx -= total;
        foreach (var (text, isRef) in items)
        {
            if (isRef)
                g.DrawLine(new XPen(DrawContext.Color(_m.ReferenceColor), 2), cx + (s / 2), baseline - s, cx + (s / 2), baseline + (s * 0.15));
            else
                g.DrawRectangle(new XSolidBrush(DrawContext.Color(_m.BarColor)), cx, baseline - (s * 0.8), s, s * 0.8);
            Text(ctx, text, cx + s + 4, baseline);
            cx += s + 4 + TextWidth(text) + 10;
        }
    }

    private void DrawHorizontal(DrawContext ctx, XGraphics g, double x, double top, double width)
    {
        double s = _label.Size;
        double labelWidth = Math.Min(width * 0.35, (_m.Bars.Count == 0 ? 0 : _m.Bars.Max(b => TextWidth(b.Label))) + 6);
        double valueRoom = _m.ShowValues ? TextWidth(Format(_max)) + 6 : 4;
        double axisHeight = s * 1.6;
        double plotX = x + labelWidth, plotW = Math.Max(10, width - labelWidth - valueRoom);
        double plotY = top, plotH = _m.Height - axisHeight;
        var axisPen = new XPen(DrawContext.Color(ReportColor.DarkGrey), 0.6);
        var gridPen = new XPen(DrawContext.Color(ReportColor.LightGrey), 0.5);

        for (double v = 0; v <= _max + 1e-9; v += _step)
        {
            double gx = plotX + (plotW * v / _max);
            g.DrawLine(gridPen, gx, plotY, gx, plotY + plotH);
            var t = Format(v);
            Text(ctx, t, gx - (TextWidth(t) / 2), plotY + plotH + (s * 1.2), ReportColor.DarkGrey);
        }
        g.DrawLine(axisPen, plotX, plotY, plotX, plotY + plotH);
        g.DrawLine(axisPen, plotX, plotY + plotH, plotX + plotW, plotY + plotH);

        int n = Math.Max(1, _m.Bars.Count);
        double band = plotH / n;
        for (int i = 0; i < _m.Bars.Count; i++)
        {
            var bar = _m.Bars[i];
            double by = plotY + (band * i);
            double thickness = band * 0.6;
            double bw = plotW * Math.Clamp(bar.Value, 0, _max) / _max;
            g.DrawRectangle(new XSolidBrush(DrawContext.Color(_m.BarColor)), plotX, by + ((band - thickness) / 2), bw, thickness);

            // Category label, wrapped into the label column and centred on the band.
            var lines = Wrap(bar.Label, labelWidth - 6, TextAlign.Right);
            double lh = lines.Sum(l => l.Height);
            double ly = by + ((band - lh) / 2);
            foreach (var line in lines)
            {
                ctx.DrawLine(line, x, ly);
                ly += line.Height;
            }
            if (_m.ShowValues)
            {
                // Right of the bar, or of the reference marker when that is further right.
                double end = Math.Max(bw, bar.Reference is { } rr ? (plotW * Math.Clamp(rr, 0, _max) / _max) + 1.5 : 0);
                Text(ctx, Format(bar.Value), plotX + end + 3, by + (band / 2) + (s * 0.35));
            }
            if (bar.Reference is { } r)
            {
                double rx = plotX + (plotW * Math.Clamp(r, 0, _max) / _max);
                g.DrawLine(new XPen(DrawContext.Color(_m.ReferenceColor), 2), rx, by + (band * 0.1), rx, by + (band * 0.9));
            }
        }
    }

    private void DrawVertical(DrawContext ctx, XGraphics g, double x, double top, double width)
    {
        double s = _label.Size;
        double axisWidth = TextWidth(Format(_max)) + 6;
        double plotX = x + axisWidth, plotW = Math.Max(10, width - axisWidth - 2);
        int n = Math.Max(1, _m.Bars.Count);
        double band = plotW / n;
        var wrapped = _m.Bars.Select(b => Wrap(b.Label, band - 2, TextAlign.Center)).ToList();
        double labelHeight = wrapped.Count == 0 ? s : wrapped.Max(l => l.Sum(x => x.Height)) + 2;
        double valueRoom = _m.ShowValues ? s * 1.3 : 0;
        double plotY = top + valueRoom, plotH = Math.Max(10, _m.Height - labelHeight - valueRoom);
        var axisPen = new XPen(DrawContext.Color(ReportColor.DarkGrey), 0.6);
        var gridPen = new XPen(DrawContext.Color(ReportColor.LightGrey), 0.5);

        for (double v = 0; v <= _max + 1e-9; v += _step)
        {
            double gy = plotY + plotH - (plotH * v / _max);
            g.DrawLine(gridPen, plotX, gy, plotX + plotW, gy);
            var t = Format(v);
            Text(ctx, t, plotX - 3 - TextWidth(t), gy + (s * 0.35), ReportColor.DarkGrey);
        }
        g.DrawLine(axisPen, plotX, plotY, plotX, plotY + plotH);
        g.DrawLine(axisPen, plotX, plotY + plotH, plotX + plotW, plotY + plotH);

        var fill = new XSolidBrush(DrawContext.Color(_m.BarColor));
        var outline = new XPen(DrawContext.Color(ReportColor.White), 0.5);
        for (int i = 0; i < _m.Bars.Count; i++)
        {
            var bar = _m.Bars[i];
            double bx = plotX + (band * i);
            double thickness = _m.IsHistogram ? band : band * 0.6;
            double bh = plotH * Math.Clamp(bar.Value, 0, _max) / _max;
            var rect = new XRect(bx + ((band - thickness) / 2), plotY + plotH - bh, thickness, bh);
            if (bh > 0)
            {
                g.DrawRectangle(fill, rect);
                if (_m.IsHistogram)
                    g.DrawRectangle(outline, rect);
            }
            if (_m.ShowValues && (!_m.IsHistogram || bar.Value > 0))
            {
                // Above the bar, or above the reference marker when that is higher, so they never overlap.
                var t = Format(bar.Value);
                double highest = Math.Max(bar.Value, bar.Reference ?? double.MinValue);
                double labelY = plotY + plotH - (plotH * Math.Clamp(highest, 0, _max) / _max) - (s * 0.3) - (highest > bar.Value ? 1.5 : 0);
                Text(ctx, t, bx + ((band - TextWidth(t)) / 2), labelY);
            }
            double ly = plotY + plotH + 2;
            foreach (var line in wrapped[i])
            {
                ctx.DrawLine(line, bx + 1, ly);
                ly += line.Height;
            }
            if (bar.Reference is { } r)
            {
                double ry = plotY + plotH - (plotH * Math.Clamp(r, 0, _max) / _max);
                g.DrawLine(new XPen(DrawContext.Color(_m.ReferenceColor), 2), bx + (band * 0.1), ry, bx + (band * 0.9), ry);
            }
        }
        if (_m.MarkerPosition is { } pos && _m.Bars.Count > 0)
        {
            double mx = plotX + (band * Math.Clamp(pos, 0, _m.Bars.Count));
            g.DrawLine(new XPen(DrawContext.Color(_m.ReferenceColor), 2), mx, plotY - (valueRoom * 0.5), mx, plotY + plotH);
        }
    }
}
