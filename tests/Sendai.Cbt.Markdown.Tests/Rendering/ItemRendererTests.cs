using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

public class ItemRendererTests
{
    private static readonly ItemRenderer Renderer = new();
    private static readonly RenderOptions Student = new();
    private static readonly RenderOptions Review = new() { View = RenderView.Review };
    private static readonly RenderOptions Teacher = new() { View = RenderView.Teacher };

    internal static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    internal static IDocument Fragment(Item item, RenderOptions options, Stimulus? stimulus = null) =>
        Parse("<!DOCTYPE html><html><body>" + Renderer.RenderItem(item, options, stimulus) + "</body></html>");

    private static RenderOptions View(string view) => view switch
    {
        "student" => Student,
        "review" => Review,
        _ => Teacher,
    };

    public static TheoryData<string, string> ItemsAndViews()
    {
        var data = new TheoryData<string, string>();
        foreach (var item in SampleItems.All)
            foreach (var view in new[] { "student", "review", "teacher" })
                data.Add(item.Id, view);
        return data;
    }

    private static Item ById(string id) => SampleItems.All.Single(i => i.Id == id);

    [Theory]
    [MemberData(nameof(ItemsAndViews))]
    public void Every_item_renders_an_article_with_lang_type_and_id(string id, string view)
    {
        var item = ById(id);
        var doc = Fragment(item, View(view));
        var article = Assert.Single(doc.QuerySelectorAll("article.cbt-item"));
        Assert.Equal("ja", article.GetAttribute("lang"));
        Assert.Contains("cbt-type-" + ItemNames.Key(item.Type), article.ClassList);
        Assert.Equal("item-" + id, article.Id);
        Assert.NotNull(doc.GetElementById("item-" + id + "-prompt"));
    }

    [Theory]
    [MemberData(nameof(ItemsAndViews))]
    public void Every_control_has_a_label_and_ids_are_unique(string id, string view)
    {
        var doc = Fragment(ById(id), View(view));
        AssertLabelled(doc);
    }

    internal static void AssertLabelled(IDocument doc)
    {
        var controls = doc.QuerySelectorAll("input, select, textarea").ToList();
        foreach (var control in controls)
        {
            bool labelled = !string.IsNullOrWhiteSpace(control.GetAttribute("aria-label"))
                || (control.Id is { Length: > 0 } cid && doc.QuerySelectorAll("label").Any(l => l.GetAttribute("for") == cid && l.TextContent.Trim().Length > 0))
                || control.Closest("label") is not null;
            Assert.True(labelled, "unlabelled control: " + control.OuterHtml);
        }
        var ids = doc.QuerySelectorAll("[id]").Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var e in doc.QuerySelectorAll("[aria-describedby]"))
        {
            foreach (var refId in e.GetAttribute("aria-describedby")!.Split(' '))
                Assert.NotNull(doc.GetElementById(refId));
        }
    }

    [Theory]
    [MemberData(nameof(ItemsAndViews))]
    public void Student_view_reveals_nothing(string id, string view)
    {
        if (view != "student") return;
        var doc = Fragment(ById(id), Student);
        var html = doc.Body!.InnerHtml;
        Assert.Empty(doc.QuerySelectorAll("[checked], [selected], [data-correct], .cbt-correct, .cbt-correct-mark, .cbt-feedback, .cbt-explanation, .cbt-key, .cbt-rubric, .cbt-model-answer, .cbt-solution, .cbt-meta"));
        Assert.DoesNotContain("正解", html);
        Assert.DoesNotContain("解説", html);
    }

    // ------------------------------------------------------------------ choice

    [Fact]
    public void Choice_student_view_has_radios_with_source_labels_as_values_and_kana_marks()
    {
        var doc = Fragment(SampleItems.Choice, Student);
        var fieldset = Assert.Single(doc.QuerySelectorAll("fieldset"));
        Assert.Equal("答えを1つ選びましょう", fieldset.QuerySelector("legend")!.TextContent);
        Assert.Equal("item-sci-g5-flower-01-prompt", fieldset.GetAttribute("aria-describedby"));
        var inputs = fieldset.QuerySelectorAll("input").Cast<IHtmlInputElement>().ToList();
        Assert.All(inputs, i => Assert.Equal("radio", i.Type));
        Assert.Single(inputs.Select(i => i.Name).Distinct());
        Assert.Equal(["A", "B", "C", "D"], inputs.Select(i => i.Value));
        Assert.Equal(["ア", "イ", "ウ", "エ"], fieldset.QuerySelectorAll(".cbt-mark").Select(m => m.TextContent));
        Assert.All(inputs, i => Assert.Equal(i.Id, doc.QuerySelector($"label[for='{i.Id}']")!.GetAttribute("for")));
        Assert.DoesNotContain("花粉", doc.Body!.TextContent); // feedback
        Assert.Contains("じゅふん", doc.QuerySelector("ruby rt")!.TextContent);
    }

    [Fact]
    public void Multiple_uses_checkboxes_and_its_own_legend()
    {
        var doc = Fragment(SampleItems.Multiple, Student);
        Assert.All(doc.QuerySelectorAll("fieldset input").Cast<IHtmlInputElement>(), i => Assert.Equal("checkbox", i.Type));
        Assert.Equal("あてはまるものをすべて選びましょう", doc.QuerySelector("legend")!.TextContent);
        Assert.NotNull(doc.QuerySelector(".cbt-prompt strong"));
    }

    [Fact]
    public void Choice_review_marks_the_correct_choice_with_text_and_shows_feedback_and_explanation()
    {
        var doc = Fragment(SampleItems.Choice, Review);
        var correct = Assert.Single(doc.QuerySelectorAll("li.cbt-correct"));
        Assert.Equal("B", correct.QuerySelector("input")!.GetAttribute("value"));
        Assert.Equal("正解", correct.QuerySelector(".cbt-correct-mark")!.TextContent);
        var feedback = Assert.Single(doc.QuerySelectorAll(".cbt-feedback"));
        Assert.Equal("A", feedback.Closest("li")!.QuerySelector("input")!.GetAttribute("value"));
        var explanation = Assert.Single(doc.QuerySelectorAll("section.cbt-explanation"));
        Assert.Equal("解説", explanation.QuerySelector("h3")!.TextContent);
        Assert.Contains("めしべのもとがふくらんで", explanation.TextContent);
        Assert.Empty(doc.QuerySelectorAll("[checked]"));
        Assert.Empty(doc.QuerySelectorAll(".cbt-meta, .cbt-choice-fixed"));
    }

    [Fact]
    public void Choice_teacher_shows_metadata_fixed_and_points()
    {
        var doc = Fragment(SampleItems.Choice, Teacher);
        Assert.Contains("理科", doc.QuerySelector(".cbt-meta")!.TextContent);
        Assert.Single(doc.QuerySelectorAll(".cbt-choice-fixed"));
        var multi = Fragment(SampleItems.Multiple, Teacher);
        Assert.Contains("選択肢ごとに採点", multi.QuerySelector(".cbt-key")!.TextContent);
        Assert.Equal(2, multi.QuerySelectorAll("li.cbt-correct").Length);
    }

    private static List<string> DisplayedValues(ChoiceItem item, ulong? seed) =>
        Fragment(item, Student with { ShuffleSeed = seed }).QuerySelectorAll("fieldset input").Select(i => i.GetAttribute("value")!).ToList();

    [Fact]
    public void Shuffle_is_a_seeded_permutation_with_fixed_choices_in_place()
    {
        var item = SampleItems.Choice with
        {
            Choices = [.. Enumerable.Range(0, 8).Select(i => new Choice(((char)('A' + i)).ToString(), "選択肢" + i, i == 1) { Fixed = i == 7 })],
        };
        var orders = new HashSet<string>();
        for (ulong seed = 0; seed < 30; seed++)
        {
            var values = DisplayedValues(item, seed);
            Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], values.Order());
            Assert.Equal("H", values[7]);
            Assert.Equal(values, DisplayedValues(item, seed));
            orders.Add(string.Join("", values));
        }
        Assert.True(orders.Count > 20);
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], DisplayedValues(item, null));
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], DisplayedValues(item with { Shuffle = false }, 5));
        // Marks follow the display position.
        var doc = Fragment(item, Student with { ShuffleSeed = 3 });
        Assert.Equal("アイウエオカキク", string.Concat(doc.QuerySelectorAll(".cbt-mark").Select(m => m.TextContent)));
    }

    [Fact]
    public void Different_items_shuffle_differently_with_the_same_seed()
    {
        var choices = Enumerable.Range(0, 8).Select(i => new Choice(((char)('A' + i)).ToString(), "x" + i, i == 0)).ToArray();
        var orders = Enumerable.Range(0, 10)
            .Select(i => string.Join("", DisplayedValues(SampleItems.Choice with { Id = "q" + i, Choices = [.. choices] }, 42)))
            .ToHashSet();
        Assert.True(orders.Count > 5);
    }

    // ------------------------------------------------------------------ text, numeric

    [Fact]
    public void Text_item_views()
    {
        var student = Fragment(SampleItems.Text, Student);
        var input = (IHtmlInputElement)Assert.Single(student.QuerySelectorAll("input"));
        Assert.Equal("text", input.Type);
        Assert.Equal("答え", student.QuerySelector($"label[for='{input.Id}']")!.TextContent);
        Assert.DoesNotContain("東京", student.Body!.TextContent);

        var review = Fragment(SampleItems.Text, Review);
        Assert.Equal(["東京", "東京都"], review.QuerySelectorAll(".cbt-answers li").Select(l => l.TextContent));
        Assert.DoesNotContain("とうきょう", review.Body!.TextContent);
        Assert.Empty(review.QuerySelectorAll(".cbt-normalization"));

        var teacher = Fragment(SampleItems.Text, Teacher);
        Assert.Contains("とうきょう（0.5点）", teacher.QuerySelector(".cbt-partial-answers")!.TextContent);
        Assert.Contains("必要", teacher.QuerySelector(".cbt-key")!.TextContent);
        var rows = teacher.QuerySelectorAll(".cbt-normalization tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.QuerySelector("td")!.TextContent);
        Assert.Equal("する", rows["全角・半角を同一視"]);
        Assert.Equal("しない", rows["ひらがな・カタカナを同一視"]);
    }

    [Fact]
    public void Numeric_item_has_decimal_input_and_unit_and_teacher_tolerance()
    {
        var student = Fragment(SampleItems.Numeric, Student);
        var input = Assert.Single(student.QuerySelectorAll("input"));
        Assert.Equal("decimal", input.GetAttribute("inputmode"));
        Assert.Equal("cm²", student.QuerySelector(".cbt-unit")!.TextContent);
        Assert.Equal(3, student.QuerySelectorAll("span.math").Length);
        Assert.DoesNotContain("12.5", student.Body!.TextContent);
        Assert.Contains("12.5", Fragment(SampleItems.Numeric, Review).QuerySelector(".cbt-key")!.TextContent);
        Assert.DoesNotContain("±", Fragment(SampleItems.Numeric, Review).Body!.TextContent);
        Assert.Contains("±0.1", Fragment(SampleItems.Numeric, Teacher).QuerySelector(".cbt-key")!.TextContent);
    }

    // ------------------------------------------------------------------ order, match

    [Fact]
    public void Order_item_has_a_select_per_position()
    {
        var doc = Fragment(SampleItems.Order, Student);
        Assert.Equal(3, doc.QuerySelectorAll(".cbt-entries li").Length);
        var selects = doc.QuerySelectorAll("select").ToList();
        Assert.Equal(3, selects.Count);
        Assert.Equal(["1番目", "2番目", "3番目"], selects.Select(s => doc.QuerySelector($"label[for='{s.Id}']")!.TextContent));
        Assert.Equal(["", "A", "B", "C"], selects[0].QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Contains("ア　火をつける", selects[0].TextContent);
        Assert.Contains("ウ → ア → イ", Fragment(SampleItems.Order, Review).QuerySelector(".cbt-key")!.TextContent);
        Assert.Contains("C;A;B", Fragment(SampleItems.Order, Teacher).QuerySelector(".cbt-key")!.TextContent);
    }

    [Fact]
    public void Match_item_has_a_select_per_left_entry()
    {
        var doc = Fragment(SampleItems.Match, Student);
        var selects = doc.QuerySelectorAll("fieldset select").ToList();
        Assert.Equal(2, selects.Count);
        Assert.Contains("宮城県", doc.QuerySelector($"label[for='{selects[0].Id}']")!.TextContent);
        Assert.Equal(["", "1", "2", "3"], selects[0].QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        var pairs = Fragment(SampleItems.Match, Review).QuerySelectorAll(".cbt-pairs li").Select(l => l.TextContent).ToList();
        Assert.Contains(pairs, p => p.Contains("宮城県") && p.Contains("仙台市"));
        Assert.Contains("A=3;B=2", Fragment(SampleItems.Match, Teacher).QuerySelector(".cbt-key")!.TextContent);
    }

    // ------------------------------------------------------------------ cloze

    [Fact]
    public void Cloze_blanks_become_controls_numbered_in_source_order()
    {
        var doc = Fragment(SampleItems.Cloze, Student);
        var controls = doc.QuerySelectorAll(".cbt-prompt input, .cbt-prompt select").ToList();
        Assert.Equal(3, controls.Count);
        Assert.Equal(["空らん1", "空らん2", "空らん3"], controls.Select(c => c.GetAttribute("aria-label")));
        Assert.Equal("INPUT", controls[0].TagName);
        Assert.Null(controls[0].GetAttribute("inputmode"));
        Assert.Equal("decimal", controls[1].GetAttribute("inputmode"));
        Assert.Equal("SELECT", controls[2].TagName);
        Assert.Equal(["", "西", "東"], controls[2].QuerySelectorAll("option").Select(o => o.GetAttribute("value")));
        Assert.Empty(doc.QuerySelectorAll("option[selected]"));
        Assert.Equal("万人", doc.QuerySelector(".cbt-prompt .cbt-unit")!.TextContent);
        string text = doc.Body!.TextContent;
        Assert.DoesNotContain("東京", text);
        Assert.DoesNotContain("1400", text);
        Assert.DoesNotContain("[[", doc.Body.InnerHtml);
        Assert.DoesNotContain("です。 太陽", text); // no space where the source breaks a Japanese line

        var review = Fragment(SampleItems.Cloze, Review).QuerySelectorAll(".cbt-key li").Select(l => l.TextContent).ToList();
        Assert.Equal(["空らん1：東京、東京都", "空らん2：1400 万人", "空らん3：東"], review);
        Assert.Contains("±50", Fragment(SampleItems.Cloze, Teacher).QuerySelector(".cbt-key")!.TextContent);
    }

    // ------------------------------------------------------------------ essay, program

    [Fact]
    public void Essay_views()
    {
        var student = Fragment(SampleItems.Essay, Student);
        var textarea = Assert.Single(student.QuerySelectorAll("textarea"));
        Assert.Equal("200", textarea.GetAttribute("maxlength"));
        Assert.Equal("200字以内", student.QuerySelector(".cbt-note")!.TextContent);
        Assert.Contains("item-kokugo-g6-essay-limit", textarea.GetAttribute("aria-describedby"));
        var review = Fragment(SampleItems.Essay, Review);
        Assert.Equal(3, review.QuerySelectorAll(".cbt-rubric tbody tr").Length);
        Assert.Empty(review.QuerySelectorAll(".cbt-model-answer"));
        Assert.Contains("私は賛成です", Fragment(SampleItems.Essay, Teacher).QuerySelector(".cbt-model-answer")!.TextContent);
    }

    [Fact]
    public void Program_views_hide_hidden_tests_and_the_solution_from_students()
    {
        foreach (var options in new[] { Student, Review })
        {
            var doc = Fragment(SampleItems.Program, options);
            var code = (IHtmlTextAreaElement)doc.QuerySelector("textarea.cbt-code")!;
            Assert.Equal("false", code.GetAttribute("spellcheck"));
            Assert.Equal(SampleItems.Program.StarterCode, code.Value);
            Assert.Equal("fizzbuzz", doc.QuerySelector(".cbt-entry code")!.TextContent);
            var rows = doc.QuerySelectorAll(".cbt-tests tbody tr").ToList();
            Assert.Single(rows);
            Assert.Equal(["1", "3", "\"Fizz\""], rows[0].QuerySelectorAll("td").Select(td => td.TextContent));
            Assert.Equal(["番号", "引数", "期待される値"], doc.QuerySelectorAll(".cbt-tests th").Select(th => th.TextContent));
            Assert.Contains("ほかに非公開のテストが 2 個あります", doc.Body!.TextContent);
            Assert.DoesNotContain("FizzBuzz", doc.Body.TextContent);
            Assert.DoesNotContain("\"7\"", doc.Body.TextContent);
            Assert.Empty(doc.QuerySelectorAll(".cbt-solution"));
        }
        var teacher = Fragment(SampleItems.Program, Teacher);
        Assert.Equal(3, teacher.QuerySelectorAll(".cbt-tests tbody tr").Length);
        Assert.Contains("'FizzBuzz'", teacher.QuerySelector(".cbt-solution pre code")!.TextContent);
    }

    // ------------------------------------------------------------------ survey, hints

    [Fact]
    public void Survey_controls()
    {
        var rating = Fragment(SampleItems.Rating, Student);
        var radios = rating.QuerySelectorAll("input[type=radio]").ToList();
        Assert.Equal(["1", "2", "3", "4", "5"], radios.Select(r => r.GetAttribute("value")));
        Assert.All(radios, r => Assert.True(r.HasAttribute("required")));
        Assert.Contains("とてもよい", rating.QuerySelector($"label[for='{radios[4].Id}']")!.TextContent);
        var multiple = Fragment(SampleItems.SurveyChoice, Student);
        Assert.Equal(3, multiple.QuerySelectorAll("input[type=checkbox]").Length);
        Assert.Single(Fragment(SampleItems.Comment, Student).QuerySelectorAll("textarea"));
    }

    [Theory]
    [InlineData("student")]
    [InlineData("review")]
    [InlineData("teacher")]
    public void Hints_are_details_in_every_view(string view)
    {
        var doc = Fragment(SampleItems.Choice, View(view));
        var hint = Assert.Single(doc.QuerySelectorAll("details.cbt-hint"));
        Assert.Equal("ヒント1", hint.QuerySelector("summary")!.TextContent);
        Assert.Contains("花の中心", hint.TextContent);
    }

    // ------------------------------------------------------------------ ruby

    private static IDocument Prompt(string markdown, RubyMode mode) =>
        Fragment(SampleItems.Text with { Prompt = markdown }, Student with { Ruby = mode });

    [Fact]
    public void Ruby_all_renders_ruby_with_fallback_parentheses()
    {
        var doc = Prompt("{学校|がっこう}と｜憲法《けんぽう》", RubyMode.All);
        var rubies = doc.QuerySelectorAll(".cbt-prompt ruby").ToList();
        Assert.Equal(2, rubies.Count);
        Assert.Equal("学校<rp>(</rp><rt>がっこう</rt><rp>)</rp>", rubies[0].InnerHtml);
        Assert.Equal("けんぽう", rubies[1].QuerySelector("rt")!.TextContent);
    }

    [Fact]
    public void Ruby_none_keeps_only_the_base()
    {
        var doc = Prompt("{学校|がっこう}と{憲法|けん|ぽう}", RubyMode.None);
        Assert.Empty(doc.QuerySelectorAll("ruby"));
        Assert.Equal("学校と憲法", doc.QuerySelector(".cbt-prompt p")!.TextContent);
    }

    [Fact]
    public void Ruby_above_grade_3_hides_ruby_on_gakkou_but_keeps_it_on_kenpou()
    {
        var doc = Prompt("{学校|がっこう}と{憲法|けんぽう}", RubyMode.AboveGrade(3));
        var ruby = Assert.Single(doc.QuerySelectorAll(".cbt-prompt ruby"));
        Assert.StartsWith("憲法", ruby.TextContent);
        Assert.Equal("学校と憲法(けんぽう)", doc.QuerySelector(".cbt-prompt p")!.TextContent);
        Assert.Empty(Prompt("{学校|がっこう}", RubyMode.AboveGrade(1)).QuerySelectorAll("ruby"));
        Assert.Empty(Prompt("{憲法|けんぽう}", RubyMode.AboveGrade(6)).QuerySelectorAll("ruby"));
        Assert.Single(Prompt("{憂鬱|ゆううつ}", RubyMode.AboveGrade(6)).QuerySelectorAll("ruby"));
    }

    [Fact]
    public void Mono_ruby_pairs_each_character_with_its_reading_in_one_element()
    {
        var doc = Prompt("{漢字|かん|じ}", RubyMode.All);
        var ruby = Assert.Single(doc.QuerySelectorAll("ruby"));
        Assert.Equal("漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp>", ruby.InnerHtml);
        // Grade 2: 漢 (grade 3) keeps its reading, 字 (grade 1) loses it.
        var filtered = Assert.Single(Prompt("{漢字|かん|じ}", RubyMode.AboveGrade(2)).QuerySelectorAll("ruby"));
        Assert.Equal(["かん", ""], filtered.QuerySelectorAll("rt").Select(r => r.TextContent));
    }

    [Fact]
    public void RubyMode_validates_grade()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RubyMode.AboveGrade(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RubyMode.AboveGrade(13));
        Assert.Equal(RubyMode.AboveGrade(3), RubyMode.AboveGrade(3));
        Assert.NotEqual(RubyMode.All, RubyMode.None);
    }

    // ------------------------------------------------------------------ vertical, pages, forms

    [Fact]
    public void Vertical_items_and_stimuli_get_the_vertical_class()
    {
        var doc = Fragment(SampleItems.VerticalChoice, Student, SampleItems.Passage);
        Assert.Contains("cbt-vertical", doc.QuerySelector("article")!.ClassList);
        var stimulus = doc.QuerySelector("section.cbt-stimulus")!;
        Assert.Contains("cbt-vertical", stimulus.ClassList);
        Assert.Equal("ja", stimulus.GetAttribute("lang"));
        Assert.True(stimulus.CompareDocumentPosition(doc.QuerySelector("article")!).HasFlag(DocumentPositions.Following));
        Assert.DoesNotContain("cbt-vertical", Fragment(SampleItems.Choice, Student).QuerySelector("article")!.ClassList);
    }

    [Fact]
    public void Item_page_is_a_japanese_document_with_the_stylesheet()
    {
        var page = Parse(Renderer.RenderItemPage(SampleItems.Choice, Student));
        Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains("writing-mode: vertical-rl", page.QuerySelector("style")!.TextContent);
        // Titles often name the answer (著作権, 三権分立): students see a neutral one, teachers the item's.
        Assert.Equal("問題", page.Title);
        Assert.DoesNotContain("花のつくり", page.Body!.TextContent, StringComparison.Ordinal);
        var teacher = Parse(Renderer.RenderItemPage(SampleItems.Choice with { Metadata = SampleItems.Choice.Metadata with { Title = "{花|はな}のつくり" } }, new RenderOptions { View = RenderView.Teacher }));
        Assert.Equal("花のつくり", teacher.Title);
        Assert.Equal("花のつくり", teacher.QuerySelector("h1")!.TextContent);
        var linked = Parse(Renderer.RenderItemPage(SampleItems.Choice, Student with { StylesheetHref = "a\"b.css" }));
        Assert.Equal("a\"b.css", linked.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href"));
        Assert.Empty(linked.QuerySelectorAll("style"));
    }

    [Fact]
    public void Default_stylesheet_has_the_japanese_essentials()
    {
        var css = ItemRenderer.DefaultStylesheet;
        Assert.Contains("BIZ UDPGothic", css);
        Assert.Contains("Noto Sans JP", css);
        Assert.Contains("line-break: strict", css);
        Assert.Contains("text-orientation: mixed", css);
        Assert.Contains(":focus-visible", css);
        Assert.Contains("@media print", css);
    }

    [Fact]
    public void Form_page_shows_sections_time_limit_and_each_stimulus_once_before_its_first_item()
    {
        var bank = SampleItems.Bank;
        var form = SampleItems.Form with
        {
            Sections = [SampleItems.Form.Sections[0] with
            {
                Items = [.. SampleItems.Form.Sections[0].Items, new Cbt.Forms.FormItemRef("kokugo-g6-q2", 1, default)],
            }, SampleItems.Form.Sections[1]],
        };
        var q2 = SampleItems.VerticalChoice with { Id = "kokugo-g6-q2" };
        bank = new ItemBank([.. bank.Items, q2], bank.Stimuli, [form]);
        var doc = Parse(Renderer.RenderFormPage(form, bank, Student));
        Assert.Equal("ja", doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal(["大問1", "大問2"], doc.QuerySelectorAll(".cbt-section-title").Select(h => h.TextContent));
        Assert.Contains("制限時間 20分", doc.QuerySelector(".cbt-form-info")!.TextContent);
        var stimulus = Assert.Single(doc.QuerySelectorAll(".cbt-stimulus"));
        var firstUse = doc.GetElementById("item-kokugo-g6-yamanashi-q1")!;
        Assert.Equal(firstUse, stimulus.NextElementSibling);
        Assert.Equal(["問1", "問2", "問3", "問4", "問5", "問6"], doc.QuerySelectorAll(".cbt-item-number").Select(h => h.TextContent));
        Assert.Contains("（2点）", doc.GetElementById("item-sci-g5-flower-01")!.QuerySelector(".cbt-points")!.TextContent);
        AssertLabelled(doc);
        Assert.Empty(doc.QuerySelectorAll(".cbt-key, .cbt-explanation, .cbt-correct"));
    }

    [Fact]
    public void Form_page_shuffles_items_within_a_section_by_seed()
    {
        var form = SampleItems.Form with { Sections = [SampleItems.Form.Sections[1] with { ShuffleItems = true }] };
        string Order(ulong? seed) => string.Join(",", Parse(Renderer.RenderFormPage(form, SampleItems.Bank, Student with { ShuffleSeed = seed }))
            .QuerySelectorAll("article").Select(a => a.Id));
        Assert.Equal("item-sci-g5-flower-01,item-soc-g4-cloze,item-math-g5-area", Order(null));
        var seen = Enumerable.Range(0, 20).Select(s => Order((ulong)s)).ToHashSet();
        Assert.True(seen.Count > 1);
        Assert.Equal(Order(7), Order(7));
    }

    [Fact]
    public void Form_page_reports_missing_items_and_keeps_ids_unique_for_repeats()
    {
        var form = SampleItems.Form with
        {
            Sections = [new Cbt.Forms.FormSection
            {
                Id = "s", Items = [new("math-g5-area", 1, default), new("math-g5-area", 1, default), new("nope", 1, default)],
            }],
        };
        var doc = Parse(Renderer.RenderFormPage(form, SampleItems.Bank, Student));
        Assert.Equal(["item-math-g5-area", "item-math-g5-area-2"], doc.QuerySelectorAll("article").Select(a => a.Id));
        Assert.Contains("nope", doc.QuerySelector(".cbt-missing")!.TextContent);
        AssertLabelled(doc);
    }

    [Fact]
    public void Rendering_is_thread_safe()
    {
        var options = Student with { Ruby = RubyMode.AboveGrade(3), ShuffleSeed = 9 };
        var expected = SampleItems.All.Select(i => Renderer.RenderItem(i, options)).ToArray();
        var none = SampleItems.All.Select(i => Renderer.RenderItem(i, Teacher with { Ruby = RubyMode.None })).ToArray();
        Parallel.For(0, 400, n =>
        {
            int i = n % expected.Length;
            if (n % 2 == 0) Assert.Equal(expected[i], Renderer.RenderItem(SampleItems.All[i], options));
            else Assert.Equal(none[i], Renderer.RenderItem(SampleItems.All[i], Teacher with { Ruby = RubyMode.None }));
        });
    }
}
