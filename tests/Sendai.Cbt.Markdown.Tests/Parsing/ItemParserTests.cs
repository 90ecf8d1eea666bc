using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Parsing;

public class ItemParserTests
{
    private static readonly ItemParser Parser = new();

    private static ItemParseResult Parse(string text) => Parser.ParseText("item.md", text);

    private const string ChoiceItem = """
        ---
        id: sci-g5-flower-01
        type: choice
        subject: 理科
        grade: 5
        domain: 生命
        viewpoint: 知識・技能
        shuffle: true
        tags: [花, 受粉]
        ---

        アサガオの花で、{受粉|じゅふん}したあとに実になる部分はどこですか。

        - [ ] おしべ
          > おしべは花粉をつくるところです。
        - [x] めしべのもと
        - [ ] 花びら {points=0.5}
        - [ ] この中にはない {fixed}

        ::: explanation
        受粉すると、めしべのもとがふくらんで実になります。
        :::

        ::: hint
        花の真ん中を見てみよう。
        :::
        """;

    [Theory]
    [InlineData("花びら {points=0.5} {fixed}")]
    [InlineData("花びら {fixed} {points=0.5}")]
    [InlineData("花びら {fixed points=0.5}")]
    [InlineData("花びら　{points=０．５}{fixed}")]
    public void Choice_attributes_may_be_written_in_one_group_or_several(string choice)
    {
        var r = Parse(ChoiceItem.Replace("花びら {points=0.5}", choice, StringComparison.Ordinal));
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var c = ((ChoiceItem)r.Item!).Choices[2];
        Assert.Equal("花びら", c.Content);
        Assert.Equal(0.5m, c.Points);
        Assert.True(c.Fixed);
    }

    [Fact]
    public void Parses_a_choice_item_with_labels_feedback_fixed_and_points()
    {
        var r = Parse(ChoiceItem);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var item = Assert.IsType<ChoiceItem>(r.Item);
        Assert.Equal("sci-g5-flower-01", item.Id);
        Assert.Equal(ItemType.Choice, item.Type);
        Assert.Equal(["A", "B", "C", "D"], item.Choices.Select(c => c.Label));
        Assert.Equal("めしべのもと", item.Choices.Single(c => c.IsCorrect).Content);
        Assert.Equal("おしべは花粉をつくるところです。", item.Choices[0].Feedback);
        Assert.Equal(0.5m, item.Choices[2].Points);
        Assert.Equal("花びら", item.Choices[2].Content);
        Assert.True(item.Choices[3].Fixed);
        Assert.Equal("この中にはない", item.Choices[3].Content);
        Assert.Equal("受粉すると、めしべのもとがふくらんで実になります。", item.Explanation);
        Assert.Equal(["花の真ん中を見てみよう。"], item.Hints.ToArray());
        Assert.Equal("アサガオの花で、{受粉|じゅふん}したあとに実になる部分はどこですか。", item.Prompt);
        Assert.Equal(Viewpoint.Knowledge, item.Metadata.Viewpoint);
        Assert.Equal(ItemFormat.Selected, item.Metadata.Format);
        Assert.Equal(1m, item.Metadata.Points);
        Assert.Equal(["花", "受粉"], item.Metadata.Tags.ToArray());
        Assert.True(item.Shuffle);
    }

    [Fact]
    public void Bom_and_crlf_are_fine_and_positions_do_not_move()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ChoiceItem.Replace("\n", "\r\n"))).ToArray();
        var r = Parser.Parse("item.md", bytes);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var crlfBroken = Parser.Parse("b.md", Encoding.UTF8.GetBytes(ChoiceItem.Replace("- [x]", "- [ ]").Replace("\n", "\r\n")));
        var d = Assert.Single(crlfBroken.Diagnostics);
        Assert.Equal((DiagnosticCodes.NoCorrectChoice, 14, 1), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void A_closing_fence_markdig_does_not_accept_still_parses_with_the_same_positions()
    {
        // 「---　」 (an ideographic space after the fence) closes the front matter like 「---」 (Markdig's own
        // front matter extension would not accept it); results and positions must not change.
        const string Item = "---\nid: q1\ntype: choice\nsubject: 理科\ngrade: 5\n{0}\n\n　花の図を見て答えましょう。\n\n![](flower.png)\n\n- [x] めしべ\n- [ ] おしべ\n";
        var normal = Parse(Item.Replace("{0}", "---"));
        var unusual = Parse(Item.Replace("{0}", "---\u3000"));
        Assert.Equal(normal.Diagnostics.Select(d => d.ToString()), unusual.Diagnostics.Select(d => d.ToString()));
        var alt = Assert.Single(normal.Diagnostics, d => d.Code == DiagnosticCodes.ImageWithoutAlt);
        Assert.Equal((10, 1), (alt.Line, alt.Column));
        var ok = Parse(Item.Replace("{0}", "---\u3000").Replace("![](flower.png)", "![花の図](flower.png)"));
        Assert.True(ok.Success);
        Assert.StartsWith("　花の図", ok.Item!.Prompt, StringComparison.Ordinal);
        var reference = (ChoiceItem)Parse(Item.Replace("{0}", "---").Replace("![](flower.png)", "![花の図](flower.png)")).Item!;
        Assert.Equal(reference.Prompt, ok.Item.Prompt);
        Assert.Equal(reference.Choices.ToArray(), ((ChoiceItem)ok.Item).Choices.ToArray());
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("---\nid: x\ntype: text\n").Concat(new byte[] { (byte)'a', 0xC3, 0x28, (byte)'\n' }).ToArray();
        var r = Parser.Parse("bad.md", bytes);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal((DiagnosticCodes.InvalidUtf8, 4, 2), (d.Code, d.Line, d.Column));
        Assert.Null(r.Item);
    }

    [Fact]
    public void Files_over_one_mebibyte_are_rejected_without_parsing()
    {
        var big = ChoiceItem + new string('あ', 400_000);
        var r = Parser.ParseText("big.md", big);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(DiagnosticCodes.FileTooLarge, d.Code);
    }

    [Fact]
    public void Aozora_implicit_ruby_takes_the_kanji_run_and_beyond_bmp_kanji()
    {
        var r = Parse("""
            ---
            id: ruby
            type: text
            subject: 国語
            grade: 6
            answers: [よしだ]
            ---
            ひらがな𠮷田《よしだ》さんと｜東京《とうきょう》。
            """);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var doc = Markdig.Markdown.Parse(r.Item!.Prompt, CbtPipeline.Instance);
        var rubies = Markdig.Syntax.MarkdownObjectExtensions.Descendants<Extensions.Ruby.RubyInline>(doc).ToList();
        Assert.Equal(["𠮷田", "東京"], rubies.Select(x => x.Base));
        Assert.Equal(["よしだ", "とうきょう"], rubies.Select(x => x.Readings[0]));
    }

    [Fact]
    public void Denden_mono_ruby_splits_readings_per_character()
    {
        var doc = Markdig.Markdown.Parse("{漢字|かん|じ} と {東京|とうきょう} と {not ruby}", CbtPipeline.Instance);
        var rubies = Markdig.Syntax.MarkdownObjectExtensions.Descendants<Extensions.Ruby.RubyInline>(doc).ToList();
        Assert.Equal(2, rubies.Count);
        Assert.True(rubies[0].IsMono);
        Assert.Equal(["かん", "じ"], rubies[0].Readings);
        Assert.False(rubies[1].IsMono);
    }

    [Fact]
    public void Text_item_reads_answers_normalisation_and_partial_answers()
    {
        var r = Parse("""
            ---
            id: kokugo-kanji-01
            type: text
            subject: 国語
            grade: 4
            answers: [東京, 東京都]
            kanji_required: true
            partial_answers:
              - answer: とうきょう
                points: 0.5
            normalize:
              kana: true
              spaces: false
            ---
            「とうきょう」を漢字で書きましょう。
            """);
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var t = Assert.IsType<TextItem>(r.Item);
        Assert.Equal(["東京", "東京都"], t.Answers.ToArray());
        Assert.True(t.KanjiRequired);
        Assert.True(t.Normalization.KanaInsensitive);
        Assert.False(t.Normalization.Spaces);
        Assert.True(t.Normalization.Width);
        Assert.Equal(new PartialAnswer("とうきょう", 0.5m), Assert.Single(t.PartialAnswers));
        Assert.Equal(ItemFormat.ShortAnswer, t.Metadata.Format);
    }

    [Fact]
    public void Numeric_item_with_relative_tolerance_and_unit()
    {
        var r = Parse("---\nid: n1\ntype: numeric\nsubject: 算数\ngrade: 5\nanswer: １２.５\ntolerance: 2%\nunit: cm\n---\n長さは何cmですか。\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var n = Assert.IsType<NumericItem>(r.Item);
        Assert.Equal(12.5m, n.Value);
        Assert.Equal(0.02m, n.Tolerance);
        Assert.Equal(ToleranceKind.Relative, n.ToleranceKind);
        Assert.Equal("cm", n.Unit);
    }

    [Fact]
    public void Order_item_display_order_is_not_the_key_and_key_maps_back_to_source_order()
    {
        var r = Parse("---\nid: order-1\ntype: order\nsubject: 理科\ngrade: 5\n---\nならべましょう。\n\n1. 水を入れる\n2. 火をつける\n3. ふっとうさせる\n4. 火を止める\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var o = Assert.IsType<OrderItem>(r.Item);
        Assert.Equal(["A", "B", "C", "D"], o.Entries.Select(e => e.Label));
        Assert.NotEqual(["A", "B", "C", "D"], o.CorrectOrder);
        var byLabel = o.Entries.ToDictionary(e => e.Label, e => e.Content);
        Assert.Equal(["水を入れる", "火をつける", "ふっとうさせる", "火を止める"], o.CorrectOrder.Select(l => byLabel[l]));
        Assert.Equal("ならべましょう。", o.Prompt);
    }

    [Fact]
    public void Match_item_pairs_and_distractors()
    {
        var r = Parse("---\nid: match-1\ntype: match\nsubject: 社会\ngrade: 4\n---\nむすびましょう。\n\n| 県 | 県庁所在地 |\n| --- | --- |\n| 宮城県 | 仙台市 |\n| 岩手県 | 盛岡市 |\n|  | 山形市 |\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var m = Assert.IsType<MatchItem>(r.Item);
        Assert.Equal(["宮城県", "岩手県"], m.Left.Select(e => e.Content));
        Assert.Equal(3, m.Right.Length);
        var right = m.Right.ToDictionary(e => e.Label, e => e.Content);
        Assert.Equal("仙台市", right[m.Pairs["A"]]);
        Assert.Equal("盛岡市", right[m.Pairs["B"]]);
        Assert.Equal(2m, m.Metadata.Points);
    }

    [Fact]
    public void Cloze_blanks_of_every_kind_with_points()
    {
        var r = Parse("---\nid: cloze-1\ntype: cloze\nsubject: 社会\ngrade: 5\n---\n首都は[[東京|東京都]]、人口は[[=1400~50 万人]]、太陽は[[?西|*東]]から。[[仙台@2]]\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var c = Assert.IsType<ClozeItem>(r.Item);
        Assert.Equal(4, c.Blanks.Length);
        var t = Assert.IsType<TextBlank>(c.Blanks[0]);
        Assert.Equal(["東京", "東京都"], t.Answers.ToArray());
        var n = Assert.IsType<NumericBlank>(c.Blanks[1]);
        Assert.Equal((1400m, 50m, "万人"), (n.Value, n.Tolerance, n.Unit));
        var ch = Assert.IsType<ChoiceBlank>(c.Blanks[2]);
        Assert.Equal((1, 2), (ch.CorrectIndex, ch.Options.Length));
        Assert.Equal(2m, c.Blanks[3].Points);
        Assert.Equal(5m, c.Metadata.Points);
        Assert.Equal(7, c.Blanks[0].Source.Line);
        Assert.Equal(4, c.Blanks[0].Source.Column);
    }

    [Fact]
    public void Essay_rubric_and_model_answer()
    {
        var r = Parse("---\nid: essay-1\ntype: essay\nsubject: 社会\ngrade: 6\nmax_length: 200\n---\n考えを書きましょう。\n\n::: rubric\n- 3: 理由を2つ以上挙げている。\n- 2点：理由を1つ挙げている。\n- 0: 無解答\n:::\n\n::: model-answer\n水は大切だから。\n:::\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var e = Assert.IsType<EssayItem>(r.Item);
        Assert.Equal([3m, 2m, 0m], e.Rubric.Select(l => l.Points));
        Assert.Equal("理由を1つ挙げている。", e.Rubric[1].Descriptor);
        Assert.Equal(200, e.MaxLength);
        Assert.Equal("水は大切だから。", e.ModelAnswer);
        Assert.Equal(3m, e.Metadata.Points);
        Assert.Equal(ItemFormat.Constructed, e.Metadata.Format);
        Assert.Equal("考えを書きましょう。", e.Prompt);
    }

    [Fact]
    public void Program_item_tests_become_json()
    {
        var r = Parse("---\nid: prog-1\ntype: program\nsubject: プログラミング\ngrade: 6\nentry: total\ntests:\n  - args: [[1, 2, 3]]\n    expected: 6\n  - args: [\"3\"]\n    expected: {a: [1, true, null]}\n    compare: deep\n    hidden: true\n    points: 2\n---\n合計を求めよう。\n\n```js starter\nfunction total(xs) {\n}\n```\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        var p = Assert.IsType<ProgramItem>(r.Item);
        Assert.Equal("total", p.EntryFunction);
        Assert.Equal("[[1,2,3]]", p.Tests[0].ArgumentsJson);
        Assert.Equal("6", p.Tests[0].ExpectedJson);
        Assert.Equal("[\"3\"]", p.Tests[1].ArgumentsJson);
        Assert.Equal("{\"a\":[1,true,null]}", p.Tests[1].ExpectedJson);
        Assert.True(p.Tests[1].Hidden);
        Assert.Equal(ProgramComparison.Deep, p.Tests[1].Comparison);
        Assert.Equal(3m, p.Metadata.Points);
        Assert.Equal("function total(xs) {\n}", p.StarterCode);
        Assert.Equal("合計を求めよう。", p.Prompt);
    }

    [Fact]
    public void Survey_rating_and_choice()
    {
        var rating = Parse("---\nid: s1\ntype: survey\nsurvey: rating\nsubject: 健康観察\ngrade: 3\nscale: {min: 1, max: 5, labels: [わるい, よい]}\n---\n気分はどうですか。\n");
        Assert.True(rating.Success, string.Join("\n", rating.Diagnostics));
        var s = Assert.IsType<SurveyItem>(rating.Item);
        Assert.Equal(new RatingScale(1, 5, ["わるい", "よい"]) with { Labels = s.Scale!.Labels }, s.Scale);
        Assert.False(s.IsScored);
        Assert.Equal(0m, s.Metadata.Points);
        var choice = Parse("---\nid: s2\ntype: survey\nsurvey: choice\nsubject: 健康観察\ngrade: 3\n---\n朝ごはんを食べましたか。\n\n- 食べた\n- 少し食べた\n- 食べていない\n");
        var c = Assert.IsType<SurveyItem>(choice.Item);
        Assert.Equal(["食べた", "少し食べた", "食べていない"], c.Options.Select(o => o.Content));
    }

    [Fact]
    public void Stimulus_file_is_parsed_as_stimulus()
    {
        var r = Parse("---\nid: passage-1\ntype: stimulus\ntitle: やまなし\nsubject: 国語\ngrade: 6\nwriting: vertical\n---\n小さな谷川の底を写した、二枚の青い幻灯です。\n");
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Null(r.Item);
        Assert.Equal(WritingMode.Vertical, r.Stimulus!.Writing);
        Assert.Equal("やまなし", r.Stimulus.Title);
    }

    [Fact]
    public void Type_specific_keys_on_the_wrong_type_are_unknown()
    {
        var r = Parse("---\nid: x\ntype: choice\nsubject: 算数\ngrade: 3\nanswers: [1]\n---\nq\n\n- [x] a\n- [ ] b\n");
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal((DiagnosticCodes.UnknownKey, Severity.Warning, 6, 1), (d.Code, d.Severity, d.Line, d.Column));
        Assert.NotNull(r.Item);
    }

    [Property(MaxTest = 300)]
    public bool Parsing_never_throws_on_arbitrary_text(string? body, string? yamlValue)
    {
        var text = $"---\nid: x\ntype: choice\nsubject: {yamlValue}\ngrade: 3\n---\n{body}";
        var r1 = Parser.ParseText("a.md", text);
        var r2 = Parser.ParseText("b.md", body ?? "");
        var r3 = Parser.Parse("c.md", Encoding.UTF8.GetBytes(body ?? ""));
        return r1 is not null && r2 is not null && r3 is not null
            && r1.Diagnostics.All(d => d.Line >= 0 && d.Column >= 0 && d.Code.StartsWith("CBT", StringComparison.Ordinal));
    }

    [Property(MaxTest = 200)]
    public bool Parsing_never_throws_on_markdownish_fragments(NonEmptyArray<int> picks)
    {
        string[] pieces = ["- [x] ", "- [ ] ", "[[", "]]", "{", "|", "}", "｜", "《", "》", "::: explanation\n", ":::\n", "```js starter\n", "```\n", "\n", "| a | b |\n", "|---|---|\n", "1. ", "> ", "![", "](", ")", "$", "漢字", "𠮷", "<script>", "**", "?", "*", "=", "@", "~"];
        var sb = new StringBuilder("---\nid: fuzz\ntype: cloze\nsubject: 算数\ngrade: 3\n---\n");
        foreach (var p in picks.Get) sb.Append(pieces[(p & int.MaxValue) % pieces.Length]);
        foreach (var type in new[] { "cloze", "choice", "multiple", "order", "match", "essay", "program", "survey" })
        {
            var r = Parser.ParseText("f.md", sb.ToString().Replace("type: cloze", "type: " + type));
            if (r.Diagnostics.Any(d => d.Code == DiagnosticCodes.UnreadableFile)) return false; // internal error
        }
        return true;
    }
}

public class DisplayKeyTests
{
    private static string OrderItem(string id) => $"""
        ---
        id: {id}
        type: order
        subject: 理科
        grade: 5
        ---

        実験の順に並べかえましょう。

        1. 水を入れる
        2. 火をつける
        3. 温度をはかる
        4. 記録する
        """;

    private static readonly string[] Source = ["水を入れる", "火をつける", "温度をはかる", "記録する"];

    [Fact]
    public void The_display_key_changes_the_order_students_see_and_the_key_still_matches_it()
    {
        int differs = 0;
        for (int i = 0; i < 20; i++)
        {
            var id = "order-" + i;
            var plain = (OrderItem)new ItemParser().ParseText("o.md", OrderItem(id)).Item!;
            var keyed = (OrderItem)new ItemParser { DisplayKey = "仙台市-2026-秘密" }.ParseText("o.md", OrderItem(id)).Item!;
            foreach (var item in new[] { plain, keyed })
            {
                var content = item.Entries.ToDictionary(e => e.Label, e => e.Content);
                Assert.Equal(Source, item.CorrectOrder.Select(l => content[l]));
                Assert.NotEqual(Source, item.Entries.Select(e => e.Content));
            }
            if (!plain.Entries.Select(e => e.Content).SequenceEqual(keyed.Entries.Select(e => e.Content))) differs++;
        }
        Assert.True(differs >= 15, $"only {differs} of 20 orders changed with the key");
    }
}

public class DroppedContentTests
{
    private static ItemParseResult Parse(string text) => new ItemParser().ParseText("x.md", text);

    [Fact]
    public void Blocks_a_choice_does_not_use_are_reported()
    {
        var r = Parse("---\nid: c1\ntype: choice\nsubject: 算数\ngrade: 5\n---\n\n問題\n\n- [x] A\n\n  続きの段落\n- [ ] B\n  - [x] C\n");
        Assert.Equal(["CBT0026 12:3", "CBT0026 14:3"], r.Diagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}"));
    }

    [Fact]
    public void An_empty_order_entry_is_an_error()
    {
        var r = Parse("---\nid: o1\ntype: order\nsubject: 算数\ngrade: 5\n---\n\n並べましょう。\n\n1. a\n2.\n3. c\n");
        Assert.Equal(["CBT0012 11:1"], r.Diagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}"));
    }

    [Fact]
    public void Second_rubric_model_answer_starter_or_solution_is_an_error()
    {
        var essay = Parse("---\nid: e1\ntype: essay\nsubject: 国語\ngrade: 5\n---\n\n書きましょう。\n\n::: rubric\n- 2: よい\n:::\n\n::: rubric\n- 1: ふつう\n:::\n\n::: model-answer\nA\n:::\n\n::: 模範解答\nB\n:::\n");
        Assert.Equal(["CBT0007 14:1", "CBT0007 22:1"], essay.Diagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}"));
        var program = Parse("---\nid: p1\ntype: program\nsubject: 情報\ngrade: 8\nentry: f\ntests:\n  - args: []\n    expected: 1\n---\n\n作りましょう。\n\n```js starter\nfunction f() {}\n```\n\n```js starter\nfunction f() { return 0; }\n```\n\n```js solution\nfunction f() { return 1; }\n```\n\n```js solution\nfunction f() { return 2; }\n```\n");
        Assert.Equal(["CBT0007 18:1", "CBT0007 26:1"], program.Diagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}"));
    }
}

public class PositionTests
{
    private static string[] Codes(string text) =>
        [.. new ItemParser().ParseText("x.md", text).Diagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}")];

    private const string Choice = "---\nid: t1\ntype: choice\nsubject: 算数\ngrade: 5\n---\n";

    [Fact]
    public void Positions_inside_a_setext_heading_are_the_lines_of_the_text()
    {
        Assert.Equal(["CBT0016 8:4"], Codes("---\nid: r06\ntype: cloze\nsubject: 算数\ngrade: 5\n---\n問題[[a]]\nつづき{漢字|}\n---\n\n[[c]]\n"));
    }

    [Theory]
    [InlineData("問題\n\n-\t[x] A {漢字|}\n- [ ] B\n", "CBT0016 9:9")]
    [InlineData(">\t{漢字|}\n\n- [x] A\n- [ ] B\n", "CBT0016 7:3")]
    [InlineData("1.\tx\n\n\t{漢字|}\n\n- [x] A\n- [ ] B\n", "CBT0016 9:2")]
    [InlineData("問題 𠮷 {漢字|}\n\n- [x] A\n- [ ] B\n", "CBT0016 7:7")]
    public void Columns_count_characters_on_the_line_even_after_tabs(string body, string expected)
    {
        Assert.Contains(expected, Codes(Choice + body));
    }
}

public class EveryProblemTests
{
    private static string[] Codes(ItemParseResult r) => [.. r.Diagnostics.Select(d => $"{d.Code} {d.Line}:{d.Column}")];

    [Fact]
    public void A_yaml_error_does_not_hide_the_body_problems()
    {
        var r = new ItemParser().ParseText("x.md", "---\nid: t1\ntitle: a\ntitle: b\ntype: choice\n---\n\n{漢字|}を読む。\n\n- [x] A\n- [ ] B\n\n::: hint\n閉じていない\n");
        Assert.Contains("CBT0004 4:1", Codes(r));
        Assert.Contains("CBT0016 8:1", Codes(r));
        Assert.Contains("CBT0017 13:1", Codes(r));
    }

    [Fact]
    public void An_invalid_byte_in_a_file_with_cr_line_ends_is_reported_on_its_line()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("---\rid: r07\rtype: text\rsubject: 国語\rgrade: 5\r---\r問題").Concat(new byte[] { 0xED, 0xA0, 0x80 }).ToArray();
        Assert.Equal(["CBT0002 7:3"], Codes(new ItemParser().Parse("x.md", bytes)));
    }

    [Theory]
    [InlineData("answer: 1e-30\n", "CBT0007 6:9")]
    [InlineData("answer: 0.0\n", null)]
    [InlineData("answer: 0e5\n", null)]
    public void Numbers_too_small_for_a_decimal_are_not_silently_zero(string answer, string? expected)
    {
        var r = new ItemParser().ParseText("x.md", "---\nid: n1\ntype: numeric\nsubject: 算数\ngrade: 5\n" + answer + "---\n\n問題です。\n");
        if (expected is null) Assert.Empty(r.Diagnostics);
        else Assert.Contains(expected, Codes(r));
    }

    [Theory]
    [InlineData("{points=0.5} {points=0.25}")]
    [InlineData("{points=0.5 points=0.25}")]
    public void Choice_points_given_twice_are_an_error(string attributes)
    {
        var r = new ItemParser().ParseText("x.md", "---\nid: c1\ntype: multiple\nsubject: 算数\ngrade: 5\n---\n\n問題\n\n- [x] A\n- [ ] B " + attributes + "\n");
        Assert.Equal(["CBT0007 11:1"], Codes(r));
    }

    [Fact]
    public void Choice_points_that_are_not_a_number_are_an_error()
    {
        var r = new ItemParser().ParseText("x.md", "---\nid: c1\ntype: multiple\nsubject: 算数\ngrade: 5\n---\n\n問題\n\n- [x] A\n- [ ] B {points=1.2.3}\n");
        Assert.Equal(["CBT0007 11:1"], Codes(r));
    }
}
