using PdfSharp.Drawing;
using Sendai.Cbt.Reports.Layout.Text;

namespace Sendai.Cbt.Reports.Layout;

/// <summary>What elements need to know while laying out.</summary>
internal sealed record LayoutContext(TextStyle DefaultStyle, double PageContentHeight);

/// <summary>A piece of document content before layout.</summary>
internal abstract class Element
{
    public abstract IEnumerable<Block> Layout(LayoutContext ctx, double width);

    public static List<Block> LayoutAll(IEnumerable<Element> elements, LayoutContext ctx, double width)
        => elements.SelectMany(e => e.Layout(ctx, width)).ToList();
}

internal sealed class ParagraphElement(ParagraphModel paragraph) : Element
{
    public ParagraphModel Paragraph { get; } = paragraph;

    public bool KeepWithNext { get; set; }

    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
    {
        var lines = TextLayouter.Layout(Paragraph, ctx.DefaultStyle, width);
        for (int i = 0; i < lines.Count; i++)
            yield return new TextLineBlock(lines[i]) { KeepWithNext = KeepWithNext && i == lines.Count - 1 };
    }
}

internal sealed class SpaceElement(double height) : Element
{
    public override IEnumerable<Block> Layout(LayoutContext ctx, double width) => [new SpaceBlock(height)];
}

internal sealed class PageBreakElement : Element
{
    public override IEnumerable<Block> Layout(LayoutContext ctx, double width) => [new PageBreakBlock()];
}

internal sealed class PageNumberElement(string format, ParagraphModel template) : Element
{
    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
        => [new PageNumberBlock(template, format, template.Style.Apply(ctx.DefaultStyle))];
}

internal sealed class RowElement : Element
{
    public List<(double Weight, List<Element> Elements)> Columns { get; } = [];

    public double Gap { get; set; } = 8;

    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
    {
        if (Columns.Count == 0)
            yield break;
        double total = Columns.Sum(c => c.Weight);
        double available = width - (Gap * (Columns.Count - 1));
        double x = 0;
        var columns = new List<(double, double, IReadOnlyList<Block>)>();
        foreach (var (weight, elements) in Columns)
        {
            double w = available * weight / total;
            columns.Add((x, w, Element.LayoutAll(elements, ctx, w)));
            x += w + Gap;
        }
        yield return new RowBlock(columns);
    }
}

internal sealed class BoxElement : Element
{
    public List<Element> Content { get; } = [];
    public ParagraphModel? Title { get; set; }
    public ReportColor Border { get; set; } = ReportColor.DarkGrey;
    public ReportColor? Background { get; set; }
    public double Padding { get; set; } = 6;
    public double MinHeight { get; set; }

    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
    {
        double inner = width - (2 * Padding);
        var title = Title is null ? [] : new ParagraphElement(Title).Layout(ctx, inner).ToList();
        var content = Element.LayoutAll(Content, ctx, inner);
        double titleHeight = title.Sum(b => b.Height) + (title.Count > 0 ? Padding / 2 : 0);
        double limit = ctx.PageContentHeight - (2 * Padding) - titleHeight;

        // A box taller than a page is split into several boxes, each one page high at most.
        var chunk = new List<Block>();
        double chunkHeight = 0;
        bool first = true;
        foreach (var block in content)
        {
            if (chunk.Count > 0 && chunkHeight + block.Height > limit)
            {
                yield return new BoxBlock(first ? title : [], chunk, Padding, 0, Border, Background);
                first = false;
                chunk = [];
                chunkHeight = 0;
            }
            chunk.Add(block);
            chunkHeight += block.Height;
        }
        yield return new BoxBlock(first ? title : [], chunk, Padding, first ? Math.Min(MinHeight, ctx.PageContentHeight) : 0, Border, Background);
    }
}

internal sealed record ColumnSpec(double Value, bool IsFixed);

internal sealed class CellModel(ParagraphModel paragraph)
{
    public ParagraphModel Paragraph { get; } = paragraph;
    public ReportColor? Background { get; set; }
    public int ColumnSpan { get; set; } = 1;
}

internal sealed class TableElement : Element
{
    public List<ColumnSpec> Columns { get; } = [];
    public List<List<CellModel>> HeaderRows { get; } = [];
    public List<List<CellModel>> Rows { get; } = [];
    public double Padding { get; set; } = 3;
    public ReportColor BorderColor { get; set; } = ReportColor.Grey;
    public ReportColor HeaderBackground { get; set; } = ReportColor.LightGrey;
    public ReportColor? StripeBackground { get; set; }
    public StyleOverrides Style { get; } = new();

    public override IEnumerable<Block> Layout(LayoutContext ctx, double width)
    {
        ctx = ctx with { DefaultStyle = Style.Apply(ctx.DefaultStyle) };
        var widths = ColumnWidths(width);
        var headers = new List<Block>();
        for (int i = 0; i < HeaderRows.Count; i++)
            headers.Add(MakeRow(HeaderRows[i], widths, ctx, HeaderBackground, keepWithNext: true, repeat: null));
        foreach (var h in headers)
            yield return h;
        for (int i = 0; i < Rows.Count; i++)
        {
            var stripe = StripeBackground is { } s && i % 2 == 1 ? s : (ReportColor?)null;
            yield return MakeRow(Rows[i], widths, ctx, stripe, keepWithNext: false, repeat: headers.Count > 0 ? headers : null);
        }
    }

    private double[] ColumnWidths(double width)
    {
        int n = Math.Max(1, Columns.Count);
        if (Columns.Count == 0)
            return [width];
        double fixedSum = Columns.Where(c => c.IsFixed).Sum(c => c.Value);
        double relSum = Columns.Where(c => !c.IsFixed).Sum(c => c.Value);
        double rest = Math.Max(0, width - fixedSum);
        var result = new double[n];
        for (int i = 0; i < n; i++)
            result[i] = Columns[i].IsFixed ? Columns[i].Value : (relSum > 0 ? rest * Columns[i].Value / relSum : 0);
        double sum = result.Sum();
        if (sum > width && sum > 0)
        {
            for (int i = 0; i < n; i++)
                result[i] *= width / sum; // fixed columns wider than the page shrink proportionally
        }
        return result;
    }

    private TableRowBlock MakeRow(List<CellModel> cells, double[] widths, LayoutContext ctx, ReportColor? rowBackground, bool keepWithNext, IReadOnlyList<Block>? repeat)
    {
        var laid = new List<TableRowBlock.Cell>();
        int column = 0;
        foreach (var cell in cells)
        {
            if (column >= widths.Length)
                break;
            int span = Math.Clamp(cell.ColumnSpan, 1, widths.Length - column);
            double x = widths.Take(column).Sum();
            double w = widths.Skip(column).Take(span).Sum();
            var lines = TextLayouter.Layout(cell.Paragraph, ctx.DefaultStyle, Math.Max(1, w - (2 * Padding)));
            laid.Add(new TableRowBlock.Cell(x, w, lines, cell.Background ?? rowBackground));
            column += span;
        }
        double total = widths.Sum();
        if (column < widths.Length)
            laid.Add(new TableRowBlock.Cell(widths.Take(column).Sum(), total - widths.Take(column).Sum(), [], rowBackground));
        return new TableRowBlock(laid, Padding, BorderColor) { KeepWithNext = keepWithNext, RepeatHeader = repeat };
    }
}

internal sealed class TableRowBlock(IReadOnlyList<TableRowBlock.Cell> cells, double padding, ReportColor border) : Block
{
    internal sealed record Cell(double X, double Width, IReadOnlyList<LaidOutLine> Lines, ReportColor? Background);

    public IReadOnlyList<Cell> Cells { get; } = cells;

    public override double Height { get; } = cells.Count == 0 ? 0 : cells.Max(c => c.Lines.Sum(l => l.Height)) + (2 * padding);

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var g = ctx.Graphics;
        var pen = new XPen(DrawContext.Color(border), 0.5);
        foreach (var cell in Cells)
        {
            var rect = new XRect(x + cell.X, y, cell.Width, Height);
            if (cell.Background is { } bg)
                g.DrawRectangle(new XSolidBrush(DrawContext.Color(bg)), rect);
            double contentHeight = cell.Lines.Sum(l => l.Height);
            double cy = y + ((Height - contentHeight) / 2); // vertically centred
            foreach (var line in cell.Lines)
            {
                ctx.DrawLine(line, x + cell.X + padding, cy);
                cy += line.Height;
            }
            g.DrawRectangle(pen, rect);
        }
    }
}
