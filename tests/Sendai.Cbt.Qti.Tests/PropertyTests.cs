using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Sendai.Cbt.Markdown.Parsing;
using Xunit;

namespace Sendai.Cbt.Qti.Tests;

/// <summary>Round trip Markdown → QTI (3.0 and 2.2) → Markdown over generated items: the model is preserved.</summary>
public class PropertyTests
{
    private static readonly string[] Words =
    [
        "水", "火をつける", "{漢字|かんじ}", "｜東京《とうきょう》", "{漢字|かん|じ}", "**強調**", "*斜体*", "$x^2$", "$\\frac{1}{2}$", "`code`", "a < b", "1 + 2 = 3",
        "50%", "[注]", "A_B", "x*y", "C#", "ひらがな", "カタカナ", "𠮷野家", "~波~", "(かっこ)", "「かぎ」", "#タグ", "\\円", "&amp;", "ﾊﾝｶｸ", "!", "{", "}", "|",
    ];

    private static string Text(int[] picks, int offset, int count)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(i % 3 == 0 ? "、" : " ");
            sb.Append(Words[(picks[(offset + i) % picks.Length] & int.MaxValue) % Words.Length]);
        }
        return sb.ToString().Trim();
    }

    private static string Source(int kind, int[] p)
    {
        int n = 2 + (p[0] & 3);
        var head = $"---\nid: gen-{kind}-{p.Length}\nsubject: 算数\ngrade: {1 + (p[0] & 7)}\n";
        var prompt = Text(p, 1, 1 + (p[1 % p.Length] & 3)) + "。";
        switch (kind % 6)
        {
            case 0:
                return head + $"type: choice\nshuffle: {(p[0] % 2 == 0 ? "true" : "false")}\n---\n\n{prompt}\n\n" +
                    string.Concat(Enumerable.Range(0, n).Select(i => $"- [{(i == 1 ? "x" : " ")}] {Text(p, i + 3, 2)}{(i == n - 1 ? " {fixed}" : "")}\n"));
            case 1:
                return head + $"type: multiple\nscoring: {(p[0] % 3 == 0 ? "per-choice" : p[0] % 3 == 1 ? "right-minus-wrong" : "all-or-nothing")}\n---\n\n{prompt}\n\n" +
                    string.Concat(Enumerable.Range(0, n).Select(i => $"- [{(i % 2 == 0 ? "x" : " ")}] {Text(p, i + 5, 1)}\n"));
            case 2:
                return head + $"type: order\n---\n\n{prompt}\n\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"{i + 1}. {Text(p, i + 2, 2)} {i}\n"));
            case 3:
                return head + $"type: match\n---\n\n{prompt}\n\n| a | b |\n| --- | --- |\n" +
                    string.Concat(Enumerable.Range(0, n).Select(i => $"| {Text(p, i + 1, 1).Replace("|", "", StringComparison.Ordinal)} {i} | 右{i} {Text(p, i + 4, 1).Replace("|", "", StringComparison.Ordinal)} |\n")) + "|  | 余り |\n";
            case 4:
                return head + "type: cloze\n---\n\n" + prompt + " [[答え|こたえ]] と [[=3.5~0.5 cm@2]]、[[?北|*南|東]]。\n";
            default:
                return head + $"type: text\nanswers: [\"答え\", \"こたえ\"]\nnormalize:\n  kana: true\n---\n\n{prompt}\n\n::: hint\n{Text(p, 2, 2)}\n:::\n\n::: explanation\n{Text(p, 3, 3)}\n:::\n";
        }
    }

    [Property(MaxTest = 120)]
    public bool Generated_items_round_trip(NonEmptyArray<int> picks, PositiveInt kind)
    {
        var p = picks.Get;
        var parser = new ItemParser();
        var parsed = parser.ParseText("gen.md", Source(kind.Get, p));
        if (!parsed.Success || parsed.Item is null) return true; // the generator can make invalid items (e.g. "{" alone); those are the parser's business
        var bank = new ItemBank([parsed.Item]);
        foreach (var version in new[] { QtiVersion.V3p0, QtiVersion.V2p2 })
        {
            var result = RoundTripTests.RoundTrip(bank, version, out _);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            ModelAssert.Equal(parsed.Item, Assert.Single(result.Items));
        }
        return true;
    }
}

public class GeneratorCoverageTests
{
    [Fact]
    public void Most_generated_items_are_valid_so_the_property_is_not_vacuous()
    {
        var parser = new ItemParser();
        var rng = new Random(42);
        int ok = 0, total = 0;
        for (int k = 0; k < 6; k++)
        {
            for (int t = 0; t < 40; t++)
            {
                var picks = Enumerable.Range(0, 1 + rng.Next(12)).Select(_ => rng.Next()).ToArray();
                total++;
                var src = (string)typeof(PropertyTests).GetMethod("Source", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, [k, picks])!;
                if (parser.ParseText("g.md", src).Success) ok++;
            }
        }
        Assert.True(ok * 2 > total, $"{ok}/{total} generated items are valid");
    }
}
