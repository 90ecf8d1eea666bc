using AngleSharp.Html.Parser;
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
        var html = Render("$$\nx^2 + 1\n$$\n\n$\\begin{cases} a \\end{cases}$");
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Equal("block", doc.QuerySelector("div.math math")!.GetAttribute("display"));
        Assert.Contains("\\(\\begin{cases}", html);
    }

    [Fact]
    public void Tex_cannot_inject_markup()
    {
        var html = Render("$<script>alert(1)</script>$ と $\\frac{<img src=x onerror=alert(1)>}{2}$");
        var doc = new HtmlParser().ParseDocument(html);
        Assert.Empty(doc.QuerySelectorAll("script"));
        Assert.Empty(doc.QuerySelectorAll("img"));
    }
}
