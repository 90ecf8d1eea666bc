using System.Collections.Immutable;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Benchmarks.Scoring;

/// <summary>A synthetic 40-item mixed form (choice, multiple, text with normalisation, numeric, order, match, cloze) built in code.</summary>
public static class SampleForm
{
    private static ItemMetadata Meta(ItemType t, decimal points, Viewpoint vp) => new()
    {
        Subject = "算数", Grade = 5, Domain = "数と計算", Viewpoint = vp, Format = ItemNames.DefaultFormat(t), Points = points,
    };

    public static (ItemBank Bank, TestForm Form) Build()
    {
        var items = new List<Item>();
        for (int i = 0; i < 40; i++)
        {
            string id = $"q{i:00}";
            var vp = (Viewpoint)(i % 2);
            items.Add((i % 8) switch
            {
                0 or 1 => new ChoiceItem
                {
                    Id = id, Metadata = Meta(ItemType.Choice, 1, vp), Prompt = "p", AllowMultiple = false,
                    Choices = [new("A", "1", false), new("B", "2", true), new("C", "3", false) { Points = 0.5m }, new("D", "4", false)],
                },
                2 => new ChoiceItem
                {
                    Id = id, Metadata = Meta(ItemType.Multiple, 2, vp), Prompt = "p", AllowMultiple = true, Scoring = MultipleScoring.RightMinusWrong,
                    Choices = [new("A", "1", true), new("B", "2", false), new("C", "3", true), new("D", "4", false)],
                },
                3 => new TextItem
                {
                    Id = id, Metadata = Meta(ItemType.Text, 1, vp), Prompt = "p", Answers = ["しょうすう", "小数"],
                    Normalization = NormalizationOptions.Default with { KanaInsensitive = true }, PartialAnswers = [new("しょうすうてん", 0.5m)],
                },
                4 => new TextItem
                {
                    Id = id, Metadata = Meta(ItemType.Text, 1, vp), Prompt = "p", Answers = ["東京", "東京都"], KanjiRequired = true,
                },
                5 => new NumericItem { Id = id, Metadata = Meta(ItemType.Numeric, 1, vp), Prompt = "p", Value = 12.5m, Tolerance = 0.1m, Unit = "cm" },
                6 => new OrderItem
                {
                    Id = id, Metadata = Meta(ItemType.Order, 1, vp), Prompt = "p",
                    Entries = [new("A", "x"), new("B", "y"), new("C", "z")], CorrectOrder = ["C", "A", "B"],
                },
                _ => i % 16 == 7
                    ? new MatchItem
                    {
                        Id = id, Metadata = Meta(ItemType.Match, 3, vp), Prompt = "p",
                        Left = [new("A", "宮城県"), new("B", "岩手県"), new("C", "山形県")], Right = [new("1", "盛岡市"), new("2", "仙台市"), new("3", "山形市")],
                        Pairs = ImmutableDictionary<string, string>.Empty.Add("A", "2").Add("B", "1").Add("C", "3"),
                    }
                    : new ClozeItem
                    {
                        Id = id, Metadata = Meta(ItemType.Cloze, 3, vp), Prompt = "p",
                        Blanks = [new TextBlank { Number = 1, Answers = ["東京"] }, new NumericBlank { Number = 2, Value = 1400, Tolerance = 50, Unit = "万人" },
                                  new ChoiceBlank { Number = 3, Options = ["西", "東"], CorrectIndex = 1 }],
                    },
            });
        }

        var form = new TestForm
        {
            Id = "bench-40", Version = "1", Title = "bench",
            Sections = [new FormSection { Id = "s1", Items = [.. items.Take(20).Select(i => new FormItemRef(i.Id, 1, default))] },
                        new FormSection { Id = "s2", Items = [.. items.Skip(20).Select(i => new FormItemRef(i.Id, i.Id == "q39" ? 2 : 1, default))] }],
        };
        return (new ItemBank(items, forms: [form]), form);
    }
}
