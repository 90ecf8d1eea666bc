using System.Xml.Linq;
using AngleSharp.Html.Parser;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Markdown.Extensions.Math;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

public class MathMlTests
{
    private static string Render(string markdown) => new ContentRenderer(RubyMode.All, KanjiGradeTable.Mext2020).Block(markdown);

    [Fact]
    public void School_tex_becomes_mathml_with_the_tex_kept_as_annotation()
    {
        var html = Render("$\\frac{3}{4} + \\frac{1}{2}$ を計算しましょう。");
        var doc = new HtmlParser().ParseDocument(html);
        var math = doc.QuerySelector("span.math math");
        Assert.NotNull(math);
        Assert.NotNull(doc.QuerySelector("mfrac"));
        Assert.Contains("\\frac{3}{4}", doc.QuerySelector("annotation")!.TextContent);
    }

    [Fact]
    public void Display_math_is_a_block_and_unknown_tex_stays_as_text()
    {
        var html = Render("$$\nx^2 + 1\n$$\n\n$\\begin{matrix} a \\end{matrix}$");
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Equal("block", doc.QuerySelector("div.math math")!.GetAttribute("display"));
        Assert.Contains("\\(\\begin{matrix}", html);
    }

    [Fact]
    public void Cases_become_a_brace_and_a_table_and_other_environments_stay_tex()
    {
        // 連立方程式 (中2): $$\begin{cases} x + y = 10 \\ x - y = 4 \end{cases}$$
        var html = Render("$$\n\\begin{cases}\nx + y = 10 \\\\\nx - y = 4\n\\end{cases}\n$$");
        var doc = new HtmlParser().ParseDocument(html);
        var table = doc.QuerySelector("div.math math mtable");
        Assert.NotNull(table);
        Assert.Equal(2, table!.QuerySelectorAll("mtr").Length);
        Assert.Equal("{", doc.QuerySelector("div.math math mo")!.TextContent);
        Assert.Contains("x - y = 4", doc.QuerySelector("annotation")!.TextContent);
        Assert.NotNull(TexToMathMl.TryConvert("\\begin{cases} 2x & (x \\ge 0) \\\\ -x & (x < 0) \\\\ \\end{cases}", true));
        Assert.Null(TexToMathMl.TryConvert("\\begin{matrix} 1 & 2 \\end{matrix}", true));
        Assert.Null(TexToMathMl.TryConvert("\\begin{cases} x", true));
    }

    [Fact]
    public void Tex_cannot_inject_markup()
    {
        var html = Render("$<script>alert(1)</script>$ と $\\frac{<img src=x onerror=alert(1)>}{2}$");
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("img"));
    }

    private static readonly Gen<string> TexText =
        Gen.Elements("x", "12", "3.5", "+", "-", "=", "<", ">", "&", "\\frac", "\\sqrt", "[3]", "{", "}", "^", "_", "2", " ", "\n", "\r\n", "\t",
                "\\times", "\\le", "\\pi", "\\,", "\\left(", "\\right)", "\\{", "\\%", "円", "𠮷", "\"", "'", "\\begin", "|", "\uFFFF", "\u0001",
                "\\begin{cases}", "\\end{cases}", "\\\\", " & ")
           .ArrayOf().Select(parts => string.Concat(parts));

    [Property(MaxTest = 2000)]
    public Property The_direct_writer_gives_the_same_markup_as_XElement(bool display) =>
        Prop.ForAll(TexText.ToArbitrary(), tex =>
        {
            var expected = TexToMathMl.TryConvert(tex, display)?.ToString(SaveOptions.DisableFormatting);
            return TexToMathMl.TryConvertToString(tex, display) == expected;
        });

    [Theory]
    [InlineData("\\frac{1}{2} + \\sqrt[3]{x^2} \\le 5 < 6 & 7")]
    [InlineData("x\ny\r\nz\rw")]
    [InlineData("")]
    [InlineData("速さ = \\frac{道のり}{時間}")]
    public void The_direct_writer_matches_XElement_on_edge_cases(string tex)
    {
        foreach (var display in new[] { false, true })
        {
            Assert.Equal(TexToMathMl.TryConvert(tex, display)?.ToString(SaveOptions.DisableFormatting), TexToMathMl.TryConvertToString(tex, display));
        }
    }
}
