using System.Collections.Immutable;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Core.Tests.Scoring;

/// <summary>A small bank with one item of every type, built in code.</summary>
internal static class TestBank
{
    public static ItemMetadata Meta(ItemType t, decimal points, Viewpoint? vp = Viewpoint.Knowledge, string? domain = "数と計算") => new()
    {
        Subject = "算数", Grade = 5, Domain = domain, Viewpoint = vp, Format = ItemNames.DefaultFormat(t), Points = points,
    };

    public static readonly ChoiceItem Choice = new()
    {
        Id = "choice", Metadata = Meta(ItemType.Choice, 2), Prompt = "p", AllowMultiple = false,
        Choices = [new("A", "1", false), new("B", "2", true), new("C", "3", false) { Points = 0.5m }, new("D", "4", false)],
    };

    public static ChoiceItem Multiple(MultipleScoring rule) => new()
    {
        Id = "multi", Metadata = Meta(ItemType.Multiple, 4), Prompt = "p", AllowMultiple = true, Scoring = rule,
        Choices = [new("A", "1", true), new("B", "2", false), new("C", "3", true), new("D", "4", false)],
    };

    public static readonly TextItem Text = new()
    {
        Id = "text", Metadata = Meta(ItemType.Text, 1, Viewpoint.Thinking, "図形"), Prompt = "p", Answers = ["東京", "東京都"], KanjiRequired = true,
        PartialAnswers = [new("とうきょう", 0.5m)],
    };

    public static readonly TextItem Kana = new()
    {
        Id = "kana", Metadata = Meta(ItemType.Text, 1), Prompt = "p", Answers = ["しょうすう"],
        Normalization = NormalizationOptions.Default with { KanaInsensitive = true },
    };

    public static readonly NumericItem Numeric = new() { Id = "num", Metadata = Meta(ItemType.Numeric, 1), Prompt = "p", Value = 12.5m, Tolerance = 0.1m, Unit = "cm" };

    public static readonly NumericItem Relative = new() { Id = "rel", Metadata = Meta(ItemType.Numeric, 1), Prompt = "p", Value = 200m, Tolerance = 0.01m, ToleranceKind = ToleranceKind.Relative };

    public static readonly OrderItem Order = new()
    {
        Id = "order", Metadata = Meta(ItemType.Order, 1), Prompt = "p",
        Entries = [new("A", "x"), new("B", "y"), new("C", "z")], CorrectOrder = ["C", "A", "B"],
    };

    public static readonly MatchItem Match = new()
    {
        Id = "match", Metadata = Meta(ItemType.Match, 3), Prompt = "p",
        Left = [new("A", "宮城県"), new("B", "岩手県"), new("C", "山形県")], Right = [new("1", "盛岡市"), new("2", "仙台市"), new("3", "山形市"), new("4", "秋田市")],
        Pairs = ImmutableDictionary<string, string>.Empty.Add("A", "2").Add("B", "1").Add("C", "3"),
    };

    public static readonly ClozeItem Cloze = new()
    {
        Id = "cloze", Metadata = Meta(ItemType.Cloze, 4), Prompt = "p",
        Blanks = [new TextBlank { Number = 1, Answers = ["東京", "東京都"], Points = 2 }, new NumericBlank { Number = 2, Value = 1400, Tolerance = 50, Unit = "万人" },
                  new ChoiceBlank { Number = 3, Options = ["西", "東"], CorrectIndex = 1 }],
    };

    public static readonly EssayItem Essay = new()
    {
        Id = "essay", Metadata = Meta(ItemType.Essay, 3, Viewpoint.Thinking), Prompt = "p",
        Rubric = [new(3, "a"), new(2, "b"), new(1, "c"), new(0, "d")],
    };

    public static readonly ProgramItem Program = new()
    {
        Id = "prog", Metadata = Meta(ItemType.Program, 2, Viewpoint.Thinking), Prompt = "p", EntryFunction = "f",
        Tests = [new ProgramTest { Number = 1, ArgumentsJson = "[1]", ExpectedJson = "1" }, new ProgramTest { Number = 2, ArgumentsJson = "[2]", ExpectedJson = "2" }],
    };

    /// <summary>A program item with a multi-line reference solution (loop, string literal with a comma and quotes, CRLF line ends).</summary>
    public static readonly ProgramItem ProgramWithSolution = new()
    {
        Id = "prog-sum", Metadata = Meta(ItemType.Program, 2, Viewpoint.Thinking), Prompt = "p", EntryFunction = "sum",
        StarterCode = "function sum(a) {\n  // ここに書く\n}\n",
        ReferenceSolution = "function sum(a) {\r\n  let t = 0; // \"合計\", 0から\r\n  for (let i = 0; i < a.length; i++) t += a[i];\r\n  return t;\r\n}\r\n",
        Tests = [new ProgramTest { Number = 1, ArgumentsJson = "[[1,2]]", ExpectedJson = "3" }],
    };

    public static readonly SurveyItem Survey = new()
    {
        Id = "survey", Metadata = Meta(ItemType.Survey, 0, null, null), Prompt = "p", Kind = SurveyKind.Rating, Scale = new RatingScale(1, 5, []),
    };

    public static Item[] All(MultipleScoring rule = MultipleScoring.AllOrNothing) =>
        [Choice, Multiple(rule), Text, Kana, Numeric, Relative, Order, Match, Cloze, Essay, Program, Survey];

    public static CompiledForm Compile(Item[]? items = null, ScoringOptions? options = null, decimal choiceWeight = 1)
    {
        items ??= All();
        var form = new TestForm
        {
            Id = "f", Version = "1", Title = "t",
            Sections =
            [
                new FormSection { Id = "s1", Items = [.. items.Take(4).Select(i => new FormItemRef(i.Id, i.Id == "choice" ? choiceWeight : 1, default))] },
                new FormSection { Id = "s2", Items = [.. items.Skip(4).Select(i => new FormItemRef(i.Id, 1, default))] },
            ],
        };
        return CompiledForm.Compile(new ItemBank(items, forms: [form]), form, options);
    }
}
