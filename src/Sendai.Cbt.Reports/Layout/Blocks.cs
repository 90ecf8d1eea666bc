using PdfSharp.Drawing;
using Sendai.Cbt.Reports.Layout.Text;

namespace Sendai.Cbt.Reports.Layout;

/// <summary>
/// An atomic piece of laid-out content: the paginator never splits a block, it only moves blocks to the
/// next page. Text paragraphs become one block per line, tables one block per row.
/// </summary>
internal abstract class Block
{
    public abstract double Height { get; }

    /// <summary>Draws the block with its top-left corner at (x, y) in a column <paramref name="width"/> wide.</summary>
    public abstract void Draw(DrawContext ctx, double x, double y, double width);

    /// <summary>Keep this block on the same page as the next one (table headers, titles).</summary>
    public bool KeepWithNext { get; init; }

    /// <summary>Blocks (a table's header rows) to repeat at the top of a page that starts with this block.</summary>
    public IReadOnlyList<Block>? RepeatHeader { get; init; }
}

/// <summary>Vertical space; dropped at the top of a page.</summary>
internal sealed class SpaceBlock(double height) : Block
{
    public override double Height => height;

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
    }
}

/// <summary>Forces the next block onto a new page.</summary>
internal sealed class PageBreakBlock : Block
{
    public override double Height => 0;

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
    }
}

/// <summary>One line of a paragraph.</summary>
internal sealed class TextLineBlock(LaidOutLine line) : Block
{
    public LaidOutLine Line { get; } = line;

    public override double Height => Line.Height;

    public override void Draw(DrawContext ctx, double x, double y, double width) => ctx.DrawLine(Line, x, y);
}

/// <summary>Several blocks drawn as one unit (a row of columns, a box chunk).</summary>
internal sealed class StackBlock(IReadOnlyList<Block> blocks) : Block
{
    public IReadOnlyList<Block> Blocks { get; } = blocks;

    public override double Height => Blocks.Sum(b => b.Height);

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        foreach (var b in Blocks)
        {
            b.Draw(ctx, x, y, width);
            y += b.Height;
        }
    }
}

/// <summary>Columns side by side; as tall as the tallest column.</summary>
internal sealed class RowBlock(IReadOnlyList<(double X, double Width, IReadOnlyList<Block> Blocks)> columns) : Block
{
    public IReadOnlyList<(double X, double Width, IReadOnlyList<Block> Blocks)> Columns { get; } = columns;

    public override double Height => Columns.Count == 0 ? 0 : Columns.Max(c => c.Blocks.Sum(b => b.Height));

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        foreach (var (cx, cw, blocks) in Columns)
        {
            double cy = y;
            foreach (var b in blocks)
            {
                b.Draw(ctx, x + cx, cy, cw);
                cy += b.Height;
            }
        }
    }
}

/// <summary>A bordered box around blocks, with an optional title line.</summary>
internal sealed class BoxBlock(IReadOnlyList<Block> title, IReadOnlyList<Block> content, double padding, double minHeight,
    ReportColor border, ReportColor? background) : Block
{
    public IReadOnlyList<Block> Title { get; } = title;
    public IReadOnlyList<Block> Content { get; } = content;

    private double TitleHeight => Title.Sum(b => b.Height);

    public override double Height => Math.Max(minHeight, TitleHeight + Content.Sum(b => b.Height) + (2 * padding) + (Title.Count > 0 ? padding / 2 : 0));

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var g = ctx.Graphics;
        var rect = new XRect(x, y, width, Height);
        if (background is { } bg)
            g.DrawRectangle(new XSolidBrush(DrawContext.Color(bg)), rect);
        g.DrawRectangle(new XPen(DrawContext.Color(border), 0.8), rect);
        double cy = y + padding;
        foreach (var b in Title)
        {
            b.Draw(ctx, x + padding, cy, width - (2 * padding));
            cy += b.Height;
        }
        if (Title.Count > 0)
        {
            cy += padding / 4;
            g.DrawLine(new XPen(DrawContext.Color(border), 0.5), x + padding, cy, x + width - padding, cy);
            cy += padding / 4;
        }
        foreach (var b in Content)
        {
            b.Draw(ctx, x + padding, cy, width - (2 * padding));
            cy += b.Height;
        }
    }
}

/// <summary>A page number line, formatted when the page is drawn.</summary>
internal sealed class PageNumberBlock(ParagraphModel template, string format, TextStyle style) : Block
{
    public override double Height { get; } = style.Size * template.LineSpacing;

    public override void Draw(DrawContext ctx, double x, double y, double width)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, ctx.PageNumber, ctx.PageCount);
        var paragraph = new ParagraphModel { Align = template.Align, LineSpacing = template.LineSpacing };
        paragraph.Spans.Add(new SpanModel(text, null));
        foreach (var line in TextLayouter.Layout(paragraph, style, width).Take(1))
            ctx.DrawLine(line, x, y);
    }
}
