using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Sendai.Cbt.Reports.Layout.Text;

namespace Sendai.Cbt.Reports.Layout;

/// <summary>Per-document drawing state: the current page's graphics, page numbers, a font cache.</summary>
internal sealed class DrawContext(TextStyle defaultStyle)
{
    private readonly Dictionary<(string Family, bool Bold, double Size), XFont> _fonts = [];
    private static readonly XPdfFontOptions FontOptions = new(PdfFontEncoding.Unicode);

    public XGraphics Graphics { get; set; } = null!;
    public int PageNumber { get; set; }
    public int PageCount { get; set; }
    public TextStyle DefaultStyle { get; } = defaultStyle;

    /// <summary>True once a character beyond the BMP was drawn (the ToUnicode maps then need fixing).</summary>
    public bool UsedSupplementaryCharacters { get; private set; }

    public XFont Font(string family, bool bold, double size)
    {
        var key = (family, bold, size);
        if (!_fonts.TryGetValue(key, out var font))
        {
            font = new XFont(family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, FontOptions);
            _fonts[key] = font;
        }
        return font;
    }

    public static XColor Color(ReportColor c) => XColor.FromArgb(c.R, c.G, c.B);

    public void DrawString(string text, string family, bool bold, double size, ReportColor color, double x, double baseline)
    {
        if (text.Length == 0)
            return;
        foreach (var ch in text)
        {
            if (char.IsSurrogate(ch))
            {
                UsedSupplementaryCharacters = true;
                break;
            }
        }
        Graphics.DrawString(text, Font(family, bold, size), new XSolidBrush(Color(color)), x, baseline, XStringFormats.BaseLineLeft);
    }

    public void DrawLine(LaidOutLine line, double x, double top)
    {
        foreach (var run in line.Runs)
            DrawString(run.Text, run.Family, run.Bold, run.Size, run.Color, x + run.X, top + line.Baseline);
        foreach (var ruby in line.Rubies)
            DrawString(ruby.Text, ruby.Family, ruby.Bold, ruby.Size, ruby.Color, x + ruby.X, top + line.RubyBaseline);
    }
}
