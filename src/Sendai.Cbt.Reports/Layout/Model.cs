namespace Sendai.Cbt.Reports.Layout;

/// <summary>A resolved text style.</summary>
internal sealed record TextStyle(double Size, bool Bold, ReportColor Color)
{
    public static TextStyle Default { get; } = new(10.5, false, ReportColor.Black);
}

/// <summary>Style settings made by the builder; unset values inherit.</summary>
internal sealed class StyleOverrides
{
    public double? Size { get; set; }
    public bool? Bold { get; set; }
    public ReportColor? Color { get; set; }

    public TextStyle Apply(TextStyle baseStyle) => new(Size ?? baseStyle.Size, Bold ?? baseStyle.Bold, Color ?? baseStyle.Color);
}

/// <summary>Horizontal alignment of text lines.</summary>
internal enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>A run of text with one style, optionally with a ruby reading over it.</summary>
internal sealed class SpanModel(string text, string? ruby)
{
    public string Text { get; } = text;
    public string? Ruby { get; } = ruby;
    public StyleOverrides Style { get; } = new();
}

/// <summary>A paragraph: spans, alignment, line spacing.</summary>
internal sealed class ParagraphModel
{
    public List<SpanModel> Spans { get; } = [];
    public StyleOverrides Style { get; } = new();
    public TextAlign Align { get; set; } = TextAlign.Left;

    /// <summary>Line height as a multiple of the largest font size on the line.</summary>
    public double LineSpacing { get; set; } = 1.45;
}
