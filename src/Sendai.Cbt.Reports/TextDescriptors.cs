using Sendai.Cbt.Reports.Layout;

namespace Sendai.Cbt.Reports;

/// <summary>Sets the style of a span, a paragraph, a cell or the document default.</summary>
public sealed class TextStyleDescriptor
{
    internal TextStyleDescriptor(StyleOverrides style) => Style = style;

    internal StyleOverrides Style { get; }

    /// <summary>Font size in points.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not between 1 and 500.</exception>
    public TextStyleDescriptor Size(double points)
    {
        if (!(points >= 1 && points <= 500))
            throw new ArgumentOutOfRangeException(nameof(points), points, "Font size must be between 1 and 500 points.");
        Style.Size = points;
        return this;
    }

    /// <summary>Bold (BIZ UD Gothic Bold / Noto Sans JP Bold) or regular.</summary>
    public TextStyleDescriptor Bold(bool bold = true)
    {
        Style.Bold = bold;
        return this;
    }

    /// <summary>Text colour.</summary>
    public TextStyleDescriptor Color(ReportColor color)
    {
        Style.Color = color;
        return this;
    }
}

/// <summary>
/// Builds a paragraph: spans of styled text and ruby. Japanese line breaking (kinsoku) applies;
/// a <c>\n</c> in a span starts a new line.
/// </summary>
public sealed class TextDescriptor
{
    internal TextDescriptor(ParagraphModel paragraph, ParagraphElement? element = null)
    {
        Paragraph = paragraph;
        Element = element;
    }

    internal ParagraphModel Paragraph { get; }

    internal ParagraphElement? Element { get; }

    /// <summary>Adds a run of text; style it with the returned descriptor.</summary>
    public TextStyleDescriptor Span(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = new SpanModel(text, null);
        Paragraph.Spans.Add(span);
        return new TextStyleDescriptor(span.Style);
    }

    /// <summary>
    /// Adds a base text with a ruby reading centred above it, e.g. <c>Ruby("𠮷田", "よしだ")</c>. The base
    /// and its reading never break across lines.
    /// </summary>
    public TextStyleDescriptor Ruby(string baseText, string reading)
    {
        ArgumentNullException.ThrowIfNull(baseText);
        ArgumentNullException.ThrowIfNull(reading);
        var span = new SpanModel(baseText, reading.Length == 0 ? null : reading);
        Paragraph.Spans.Add(span);
        return new TextStyleDescriptor(span.Style);
    }

    /// <summary>Default style of the paragraph's spans.</summary>
    public TextDescriptor Style(Action<TextStyleDescriptor> style)
    {
        ArgumentNullException.ThrowIfNull(style);
        style(new TextStyleDescriptor(Paragraph.Style));
        return this;
    }

    /// <summary>Font size of the whole paragraph in points.</summary>
    public TextDescriptor Size(double points)
    {
        new TextStyleDescriptor(Paragraph.Style).Size(points);
        return this;
    }

    /// <summary>Makes the whole paragraph bold.</summary>
    public TextDescriptor Bold(bool bold = true)
    {
        Paragraph.Style.Bold = bold;
        return this;
    }

    /// <summary>Colour of the whole paragraph.</summary>
    public TextDescriptor Color(ReportColor color)
    {
        Paragraph.Style.Color = color;
        return this;
    }

    /// <summary>Centres every line.</summary>
    public TextDescriptor AlignCenter()
    {
        Paragraph.Align = TextAlign.Center;
        return this;
    }

    /// <summary>Aligns every line to the right.</summary>
    public TextDescriptor AlignRight()
    {
        Paragraph.Align = TextAlign.Right;
        return this;
    }

    /// <summary>Line height as a multiple of the font size (default 1.45).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is not between 1 and 4.</exception>
    public TextDescriptor LineSpacing(double factor)
    {
        if (!(factor >= 1 && factor <= 4))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Line spacing must be between 1 and 4.");
        Paragraph.LineSpacing = factor;
        return this;
    }

    /// <summary>Keeps the paragraph's last line on the same page as what follows (for headings).</summary>
    public TextDescriptor KeepWithNext()
    {
        if (Element is not null)
            Element.KeepWithNext = true;
        return this;
    }
}
