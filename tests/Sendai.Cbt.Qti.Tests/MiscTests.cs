using Sendai.Cbt.Markdown.Extensions.Math;
using System.Collections.Immutable;
using System.Xml.Linq;
using Sendai.Cbt.Qti.Export;
using Xunit;

namespace Sendai.Cbt.Qti.Tests;

public class MiscTests
{
    private static readonly XNamespace M = "http://www.w3.org/1998/Math/MathML";

    [Theory]
    [InlineData(@"x^2 + 1 = 5", "msup")]
    [InlineData(@"\frac{1}{2} \times 3 \div 4", "mfrac")]
    [InlineData(@"a_1 - b", "msub")]
    [InlineData(@"\sqrt{2}", "msqrt")]
    [InlineData(@"\sqrt[3]{8}", "mroot")]
    [InlineData(@"12.5", "mn")]
    public void Tex_subset_converts_to_mathml_with_annotation(string tex, string element)
    {
        var math = TexToMathMl.TryConvert(tex, false);
        Assert.NotNull(math);
        Assert.NotEmpty(math!.Descendants(M + element));
        Assert.Equal(tex, math.Descendants(M + "annotation").Single().Value);
    }

    [Theory]
    [InlineData(@"\int_0^1 f(x) dx")]
    [InlineData(@"\begin{matrix} x \end{matrix}")]
    [InlineData(@"\frac{1}")]
    [InlineData(@"{x")]
    public void Tex_outside_the_subset_is_refused(string tex) => Assert.Null(TexToMathMl.TryConvert(tex, false));

    [Fact]
    public void Assessment_result_document()
    {
        var result = new StudentResult("stu-001", "g5-mixed", "2026.1", new DateTimeOffset(2026, 4, 20, 10, 30, 0, TimeSpan.FromHours(9)),
        [
            new ItemResultEntry("sci-g5-flower-01", 1, 1, "B", ItemResultStatus.Scored),
            new ItemResultEntry("math-g5-area", 0, 1, null, ItemResultStatus.NoResponse),
            new ItemResultEntry("jpn-g6-essay", null, 3, "わたしは…", ItemResultStatus.PendingScoring),
        ]);
        var doc = QtiResults.Write(result);
        XNamespace ns = "http://www.imsglobal.org/xsd/imsqti_result_v3p0";
        var root = doc.Root!;
        Assert.Equal(ns + "assessmentResult", root.Name);
        Assert.Equal("stu-001", root.Element(ns + "context")!.Attribute("sourcedId")!.Value);
        var test = root.Element(ns + "testResult")!;
        Assert.Equal("2026-04-20T10:30:00+09:00", test.Attribute("datestamp")!.Value);
        Assert.Equal("1", test.Elements(ns + "outcomeVariable").Single(o => o.Attribute("identifier")!.Value == "SCORE").Value);
        var items = root.Elements(ns + "itemResult").ToList();
        Assert.Equal(3, items.Count);
        Assert.Empty(items[1].Descendants(ns + "candidateResponse").Single().Elements());
        Assert.Equal("noResponse", items[1].Elements(ns + "outcomeVariable").Single(o => o.Attribute("identifier")!.Value == "CBT_STATUS").Value);
        Assert.Equal("pendingResponseProcessing", items[2].Attribute("sessionStatus")!.Value);
        Assert.Equal(XNamespace.Get("http://www.imsglobal.org/xsd/imsqti_result_v2p2"), QtiResults.Write(result, QtiVersion.V2p2).Root!.Name.Namespace);
    }
}

public class XhtmlUrlTests
{
    [Theory]
    [InlineData("[リンク](javascript:alert(1))", "リンク")]
    [InlineData("[実体](javascript&#58;alert(1))", "実体")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("![図](data:image/svg+xml;base64,PHN2Zz4=)", "図")]
    [InlineData("[参照][r]\n\n[r]: vbscript:msgbox(1)", "参照")]
    public void Disallowed_urls_never_reach_the_xhtml_and_keep_their_text(string markdown, string text)
    {
        var xhtml = ModelAssert.Render(markdown);
        Assert.DoesNotContain("href=", xhtml, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", xhtml, StringComparison.Ordinal);
        Assert.Contains(text, xhtml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("問題\n\n> ::: explanation\n> 秘密の答え\n> :::\n")]
    [InlineData("- 手順\n\n  ```js solution\n  秘密の答え\n  ```\n")]
    public void Answer_content_nested_in_an_item_body_is_left_out(string markdown)
    {
        var xhtml = ModelAssert.Render(markdown);
        Assert.DoesNotContain("秘密の答え", xhtml, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_urls_stay_links()
    {
        var xhtml = ModelAssert.Render("[市](https://www.city.sendai.jp/) ![図](images/a.png) <mailto:a@example.jp>");
        Assert.Contains("href=\"https://www.city.sendai.jp/\"", xhtml, StringComparison.Ordinal);
        Assert.Contains("src=\"images/a.png\"", xhtml, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:a@example.jp\"", xhtml, StringComparison.Ordinal);
    }
}
