using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Markdig.Syntax;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

/// <summary>
/// The parser keeps the prompt's tree for the renderer. It must render exactly like the prompt text parsed on
/// its own — what an item loaded from a pack, or an edited copy, gets — or not be kept at all.
/// </summary>
public class KeptTreeTests
{
    private static readonly ItemParser Parser = new();
    private static readonly ItemRenderer Renderer = new();

    private static string Choice(string body) =>
        "---\nid: q1\ntype: choice\nsubject: 社会\ngrade: 6\n---\n" + body;

    /// <summary>Renders the item as parsed and as a copy whose prompt is another string (so the text is parsed again).</summary>
    private static (string Kept, string Reparsed) BothWays(Item item, RenderOptions options)
    {
        var copy = item with { Prompt = new string(item.Prompt.AsSpan()) };
        return (Renderer.RenderItem(item, options), Renderer.RenderItem(copy, options));
    }

    [Fact]
    public void A_link_defined_in_the_explanation_does_not_turn_into_a_link_in_the_student_view()
    {
        var r = Parser.ParseText("q1.md", Choice("""
            [資料1] を見て答えましょう。

            - [x] 徳川家康
            - [ ] 織田信長

            ::: explanation
            答えは徳川家康です。

            [資料1]: https://example.com/ieyasu "正解は徳川家康"
            :::
            """));
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var (kept, reparsed) = BothWays(r.Item!, new RenderOptions());
        Assert.Equal(reparsed, kept);
        Assert.DoesNotContain("正解は徳川家康", kept);
        Assert.DoesNotContain("example.com", kept);
    }

    [Theory]
    [InlineData("1. 手順一\n\n- [x] 正解\n- [ ] 誤り\n\n2. 手順二\n")]
    [InlineData("+ 条件A\n\n- [x] 正解\n- [ ] 誤り\n\n  続きの行\n")]
    [InlineData("    code\n\n- [x] 正解\n- [ ] 誤り\n\n    more code\n")]
    [InlineData("問題文です。　\n\n- [x] 正解\n- [ ] 誤り\n")]
    [InlineData("　\n問題文です。\n\n- [x] 正解\n- [ ] 誤り\n")]
    public void Blocks_around_the_cut_render_the_same_as_the_prompt_text(string body)
    {
        var r = Parser.ParseText("q1.md", Choice(body));
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        foreach (var view in new[] { RenderView.Student, RenderView.Teacher })
        {
            var (kept, reparsed) = BothWays(r.Item!, new RenderOptions { View = view });
            Assert.Equal(reparsed, kept);
        }
    }

    [Fact]
    public void A_prompt_of_only_ideographic_spaces_is_empty()
    {
        var r = Parser.ParseText("q1.md", Choice("　\n\n- [x] 正解\n- [ ] 誤り\n"));
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.EmptyContent);
        var s = Parser.ParseText("s.md", "---\nid: s1\ntype: stimulus\n---\n　　\n");
        Assert.Contains(s.Diagnostics, d => d.Code == DiagnosticCodes.EmptyContent);
    }

    [Fact]
    public void Trailing_full_width_spaces_are_not_part_of_the_prompt()
    {
        var r = Parser.ParseText("q1.md", Choice("問題です。　\n　\n\n- [x] 正解\n- [ ] 誤り\n"));
        Assert.Equal("問題です。", r.Item!.Prompt);
        Assert.Contains("<p>問題です。</p>", Renderer.RenderItem(r.Item, new RenderOptions()), StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_nested_too_deeply_is_an_error_and_never_breaks_the_renderer()
    {
        var deep = "問題 " + new string('*', 300) + "a" + new string('*', 300) + "\n\n- [x] 正解\n- [ ] 誤り\n";
        var r = Parser.ParseText("q1.md", Choice(deep));
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.NestedTooDeeply && d.Severity == Severity.Error);
        Assert.Null(r.Item);

        // The same text from elsewhere (a pack, QTI) renders as text, and the renderer keeps working.
        var renderer = new ItemRenderer();
        var item = new ChoiceItem
        {
            Id = "deep",
            Metadata = new ItemMetadata { Subject = "社会", Grade = 6, Format = ItemFormat.Selected, Points = 1 },
            Prompt = deep[..deep.IndexOf('\n', StringComparison.Ordinal)],
            AllowMultiple = false,
            Choices = [new Choice("A", "正解", true), new Choice("B", "誤り", false)],
        };
        for (int i = 0; i < 3; i++) Assert.Contains("問題 ***", renderer.RenderItem(item, new RenderOptions()), StringComparison.Ordinal);
        var plain = item with { Prompt = "ふつうの**問題**です。" };
        Assert.Contains("<strong>問題</strong>", renderer.RenderItem(plain, new RenderOptions()), StringComparison.Ordinal);
    }

    private static readonly string[] Pieces =
    [
        "問題文です。", "1. 手順一", "2. 手順二", "- 項目", "* 項目", "  続き", "    code", "> 引用", "| a | b |\n| --- | --- |\n| 1 | 2 |",
        "$x^2$ を求めよ。", "{漢字|かんじ}を読む。", "[資料]", "[資料]: https://example.com/a", "**強調**", "　字下げ", "　", "---", "===",
        "::: hint\nヒント\n:::", "::: explanation\n解説 [資料]\n:::", "::: note\n補足\n:::", "```js\ncode\n```", "", "",
    ];

    private static readonly Gen<string> Bodies =
        Gen.Elements(Pieces).ArrayOf().Zip(Gen.Choose(0, 6))
            .Select(t =>
            {
                var lines = t.Item1.ToList();
                int at = Math.Min(t.Item2, lines.Count);
                lines.Insert(at, "- [x] 正解\n- [ ] 誤り");
                return string.Join("\n", lines) + "\n";
            });

    [Property(MaxTest = 400)]
    public Property The_kept_tree_renders_like_the_prompt_text_for_any_body() =>
        Prop.ForAll(Bodies.ToArbitrary(), body =>
        {
            var r = Parser.ParseText("q1.md", Choice(body));
            if (r.Item is null) return true;
            var (kept, reparsed) = BothWays(r.Item, new RenderOptions());
            return kept == reparsed;
        });

    [Fact]
    public void The_tree_is_kept_for_ordinary_prompts()
    {
        var r = Parser.ParseText("q1.md", Choice("次の文を読んで答えましょう。\n\n- [x] 正解\n- [ ] 誤り\n\n::: hint\nよく読もう。\n:::\n"));
        Assert.NotNull(r.Item!.PreparedPrompt.For<MarkdownDocument>(r.Item.Prompt));
    }
}

public class DeepNestingTests
{
    private const string Front = "---\nid: t1\ntype: choice\nsubject: 算数\ngrade: 5\n---\n";
    private const string Choices = "\n\n- [x] A\n- [ ] B\n";

    public static TheoryData<string> Deep() => new()
    {
        "問題\n\n" + string.Concat(Enumerable.Repeat("- ", 64)) + "x",
        string.Concat(Enumerable.Repeat("> ", 130)) + "問題",
    };

    [Theory]
    [MemberData(nameof(Deep))]
    public void Nesting_markdig_refuses_to_parse_is_CBT0030_and_renders_as_text(string body)
    {
        var r = new ItemParser().ParseText("deep.md", Front + body + Choices);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.NestedTooDeeply);
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == DiagnosticCodes.UnreadableFile);

        var item = SampleItems.Choice with { Prompt = body, Hints = [body], Choices = [new Choice("A", body, true), new Choice("B", "b", false)] };
        var html = new ItemRenderer().RenderItem(item, new RenderOptions());
        Assert.Contains("cbt-prompt", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_points_beyond_the_limit_are_an_error_not_an_overflow()
    {
        var r = new ItemParser().ParseText("c.md", "---\nid: r03\ntype: cloze\nsubject: 算数\ngrade: 5\n---\n[[a@79228162514264337593543950335]] [[b@1]]\n");
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.MalformedBlank);
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == DiagnosticCodes.UnreadableFile);
    }
}
