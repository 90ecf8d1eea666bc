using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;
using Sendai.Cbt.Reports.Layout;

namespace Sendai.Cbt.Reports;

/// <summary>
/// Builds a PDF report from runs of pages (<see cref="Page"/>) filled with text, tables, charts and boxes.
/// Japanese text is broken with kinsoku rules and drawn in the embedded BIZ UD Gothic, with Noto Sans JP
/// for characters BIZ UD Gothic lacks (𠮷); no system font is needed.
/// </summary>
/// <example>
/// <code>
/// byte[] pdf = ReportDocument.Create()
///     .Title("個人票").Author("仙台市立〇〇中学校")
///     .Page(page => page
///         .Footer(f => f.PageNumber().AlignCenter())
///         .Content(c => c.Text(t => t.Ruby("𠮷田", "よしだ"))))
///     .GeneratePdf();
/// </code>
/// </example>
public sealed class ReportDocument
{
    private readonly List<PageDescriptor> _sections = [];
    private readonly StyleOverrides _defaultStyle = new();
    private readonly TimeProvider _time;
    private string _title = "", _author = "", _subject = "", _keywords = "", _language = "ja-JP";
    private DateTimeOffset? _created;
    private bool _pdfA;

    private ReportDocument(TimeProvider time) => _time = time;

    /// <summary>Starts a document.</summary>
    /// <param name="timeProvider">Clock for the creation date when <see cref="CreationDate"/> is not set; the system clock by default.</param>
    public static ReportDocument Create(TimeProvider? timeProvider = null) => new(timeProvider ?? TimeProvider.System);

    /// <summary>Document title (PDF Info and XMP; shown as the window title).</summary>
    public ReportDocument Title(string title)
    {
        _title = title ?? throw new ArgumentNullException(nameof(title));
        return this;
    }

    /// <summary>Document author.</summary>
    public ReportDocument Author(string author)
    {
        _author = author ?? throw new ArgumentNullException(nameof(author));
        return this;
    }

    /// <summary>Document subject.</summary>
    public ReportDocument Subject(string subject)
    {
        _subject = subject ?? throw new ArgumentNullException(nameof(subject));
        return this;
    }

    /// <summary>Document keywords.</summary>
    public ReportDocument Keywords(string keywords)
    {
        _keywords = keywords ?? throw new ArgumentNullException(nameof(keywords));
        return this;
    }

    /// <summary>Natural language of the text (catalog /Lang); <c>ja-JP</c> by default.</summary>
    public ReportDocument Language(string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        _language = language;
        return this;
    }

    /// <summary>Creation date written to the PDF.</summary>
    public ReportDocument CreationDate(DateTimeOffset created)
    {
        _created = created;
        return this;
    }

    /// <summary>
    /// Asks PDFsharp for PDF/A output (sRGB output intent, XMP <c>pdfaid</c> part 1, fonts embedded).
    /// PDFsharp 6.2.4 calls its support "a first hack": the result is not validated and should not be
    /// relied on for archiving without a validator such as veraPDF.
    /// </summary>
    public ReportDocument PdfA(bool enabled = true)
    {
        _pdfA = enabled;
        return this;
    }

    /// <summary>Default text style (10.5 pt regular black unless changed).</summary>
    public ReportDocument DefaultTextStyle(Action<TextStyleDescriptor> style)
    {
        ArgumentNullException.ThrowIfNull(style);
        style(new TextStyleDescriptor(_defaultStyle));
        return this;
    }

    /// <summary>Adds a run of pages; its content starts on a new page.</summary>
    public ReportDocument Page(Action<PageDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var page = new PageDescriptor();
        compose(page);
        _sections.Add(page);
        return this;
    }

    /// <summary>Lays out and writes the PDF.</summary>
    /// <exception cref="InvalidOperationException">No page was added, or margins leave no room for content.</exception>
    public byte[] GeneratePdf()
    {
        using var ms = new MemoryStream();
        GeneratePdf(ms);
        return ms.ToArray();
    }

    /// <summary>Lays out the document and writes the PDF to <paramref name="output"/> (left open).</summary>
    /// <exception cref="InvalidOperationException">No page was added, or margins leave no room for content.</exception>
    public void GeneratePdf(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var result = Render();
        output.Write(result.Pdf);
    }

    /// <summary>Renders and returns the PDF bytes with the page count (for tests and diagnostics).</summary>
    internal (byte[] Pdf, int PageCount) Render()
    {
        if (_sections.Count == 0)
            throw new InvalidOperationException("Add at least one Page(...) before generating the PDF.");
        ReportFontResolver.EnsureInstalled();
        var style = _defaultStyle.Apply(TextStyle.Default);

        var laidOut = new List<(PageDescriptor Section, List<Block> Header, List<Block> Footer, double ContentTop, PlacedPage Page)>();
        foreach (var section in _sections)
        {
            double width = section.Width - section.MarginLeft - section.MarginRight;
            double height = section.Height - section.MarginTop - section.MarginBottom;
            var probe = new LayoutContext(style, height);
            var header = Element.LayoutAll(section.HeaderElements, probe, width);
            var footer = Element.LayoutAll(section.FooterElements, probe, width);
            double gap = Units.Mm(4);
            double headerHeight = header.Sum(b => b.Height) + (header.Count > 0 ? gap : 0);
            double footerHeight = footer.Sum(b => b.Height) + (footer.Count > 0 ? gap : 0);
            double contentHeight = height - headerHeight - footerHeight;
            if (width < 36 || contentHeight < 36)
                throw new InvalidOperationException("The margins, header and footer leave less than half an inch for content.");
            var ctx = new LayoutContext(style, contentHeight);
            var blocks = Element.LayoutAll(section.ContentElements, ctx, width);
            foreach (var page in Paginator.Paginate(blocks, contentHeight))
                laidOut.Add((section, header, footer, section.MarginTop + headerHeight, page));
        }

        var document = new PdfDocument();
        document.Info.Title = _title;
        document.Info.Author = _author;
        document.Info.Subject = _subject;
        document.Info.Keywords = _keywords;
        document.Info.Creator = "Sendai.Cbt.Reports";
        document.Info.CreationDate = (_created ?? _time.GetLocalNow()).LocalDateTime;
        document.Language = _language;
        document.ViewerPreferences.DisplayDocTitle = true;
        document.Options.CompressContentStreams = true;
        if (_pdfA)
            document.SetPdfA();

        var draw = new DrawContext(style) { PageCount = laidOut.Count };
        for (int i = 0; i < laidOut.Count; i++)
        {
            var (section, header, footer, contentTop, placed) = laidOut[i];
            var pdfPage = document.AddPage();
            pdfPage.Width = XUnit.FromPoint(section.Width);
            pdfPage.Height = XUnit.FromPoint(section.Height);
            using var gfx = XGraphics.FromPdfPage(pdfPage);
            draw.Graphics = gfx;
            // PDFsharp's PDF/A mode turns on its PDF/UA manager, which refuses text outside the structure
            // tree: tag each page as an article with one paragraph (coarse, but valid structure).
            var structure = _pdfA ? UAManager.ForDocument(document).StructureBuilder : null;
            structure?.BeginElement(PdfGroupingElementTag.Article);
            structure?.BeginElement(PdfBlockLevelElementTag.Paragraph);
            draw.PageNumber = i + 1;
            double width = section.Width - section.MarginLeft - section.MarginRight;

            double y = section.MarginTop;
            foreach (var b in header)
            {
                b.Draw(draw, section.MarginLeft, y, width);
                y += b.Height;
            }
            y = section.Height - section.MarginBottom - footer.Sum(b => b.Height);
            foreach (var b in footer)
            {
                b.Draw(draw, section.MarginLeft, y, width);
                y += b.Height;
            }
            foreach (var (block, by) in placed.Blocks)
                block.Draw(draw, section.MarginLeft, contentTop + by, width);
            structure?.End();
            structure?.End();
        }

        using var ms = new MemoryStream();
        document.Save(ms, closeStream: false);
        var bytes = ms.ToArray();
        if (draw.UsedSupplementaryCharacters)
            bytes = ToUnicodeFixer.Fix(bytes);
        return (bytes, laidOut.Count);
    }
}
