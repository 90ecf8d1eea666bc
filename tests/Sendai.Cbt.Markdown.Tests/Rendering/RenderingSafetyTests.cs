using System.Collections.Immutable;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using FsCheck.Xunit;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;
using static Sendai.Cbt.Markdown.Tests.Rendering.ItemRendererTests;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

public class RenderingSafetyTests
{
    private static readonly ItemRenderer Renderer = new();
    private static readonly RenderView[] Views = [RenderView.Student, RenderView.Review, RenderView.Teacher];

    private const string Script = "<script>alert(1)</script>";

    private const string HostileMarkdown =
        "前文 <script>alert(1)</script> と <img src=x onerror=alert(1)> と <a href=\"javascript:alert(1)\">raw</a>\n\n" +
        "[リンク](javascript:alert(1)) [大文字](JaVaScRiPt:alert(1)) [実体](java&#9;script:alert(1)) [vb](vbscript:msgbox(1)) " +
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) <javascript:alert(1)> [参照][r] " +
        "![画像](javascript:alert(1)) [![入れ子](javascript:alert(2))](javascript:alert(3)) " +
        "[よい](https://example.com/a?b=1&c=\"2\") [相対](../x.html) [メール](mailto:a@example.com)\n\n" +
        "{漢字|<script>alert(1)</script>} ｜漢字《\"><script>alert(1)</script>》 [[\"><script>alert(1)</script>]]\n\n" +
        "::: \" onclick=\"alert(1)\ncontainer\n:::\n\n" +
        "```\" onmouseover=\"alert(1)\ncode </code><script>alert(1)</script>\n```\n\n" +
        "[r]: javascript:alert(1)\n";

    // Markdig decodes entities in link destinations: the colon of a scheme need not be written as ':'.
    private const string EncodedColonMarkdown =
        "[実体](javascript&#58;alert(1)) [名前](&#x6A;avascript&colon;alert(2)) " +
        "![画像](data&colon;image/svg+xml;base64,PHN2Zz4=) [参照]\n\n[参照]\n\n　[参照]&#58; vbscript&#x3A;msgbox(1)\n";

    private static IEnumerable<Item> HostileItems(string h = HostileMarkdown)
    {
        const string attr = "\"><script>alert(1)</script>";
        var meta = SampleItems.Meta("<script>alert(1)</script>", 5, ItemFormat.Selected, title: h);
        yield return new ChoiceItem
        {
            Id = "x\"><script>alert(1)</script>",
            AllowMultiple = false,
            Metadata = meta,
            Prompt = h,
            Explanation = h,
            Hints = [h],
            Shuffle = true,
            Choices = [new Choice(attr, h, true) { Feedback = h }, new Choice("B", h, false)],
        };
        yield return new TextItem
        {
            Id = "t", Metadata = meta, Prompt = h,
            Answers = [attr], PartialAnswers = [new PartialAnswer(attr, 1)],
        };
        yield return new NumericItem { Id = "n", Metadata = meta, Prompt = h, Value = 1, Unit = attr };
        yield return new OrderItem { Id = "o", Metadata = meta, Prompt = h, Entries = [new LabeledEntry(attr, h)], CorrectOrder = [attr] };
        yield return new MatchItem
        {
            Id = "m", Metadata = meta, Prompt = h,
            Left = [new LabeledEntry(attr, h)], Right = [new LabeledEntry(attr, h)],
            Pairs = ImmutableDictionary<string, string>.Empty.Add(attr, attr),
        };
        yield return new ClozeItem
        {
            Id = "c", Metadata = meta, Prompt = "a [[x]] b [[y]] c [[z]]",
            Blanks =
            [
                new TextBlank { Number = 1, Answers = [attr] },
                new ChoiceBlank { Number = 2, Options = [attr, "</option></select><script>alert(1)</script>"], CorrectIndex = 0 },
                new NumericBlank { Number = 3, Value = 1, Unit = attr },
            ],
        };
        yield return new EssayItem { Id = "e", Metadata = meta, Prompt = h, Rubric = [new RubricLevel(1, h)], ModelAnswer = h, MaxLength = 10 };
        yield return new ProgramItem
        {
            Id = "p", Metadata = meta, Prompt = h, EntryFunction = attr,
            StarterCode = "</textarea><script>alert(1)</script>",
            ReferenceSolution = "</code></pre><script>alert(1)</script>",
            Tests = [new ProgramTest { Number = 1, ArgumentsJson = attr, ExpectedJson = attr, Description = h }, new ProgramTest { Number = 2, ArgumentsJson = attr, ExpectedJson = attr, Hidden = true }],
        };
        yield return new SurveyItem
        {
            Id = "s", Metadata = meta, Prompt = h, Kind = SurveyKind.Rating,
            Scale = new RatingScale(1, 3, [h, h, h]),
        };
        yield return new SurveyItem { Id = "s2", Metadata = meta, Prompt = h, Kind = SurveyKind.Choice, Options = [new LabeledEntry(attr, h)] };
    }

    [Theory]
    [InlineData(HostileMarkdown)]
    [InlineData(EncodedColonMarkdown)]
    public void Hostile_content_never_becomes_markup_or_a_dangerous_url(string hostile)
    {
        var stimulus = new Stimulus { Id = "st\"<script>", Title = hostile, Content = hostile };
        foreach (var item in HostileItems(hostile))
        {
            foreach (var view in Views)
            {
                var options = new RenderOptions { View = view, ShuffleSeed = 1 };
                var html = Renderer.RenderItemPage(item, options, stimulus);
                var doc = Parse(html);
                Assert.Empty(doc.QuerySelectorAll("script"));
                Assert.Empty(doc.QuerySelectorAll("img[onerror], [onclick], [onmouseover]"));
                foreach (var element in doc.All)
                {
                    foreach (var attribute in element.Attributes)
                    {
                        Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), $"{item.Id}/{view}: {element.OuterHtml}");
                    }
                    foreach (var name in new[] { "href", "src" })
                    {
                        var url = element.GetAttribute(name);
                        if (url is null) continue;
                        Assert.DoesNotContain("javascript", url, StringComparison.OrdinalIgnoreCase);
                        Assert.DoesNotContain("vbscript", url, StringComparison.OrdinalIgnoreCase);
                        Assert.False(url.StartsWith("data:", StringComparison.OrdinalIgnoreCase), url);
                    }
                }
                // Text that looked like markup is shown as text.
                if (hostile == HostileMarkdown) Assert.Contains("<script>alert(1)</script>", doc.Body!.TextContent);
                if (item is ProgramItem program)
                {
                    Assert.Equal(program.StarterCode, ((IHtmlTextAreaElement)doc.QuerySelector("textarea.cbt-code")!).Value);
                }
            }
        }
    }

    [Fact]
    public void Unsafe_links_keep_their_text_and_safe_links_survive()
    {
        var item = SampleItems.Text with { Prompt = HostileMarkdown };
        var doc = Fragment(item, new RenderOptions());
        var prompt = doc.QuerySelector(".cbt-prompt")!;
        var hrefs = prompt.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["https://example.com/a?b=1&c=%222%22", "../x.html", "mailto:a@example.com"], hrefs);
        foreach (var text in new[] { "リンク", "大文字", "実体", "vb", "data", "参照", "画像", "入れ子" }) Assert.Contains(text, prompt.TextContent);
        Assert.Empty(prompt.QuerySelectorAll("img"));
        Assert.Equal("<script>alert(1)</script>", prompt.QuerySelectorAll("rt").First().TextContent);
    }

    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("HTTP://example.com", true)]
    [InlineData("mailto:a@b.c", true)]
    [InlineData("images/water.png", true)]
    [InlineData("../a.html#x", true)]
    [InlineData("/abs/path?q=a:b", true)]
    [InlineData("#frag", true)]
    [InlineData("", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData(" JavaScript:alert(1)", false)]
    [InlineData("java\tscript:alert(1)", false)]
    [InlineData("java\nscript:alert(1)", false)]
    [InlineData("\u0001javascript:alert(1)", false)]
    [InlineData("vbscript:msgbox", false)]
    [InlineData("data:text/html,<script>", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("weird:thing", false)]
    public void UrlPolicy_allows_only_http_https_mailto_and_relative(string url, bool allowed) =>
        Assert.Equal(allowed, UrlPolicy.IsAllowed(url));

    // ------------------------------------------------------------------ properties

    /// <summary>A marker that cannot occur by accident: letters and digits only, so escaping and Markdown leave it alone.</summary>
    private static string Marker(string? seed, int n)
    {
        var core = new string((seed ?? "").Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());
        return $"QZX{core}{n:x}XZQ";
    }

    [Property(MaxTest = 60)]
    public bool Student_view_never_contains_answer_key_material(string? seed, int n)
    {
        string m(string tag) => Marker(seed, n) + tag;
        var items = new Item[]
        {
            SampleItems.Text with { Answers = [m("ans"), m("alt")], PartialAnswers = [new PartialAnswer(m("part"), 1)], Explanation = m("expl") },
            SampleItems.Choice with { Choices = [new Choice("A", "あ", true) { Feedback = m("fb") }, new Choice("B", "い", false) { Feedback = m("fb2") }], Explanation = m("expl") },
            SampleItems.Cloze with
            {
                Prompt = "x[[" + m("blank") + "]]y[[=5]]",
                Blanks = [new TextBlank { Number = 1, Answers = [m("blank")] }, new NumericBlank { Number = 2, Value = 918273645.5m }],
            },
            SampleItems.Numeric with { Value = 918273645.5m },
            SampleItems.Essay with { Rubric = [new RubricLevel(1, m("rubric"))], ModelAnswer = m("model") },
            SampleItems.Program with
            {
                ReferenceSolution = m("solution"),
                Tests = [new ProgramTest { Number = 1, ArgumentsJson = "[1]", ExpectedJson = "2" }, new ProgramTest { Number = 2, ArgumentsJson = $"[\"{m("hiddenargs")}\"]", ExpectedJson = $"\"{m("hiddenexp")}\"", Hidden = true }],
            },
        };
        foreach (var item in items)
        {
            var student = Renderer.RenderItem(item, new RenderOptions { ShuffleSeed = (ulong)n });
            if (student.Contains("QZX", StringComparison.Ordinal) || student.Contains("918273645", StringComparison.Ordinal)) return false;
            var review = Renderer.RenderItem(item, new RenderOptions { View = RenderView.Review });
            foreach (var secret in new[] { "hiddenargs", "hiddenexp", "solution", "model", "part" })
            {
                if (review.Contains(m(secret), StringComparison.Ordinal)) return false;
            }
            var teacher = Renderer.RenderItem(item, new RenderOptions { View = RenderView.Teacher });
            if (item is ProgramItem && !teacher.Contains(m("hiddenexp"), StringComparison.Ordinal)) return false;
        }
        return true;
    }

    [Property(MaxTest = 60)]
    public bool Student_view_does_not_depend_on_the_key(int correct, int n)
    {
        int k = Math.Abs(correct % 4);
        var choices = Enumerable.Range(0, 4).Select(i => new Choice(((char)('A' + i)).ToString(), "選択肢" + i, i == k)).ToArray();
        var baseline = SampleItems.Choice with { Choices = [.. choices.Select(c => c with { IsCorrect = c.Label == "A" })], Explanation = null };
        var keyed = SampleItems.Choice with { Choices = [.. choices], Explanation = null };
        var options = new RenderOptions { ShuffleSeed = (ulong)n };
        var order = SampleItems.Order with { CorrectOrder = k % 2 == 0 ? ["A", "B", "C"] : ["C", "A", "B"] };
        var cloze = SampleItems.Cloze with { Blanks = [SampleItems.Cloze.Blanks[0], SampleItems.Cloze.Blanks[1], ((ChoiceBlank)SampleItems.Cloze.Blanks[2]) with { CorrectIndex = k % 2 }] };
        var match = SampleItems.Match with { Pairs = ImmutableDictionary<string, string>.Empty.Add("A", (1 + k % 3).ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        return Renderer.RenderItem(baseline, options) == Renderer.RenderItem(keyed, options)
            && Renderer.RenderItem(SampleItems.Order, options) == Renderer.RenderItem(order, options)
            && Renderer.RenderItem(SampleItems.Cloze, options) == Renderer.RenderItem(cloze, options)
            && Renderer.RenderItem(SampleItems.Match, options) == Renderer.RenderItem(match, options);
    }

    [Property(MaxTest = 200)]
    public bool Rendering_never_throws_on_arbitrary_markdown(string? text, byte grade)
    {
        text ??= "";
        var ruby = (grade % 3) switch
        {
            0 => RubyMode.All,
            1 => RubyMode.None,
            _ => RubyMode.AboveGrade(1 + grade % 12),
        };
        var items = new Item[]
        {
            SampleItems.Choice with { Prompt = text, Explanation = text, Hints = [text], Choices = [new Choice("A", text, true) { Feedback = text }] },
            SampleItems.Cloze with { Prompt = text + "[[a]]" + text },
            SampleItems.Essay with { Prompt = text, Rubric = [new RubricLevel(1, text)], ModelAnswer = text },
            SampleItems.Rating with { Prompt = text, Scale = new RatingScale(1, 2, [text]) },
            SampleItems.Order with { Entries = [new LabeledEntry("A", text), new LabeledEntry("B", "```\n" + text + "\n```")] },
            SampleItems.Match with { Left = [new LabeledEntry("A", text)], Right = [new LabeledEntry("1", text)] },
        };
        var stimulus = SampleItems.Passage with { Content = text, Title = text };
        foreach (var item in items)
        {
            foreach (var view in Views)
            {
                var html = Renderer.RenderItem(item, new RenderOptions { View = view, Ruby = ruby, ShuffleSeed = grade }, stimulus);
                var doc = Parse("<body>" + html + "</body>");
                if (doc.QuerySelectorAll("article").Length != 1 || doc.QuerySelectorAll("script").Length != 0) return false;
                if (doc.All.Any(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))) return false;
            }
        }
        return true;
    }

    [Property(MaxTest = 100)]
    public bool Arbitrary_markup_like_text_never_produces_elements_outside_our_vocabulary(string? text)
    {
        // Sprinkle the text with HTML-ish fragments so the generator hits the interesting cases.
        var hostile = "<" + (text ?? "") + " onload=x>" + (text ?? "") + "\"'&</" + (text ?? "") + ">";
        var doc = Fragment(SampleItems.Text with { Prompt = hostile, Hints = [hostile] }, new RenderOptions());
        string[] allowed = ["article", "div", "p", "span", "label", "input", "details", "summary", "em", "strong", "code", "pre", "br", "ruby", "rt", "rp", "a", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "del", "ins", "sub", "sup", "mark", "dl", "dt", "dd", "img", "html", "head", "body", "section", "fieldset", "legend", "select", "option", "textarea",
            // MathML written by our TeX converter for $…$ (text content only; never author markup)
            "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup"];
        return doc.All.All(e => allowed.Contains(e.LocalName));
    }
}
