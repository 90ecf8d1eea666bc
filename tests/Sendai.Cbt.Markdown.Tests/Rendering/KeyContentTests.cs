using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

/// <summary>
/// Answer content that reaches the renderer from outside the parser (packs, QTI, code) — explanation, rubric
/// and model-answer containers and solution code anywhere in Markdown — never reaches the student view.
/// </summary>
public class KeyContentTests
{
    private static readonly ItemRenderer Renderer = new();

    private const string Secret = "ひみつの答え";

    public static TheoryData<string> Hidden() =>
    [
        $"> 問題文\n>\n> ::: explanation\n> {Secret}\n> :::\n",
        $"1. 手順\n\n   ::: model-answer\n   {Secret}\n   :::\n",
        $"::: note\n::: 解説\n{Secret}\n:::\n:::\n",
        $"::: rubric\n- 2点: {Secret}\n:::\n",
        $"- 作る\n\n  ```js solution\n  const {Secret} = 1;\n  ```\n",
        $"```javascript reference\nconst {Secret} = 1;\n```\n",
    ];

    [Theory]
    [MemberData(nameof(Hidden))]
    public void Answer_content_in_any_markdown_field_is_dropped_from_the_student_view(string markdown)
    {
        var item = SampleItems.Choice with
        {
            Prompt = "問題です。\n\n" + markdown,
            Hints = ["ヒント\n\n" + markdown],
        };
        var stimulus = new Stimulus { Id = "st", Title = "資料", Content = "本文\n\n" + markdown };
        var student = Renderer.RenderItemPage(item, new RenderOptions { View = RenderView.Student }, stimulus);
        Assert.DoesNotContain(Secret, student, StringComparison.Ordinal);
        Assert.Contains("問題です。", student, StringComparison.Ordinal);
        Assert.Contains("本文", student, StringComparison.Ordinal);

        var teacher = Renderer.RenderItemPage(item, new RenderOptions { View = RenderView.Teacher }, stimulus);
        Assert.Contains(Secret, teacher, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_content_never_reaches_option_text()
    {
        const string entry = "水を入れる\n\n::: explanation\n" + Secret + "\n:::\n";
        var order = new OrderItem
        {
            Id = "o", Metadata = SampleItems.Meta("理科", 5, ItemFormat.Selected), Prompt = "並べましょう。",
            Entries = [new LabeledEntry("A", entry), new LabeledEntry("B", "火をつける")], CorrectOrder = ["A", "B"],
        };
        foreach (var view in new[] { RenderView.Student, RenderView.Review, RenderView.Teacher })
        {
            var doc = ItemRendererTests.Parse(Renderer.RenderItem(order, new RenderOptions { View = view }));
            Assert.All(doc.QuerySelectorAll("option"), o => Assert.DoesNotContain(Secret, o.TextContent, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Hints_and_other_containers_stay_for_students()
    {
        var item = SampleItems.Choice with { Prompt = "問題です。\n\n> ::: hint\n> 見てよいヒント\n> :::\n\n::: note\n補足です\n:::\n" };
        var student = Renderer.RenderItem(item, new RenderOptions { View = RenderView.Student });
        Assert.Contains("見てよいヒント", student, StringComparison.Ordinal);
        Assert.Contains("補足です", student, StringComparison.Ordinal);
    }
}

/// <summary>TeX left for a page's MathJax or KaTeX cannot link, style or define macros, and item text is not typeset.</summary>
public class PageMathTests
{
    private static readonly ItemRenderer Renderer = new();

    [Theory]
    [InlineData(@"$\href{javascript:alert(1)}{1+1}$")]
    [InlineData(@"$\style{position:fixed}{\text{答え}}$")]
    [InlineData(@"$\def\x{\hr}\x ef{javascript:alert(1)}{1}$")]
    [InlineData("\n\n$$\n\\class{cbt-correct}{x}\n$$\n")]
    [InlineData(@"$\rlap{\rule{3000px}{3000px}}\kern-900px\mathrm{x}$")]
    [InlineData(@"$\raise{100em}{x}\hspace{500em}$")]
    public void Unsafe_tex_is_written_as_text_outside_math_delimiters(string markdown)
    {
        var html = Renderer.RenderItem(SampleItems.Choice with { Prompt = "式 " + markdown }, new RenderOptions { View = RenderView.Student });
        var doc = ItemRendererTests.Parse(html);
        var math = doc.QuerySelector(".math-unsafe");
        Assert.NotNull(math);
        Assert.DoesNotContain(@"\(", math!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(@"\[", math.TextContent, StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector(".mathjax_process"));
    }

    [Fact]
    public void Tex_outside_the_mathml_subset_is_marked_for_the_page_and_item_text_is_not()
    {
        var html = Renderer.RenderItemPage(SampleItems.Choice with { Prompt = @"$\int_0^1 x\,dx$ と \\(x\\) と書く。" }, new RenderOptions { View = RenderView.Student });
        var doc = ItemRendererTests.Parse(html);
        var math = doc.QuerySelector("span.math.mathjax_process.tex2jax_process")!;
        Assert.Equal(@"\(\int_0^1 x\,dx\)", math.TextContent);
        Assert.NotNull(doc.QuerySelector("article.cbt-item.mathjax_ignore.tex2jax_ignore"));
        Assert.NotNull(doc.QuerySelector("body.mathjax_ignore.tex2jax_ignore"));
    }
}

/// <summary>Our inline extensions inside an image's description write text, not markup, into the alt attribute.</summary>
public class AltTextTests
{
    [Fact]
    public void Ruby_blanks_and_math_in_an_image_description_stay_inside_the_alt_attribute()
    {
        var item = SampleItems.Choice with { Prompt = "![{方位|ほうい}を表す図（[[北]]）と $x^2$](compass.png \"方位\")" };
        var doc = ItemRendererTests.Parse(new ItemRenderer().RenderItem(item, new RenderOptions { View = RenderView.Student }));
        var img = doc.QuerySelector(".cbt-prompt img")!;
        Assert.Equal("方位を表す図（（　　））と x^2", img.GetAttribute("alt"));
        Assert.Equal("方位", img.GetAttribute("title"));
        Assert.Empty(doc.QuerySelectorAll(".cbt-prompt ruby, .cbt-prompt .cbt-blank, .cbt-prompt math"));
    }
}
