using PdfSharp.Drawing;
using PdfSharp.Pdf.IO;
using Sendai.Cbt.Reports.Layout;
using Sendai.Cbt.Reports.Layout.Fonts;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;
using Xunit;
using PigDocument = UglyToad.PdfPig.PdfDocument;

namespace Sendai.Cbt.Reports.Tests;

public class PdfOutputTests
{
    private static readonly Lazy<(byte[] Pdf, int Pages)> Individual = new(() => SampleDocuments.IndividualReport().Render());
    private static readonly Lazy<(byte[] Pdf, int Pages)> LongTable = new(() => SampleDocuments.LongLandscapeTable().Render());

    private static string AllText(byte[] pdf)
    {
        using var doc = PigDocument.Open(pdf);
        return string.Concat(doc.GetPages().Select(p => p.Text));
    }

    [Fact]
    public void Japanese_text_with_a_character_beyond_the_BMP_and_ruby_extracts_correctly()
    {
        var text = AllText(Individual.Value.Pdf);
        Assert.Contains("𠮷田", text);
        Assert.Contains("花子", text);
        Assert.Contains("よしだ", text);
        Assert.Contains("はなこ", text);
        Assert.Contains("かんすう", text);
        Assert.Contains("思考・判断・表現", text);
        Assert.Contains("無解答", text);
        Assert.DoesNotContain("\uFFFD", text);
    }

    [Fact]
    public void Ruby_is_centred_above_its_base()
    {
        using var doc = PigDocument.Open(Individual.Value.Pdf);
        var letters = doc.GetPage(1).Letters;
        var baseLetters = letters.Where(l => l.Value is "𠮷" or "田").Take(2).ToList();
        int start = letters.ToList().FindIndex(l => l.Value == "よ");
        var ruby = letters.Skip(start).Take(3).ToList();
        Assert.Equal("よしだ", string.Concat(ruby.Select(l => l.Value)));
        double baseCentre = (baseLetters.Min(l => l.StartBaseLine.X) + baseLetters.Max(l => l.EndBaseLine.X)) / 2;
        double rubyCentre = (ruby.Min(l => l.StartBaseLine.X) + ruby.Max(l => l.EndBaseLine.X)) / 2;
        Assert.InRange(rubyCentre - baseCentre, -1.0, 1.0);
        Assert.True(ruby[0].StartBaseLine.Y > baseLetters[0].StartBaseLine.Y + baseLetters[0].FontSize * 0.8, "ruby sits above the base");
        Assert.True(ruby[0].FontSize < baseLetters[0].FontSize);
    }

    [Theory]
    [InlineData("individual", 15.0)]
    [InlineData("long", 12.0)]
    public void No_text_is_drawn_outside_the_margins(string which, double marginMm)
    {
        var pdf = which == "individual" ? Individual.Value.Pdf : LongTable.Value.Pdf;
        double margin = Units.Mm(marginMm) - 0.5;
        using var doc = PigDocument.Open(pdf);
        foreach (var page in doc.GetPages())
        {
            Assert.NotEmpty(page.Letters);
            foreach (var l in page.Letters)
            {
                var box = l.BoundingBox;
                Assert.True(box.Left >= margin && box.Right <= page.Width - margin && box.Bottom >= margin && box.Top <= page.Height - margin,
                    $"'{l.Value}' at {box} on page {page.Number} is outside the margins");
            }
        }
    }

    [Fact]
    public void Long_table_spans_pages_with_the_header_repeated_and_page_numbers()
    {
        var (pdf, pages) = LongTable.Value;
        using var doc = PigDocument.Open(pdf);
        Assert.Equal(pages, doc.NumberOfPages);
        Assert.InRange(pages, 5, 9);
        foreach (var page in doc.GetPages())
        {
            Assert.True(page.Width > page.Height, "landscape");
            Assert.Contains("出席", page.Text);
            Assert.Contains("所見", page.Text);
            Assert.Contains($"{page.Number} / {pages} ページ", page.Text);
        }
        // Every row is there exactly once, in order.
        var text = AllText(pdf);
        int last = -1;
        for (int i = 2; i <= 120; i++)
        {
            if (i % 10 == 1)
                continue;
            int at = text.IndexOf($"生徒{i:000}", StringComparison.Ordinal);
            Assert.True(at > last, $"row {i} missing or out of order");
            last = at;
        }
    }

    [Fact]
    public void More_rows_make_more_pages()
    {
        int few = SampleDocuments.LongLandscapeTable(10).Render().PageCount;
        int many = SampleDocuments.LongLandscapeTable(60).Render().PageCount;
        Assert.Equal(1, few);
        Assert.True(many >= 3);
    }

    [Fact]
    public void Fonts_are_embedded_subsets_of_the_shipped_files()
    {
        using var doc = PigDocument.Open(Individual.Value.Pdf);
        var fontNames = doc.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName ?? "").Distinct().ToList();
        Assert.Contains(fontNames, n => n != null && n.EndsWith("+BIZ UDGothic", StringComparison.Ordinal));
        Assert.Contains(fontNames, n => n != null && n.EndsWith("+BIZ UDGothic,Bold", StringComparison.Ordinal));
        Assert.Contains(fontNames, n => n != null && n.Contains("+Noto Sans JP", StringComparison.Ordinal));
        Assert.All(fontNames, n => Assert.Matches("^[A-Z]{6}\\+", n)); // subset tag

        using var sharp = PdfReader.Open(new MemoryStream(Individual.Value.Pdf), PdfDocumentOpenMode.Import);
        int embedded = 0;
        foreach (var obj in sharp.Internals.GetAllObjects())
        {
            if (obj is PdfSharp.Pdf.PdfDictionary d && d.Elements.GetName("/Type") == "/FontDescriptor")
            {
                Assert.NotNull(d.Elements.GetReference("/FontFile2"));
                embedded++;
            }
        }
        Assert.True(embedded >= 3);
        Assert.True(Individual.Value.Pdf.Length < 1_500_000, $"subsetting keeps the file small ({Individual.Value.Pdf.Length} bytes)");
    }

    [Fact]
    public void Metadata_and_language_are_written()
    {
        using var doc = PigDocument.Open(Individual.Value.Pdf);
        Assert.Equal("個人票 令和7年度 第1回 数学", doc.Information.Title);
        Assert.Equal("仙台市立青葉中学校", doc.Information.Author);
        Assert.Equal("𠮷田 花子さんの結果", doc.Information.Subject);
        var lang = doc.Structure.Catalog.CatalogDictionary.Data["Lang"];
        Assert.Equal("ja-JP", Assert.IsType<StringToken>(lang).Data);
    }

    [Fact]
    public void PdfA_option_adds_an_output_intent()
    {
        var pdf = ReportDocument.Create().Title("PDF/A").PdfA().Page(p => p.Content(c => c.Text("アーカイブ用 𠮷"))).GeneratePdf();
        using var doc = PigDocument.Open(pdf);
        Assert.True(doc.Structure.Catalog.CatalogDictionary.Data.ContainsKey("OutputIntents"));
        Assert.Contains("𠮷", doc.GetPage(1).Text);
    }

    [Fact]
    public void PDFsharp_alone_writes_a_broken_ToUnicode_entry_that_the_fixer_repairs()
    {
        // Evidence for the workaround: draw 𠮷 with plain PDFsharp and read it back with PdfPig.
        ReportFontResolver.EnsureInstalled();
        var document = new PdfSharp.Pdf.PdfDocument();
        var page = document.AddPage();
        using (var g = XGraphics.FromPdfPage(page))
        {
            var font = new XFont(EmbeddedFonts.FallbackFamily, 20, XFontStyleEx.Regular, new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
            g.DrawString("𠮷田", font, XBrushes.Black, 100, 100);
        }
        using var ms = new MemoryStream();
        document.Save(ms, false);
        var raw = ms.ToArray();

        using (var broken = PigDocument.Open(raw))
            Assert.DoesNotContain("𠮷", Log(broken.GetPage(1).Text)); // if this fails, PDFsharp fixed the bug: drop ToUnicodeFixer

        var repaired = ToUnicodeFixer.Fix(raw);
        using var good = PigDocument.Open(repaired);
        Assert.Equal("𠮷田", good.GetPage(1).Text);
        Assert.Equal(raw, repaired.Take(raw.Length)); // an incremental update: the original bytes are untouched
    }

    private static string Log(string text)
    {
        Console.WriteLine("PdfPig extracted from PDFsharp's raw output: " + string.Join(" ", text.EnumerateRunes().Select(r => $"U+{r.Value:X4}")));
        return text;
    }

    [Fact]
    public void CMap_entries_beyond_the_BMP_become_surrogate_pairs()
    {
        const string cmap = "2 beginbfrange\n<0003><0003><20BB7>\n<0004><0004><7530>\nendbfrange";
        Assert.Equal("2 beginbfrange\n<0003><0003><D842DFB7>\n<0004><0004><7530>\nendbfrange", ToUnicodeFixer.FixCMap(cmap));
    }

    [Fact]
    public void Components_compose_and_misuse_throws()
    {
        var pdf = ReportDocument.Create().Page(p => p.Content(c => c.Component(new NameLine("𠮷田", "よしだ")))).GeneratePdf();
        Assert.Contains("𠮷田", AllText(pdf));
        Assert.Throws<InvalidOperationException>(() => ReportDocument.Create().GeneratePdf());
        Assert.Throws<FormatException>(() => ReportColor.FromHex("#12345"));
        Assert.Equal(new ReportColor(0x12, 0x34, 0x56), ReportColor.FromHex("#123456"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportDocument.Create().Page(p => p.Content(c => c.Text("x").Size(0))));
    }

    private sealed class NameLine(string name, string reading) : IReportComponent
    {
        public void Compose(ColumnDescriptor column) => column.Text(t => t.Ruby(name, reading).Bold());
    }
}
