using System.Collections.Immutable;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

/// <summary>Hand-built items of every type, as the parser would produce them.</summary>
internal static class SampleItems
{
    public static ItemMetadata Meta(string subject, int grade, ItemFormat format, decimal points = 1, string? title = null) => new()
    {
        Subject = subject,
        Grade = grade,
        Format = format,
        Points = points,
        Domain = "領域",
        Viewpoint = Viewpoint.Knowledge,
        Title = title,
        Tags = ["タグ"],
    };

    public static ChoiceItem Choice => new()
    {
        Id = "sci-g5-flower-01",
        AllowMultiple = false,
        Metadata = Meta("理科", 5, ItemFormat.Selected, title: "花のつくり"),
        Prompt = "アサガオの花で、{受粉|じゅふん}したあとに実になる部分はどこですか。",
        Shuffle = true,
        Choices =
        [
            new Choice("A", "おしべ", false) { Feedback = "おしべは{花粉|かふん}をつくるところです。" },
            new Choice("B", "めしべのもと", true),
            new Choice("C", "花びら", false),
            new Choice("D", "この中にはない", false) { Fixed = true },
        ],
        Explanation = "受粉すると、めしべのもとがふくらんで実になります。",
        Hints = ["花の中心にあるものを考えましょう。"],
    };

    public static ChoiceItem Multiple => new()
    {
        Id = "soc-g5-multi-01",
        AllowMultiple = true,
        Metadata = Meta("社会", 5, ItemFormat.Selected, 2),
        Prompt = "日本の{世界遺産|せかいいさん}を**すべて**選びましょう。",
        Choices =
        [
            new Choice("A", "富士山", true) { Points = 1 },
            new Choice("B", "屋久島", true),
            new Choice("C", "東京タワー", false),
        ],
        Scoring = MultipleScoring.PerChoice,
    };

    public static TextItem Text => new()
    {
        Id = "soc-g4-capital",
        Metadata = Meta("社会", 4, ItemFormat.ShortAnswer, title: "首都"),
        Prompt = "日本の{首都|しゅと}はどこですか。漢字で書きましょう。",
        Answers = ["東京", "東京都"],
        PartialAnswers = [new PartialAnswer("とうきょう", 0.5m)],
        KanjiRequired = true,
    };

    public static NumericItem Numeric => new()
    {
        Id = "math-g5-area",
        Metadata = Meta("算数", 5, ItemFormat.ShortAnswer),
        Prompt = "たて $2.5$ cm、横 $5$ cm の長方形の面積を求めましょう。\n\n$$S = a \\times b$$",
        Value = 12.5m,
        Tolerance = 0.1m,
        Unit = "cm²",
    };

    public static OrderItem Order => new()
    {
        Id = "sci-g4-boil",
        Metadata = Meta("理科", 4, ItemFormat.Selected),
        Prompt = "水をふっとうさせる{手順|てじゅん}を正しい順にならべましょう。",
        Entries = [new LabeledEntry("A", "火をつける"), new LabeledEntry("B", "ふっとうさせる"), new LabeledEntry("C", "水を入れる")],
        CorrectOrder = ["C", "A", "B"],
    };

    public static MatchItem Match => new()
    {
        Id = "soc-g4-capitals",
        Metadata = Meta("社会", 4, ItemFormat.Selected, 2),
        Prompt = "県と県庁所在地を組み合わせましょう。",
        Left = [new LabeledEntry("A", "宮城県"), new LabeledEntry("B", "岩手県")],
        Right = [new LabeledEntry("1", "山形市"), new LabeledEntry("2", "盛岡市"), new LabeledEntry("3", "仙台市")],
        Pairs = ImmutableDictionary<string, string>.Empty.Add("A", "3").Add("B", "2"),
    };

    public static ClozeItem Cloze => new()
    {
        Id = "soc-g4-cloze",
        Metadata = Meta("社会", 4, ItemFormat.ShortAnswer, 3),
        Prompt = "日本の首都は[[東京|東京都]]で、人口はおよそ[[=1400~50 万人]]です。\n太陽は[[?西|*東]]からのぼります。",
        Blanks =
        [
            new TextBlank { Number = 1, Answers = ["東京", "東京都"] },
            new NumericBlank { Number = 2, Value = 1400, Tolerance = 50, Unit = "万人" },
            new ChoiceBlank { Number = 3, Options = ["西", "東"], CorrectIndex = 1 },
        ],
    };

    public static EssayItem Essay => new()
    {
        Id = "kokugo-g6-essay",
        Metadata = Meta("国語", 6, ItemFormat.Constructed, 3) with { Viewpoint = Viewpoint.Thinking },
        Prompt = "資料を読んで、あなたの考えを書きましょう。",
        MaxLength = 200,
        Rubric =
        [
            new RubricLevel(3, "理由を2つ以上挙げ、資料の数値を根拠にしている。"),
            new RubricLevel(2, "理由を1つ挙げ、資料にふれている。"),
            new RubricLevel(0, "無解答、または問いに答えていない。"),
        ],
        ModelAnswer = "私は賛成です。なぜなら……",
    };

    public static ProgramItem Program => new()
    {
        Id = "prog-fizzbuzz",
        Metadata = Meta("情報", 10, ItemFormat.Constructed, 4),
        Prompt = "3の倍数なら `\"Fizz\"`、5の倍数なら `\"Buzz\"` を返す関数を書きましょう。",
        EntryFunction = "fizzbuzz",
        StarterCode = "function fizzbuzz(n) {\n  // ここに書きましょう\n}\n",
        ReferenceSolution = "function fizzbuzz(n) { return n % 15 === 0 ? 'FizzBuzz' : n % 3 === 0 ? 'Fizz' : n % 5 === 0 ? 'Buzz' : String(n); }",
        Tests =
        [
            new ProgramTest { Number = 1, ArgumentsJson = "[3]", ExpectedJson = "\"Fizz\"" },
            new ProgramTest { Number = 2, ArgumentsJson = "[15]", ExpectedJson = "\"FizzBuzz\"", Points = 2, Hidden = true },
            new ProgramTest { Number = 3, ArgumentsJson = "[7]", ExpectedJson = "\"7\"", Hidden = true },
        ],
    };

    public static SurveyItem Rating => new()
    {
        Id = "health-mood",
        Metadata = Meta("健康観察", 3, ItemFormat.Selected, 0) with { Viewpoint = null },
        Prompt = "きょうの{気分|きぶん}はどうですか。",
        Kind = SurveyKind.Rating,
        Scale = new RatingScale(1, 5, ["とてもわるい", "わるい", "ふつう", "よい", "とてもよい"]),
        Required = true,
    };

    public static SurveyItem SurveyChoice => new()
    {
        Id = "survey-breakfast",
        Metadata = Meta("健康観察", 3, ItemFormat.Selected, 0) with { Viewpoint = null },
        Prompt = "けさ食べたものをすべて選びましょう。",
        Kind = SurveyKind.MultipleChoice,
        Options = [new LabeledEntry("A", "ごはん"), new LabeledEntry("B", "パン"), new LabeledEntry("C", "食べていない")],
    };

    public static SurveyItem Comment => new()
    {
        Id = "survey-comment",
        Metadata = Meta("健康観察", 3, ItemFormat.Constructed, 0) with { Viewpoint = null },
        Prompt = "先生に伝えたいことがあれば書きましょう。",
        Kind = SurveyKind.Comment,
    };

    public static Stimulus Passage => new()
    {
        Id = "g6-yamanashi-passage",
        Title = "やまなし",
        Writing = WritingMode.Vertical,
        Subject = "国語",
        Grade = 6,
        Content = "　二疋の{蟹|かに}の子供らが青じろい水の底で話していました。\n\n「クラムボンはわらったよ。」\n\n「クラムボンはかぷかぷわらったよ。」\n\n　上の方や横の方は、青くくらく{鋼|はがね}のように見えます。そのなめらかな天井を、つぶつぶ暗い{泡|あわ}が流れて行きます。",
    };

    public static ChoiceItem VerticalChoice => new()
    {
        Id = "kokugo-g6-yamanashi-q1",
        AllowMultiple = false,
        Writing = WritingMode.Vertical,
        StimulusId = "g6-yamanashi-passage",
        Metadata = Meta("国語", 6, ItemFormat.Selected) with { Viewpoint = Viewpoint.Thinking },
        Prompt = "「クラムボン」は、どこで話していましたか。",
        Choices = [new Choice("A", "水の{底|そこ}", true), new Choice("B", "山の上", false), new Choice("C", "空の上", false)],
        Explanation = "本文の一文目に「水の底で話していました」とあります。",
    };

    public static ImmutableArray<Item> All =>
        [Choice, Multiple, Text, Numeric, Order, Match, Cloze, Essay, Program, Rating, SurveyChoice, Comment, VerticalChoice];

    public static TestForm Form => new()
    {
        Id = "sample-form",
        Version = "1",
        Title = "６年 まとめのテスト",
        TimeLimit = TimeSpan.FromMinutes(20),
        Sections =
        [
            new FormSection
            {
                Id = "s1", Title = "大問1", Instructions = "つぎの文章を読んで、問いに答えましょう。",
                Items = [new FormItemRef("kokugo-g6-yamanashi-q1", 1, default), new FormItemRef("kokugo-g6-essay", 1, default)],
            },
            new FormSection
            {
                Id = "s2", Title = "大問2",
                Items = [new FormItemRef("sci-g5-flower-01", 2, default), new FormItemRef("soc-g4-cloze", 1, default), new FormItemRef("math-g5-area", 1, default)],
            },
        ],
    };

    public static ItemBank Bank => new(All, [Passage], [Form]);
}
