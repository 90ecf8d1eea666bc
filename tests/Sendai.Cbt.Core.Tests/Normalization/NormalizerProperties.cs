using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Normalization;

namespace Sendai.Cbt.Core.Tests.Normalization;

/// <summary>Text biased towards the characters the normaliser cares about (and the ones that break naive code).</summary>
public sealed record JaText(string Value)
{
    public override string ToString() => string.Concat(Value.Select(c => c < 0x7F && c >= 0x20 ? c.ToString() : $"\\u{(int)c:X4}"));
}

/// <summary>A printable ASCII string (U+0020–U+007E).</summary>
public sealed record AsciiText(string Value);

public static class NormalizerGenerators
{
    private static readonly string[] Pieces =
    [
        "𠮷", "😀", "𐐀", "𐐨", "\uD800", "\uDC00", "\uDBFF", "\uD801", // supplementary and lone surrogates (D801+DC00 is 𐐀)
        "\u3099", "\u309A", "゛", "゜", "ﾞ", "ﾟ",               // voiced marks
        "ー", "ｰ", "－", "-", "‐", "‑", "‒", "–", "—", "―", "⁃", "−", "─", // dashes
        "~", "～", "〜", "〰", "∼",                              // tildes
        " ", "\u3000", "\t", "\n", "\u00A0", "\u2003", "\u200B",  // white space (and a non-space)
        "。", "、", "．", "，", ".", ",", "!", "！", "?", "？", "…", "｡", "､", "・",
        "ヵ", "ヶ", "ゕ", "ゖ", "ヽ", "ヾ", "ゝ", "ゞ", "ヷ", "ヺ", "ゔ", "ヴ",
        "東", "京", "〇", "々", "İ", "ı", "K", "ß", "Σ", "ς", "É",
    ];

    private static Gen<string> CharIn(int from, int to) => Gen.Choose(from, to).Select(c => ((char)c).ToString());

    public static Gen<string> JaTextGen() =>
        Gen.Frequency(
                (6, Gen.Elements(Pieces)),
                (3, CharIn(0x3041, 0x309F)),  // hiragana
                (3, CharIn(0x30A0, 0x30FF)),  // katakana
                (3, CharIn(0xFF61, 0xFF9F)),  // half-width katakana
                (3, CharIn(0xFF01, 0xFF5E)),  // full-width ASCII
                (3, CharIn(0x20, 0x7E)),      // ASCII
                (1, CharIn(0xA0, 0x24F)),     // Latin-1 and extended
                (1, CharIn(0, 0xFFFF)))       // anything in the BMP, surrogates included
            .ListOf()
            .Select(parts => string.Concat(parts));

    public static Arbitrary<JaText> JaTextArb() => JaTextGen().Select(s => new JaText(s)).ToArbitrary();

    public static Arbitrary<AsciiText> AsciiArb() =>
        Gen.Choose(0x20, 0x7E).Select(c => (char)c).ArrayOf().Select(a => new AsciiText(new string(a))).ToArbitrary();

    public static Arbitrary<NormalizationOptions> OptionsArb() =>
        Gen.Choose(0, 127).Select(bits => new NormalizationOptions
        {
            Width = (bits & 1) != 0,
            KanaInsensitive = (bits & 2) != 0,
            LongVowelAndDashVariants = (bits & 4) != 0,
            Spaces = (bits & 8) != 0,
            IgnoreAllSpaces = (bits & 16) != 0,
            CaseInsensitive = (bits & 32) != 0,
            Punctuation = (bits & 64) != 0,
        }).ToArbitrary();
}

[Properties(Arbitrary = [typeof(NormalizerGenerators)], MaxTest = 500)]
public class NormalizerProperties
{
    private static readonly NormalizationOptions[] NamedOptionSets =
    [
        NormalizationOptions.Default,
        NormalizationOptions.None,
        NormalizationOptions.Default with { KanaInsensitive = true, Punctuation = true },
        NormalizationOptions.Default with { IgnoreAllSpaces = true, KanaInsensitive = true },
        NormalizationOptions.None with { LongVowelAndDashVariants = true },
        NormalizationOptions.None with { Punctuation = true, Spaces = true },
    ];

    [Property]
    public bool Idempotent_under_any_options(JaText text, NormalizationOptions options)
    {
        var first = JapaneseNormalizer.Normalize(text.Value, options);
        var second = JapaneseNormalizer.Normalize(first.Value, options);
        return second.Value == first.Value && second.Applied == NormalizationRules.None && ReferenceEquals(second.Value, first.Value);
    }

    [Property]
    public bool Idempotent_under_named_option_sets(JaText text) =>
        NamedOptionSets.All(o =>
        {
            string once = JapaneseNormalizer.Normalize(text.Value, o).Value;
            return JapaneseNormalizer.Normalize(once, o).Value == once;
        });

    [Property]
    public bool Idempotent_on_fully_arbitrary_strings(string? s, NormalizationOptions options)
    {
        s ??= string.Empty;
        string once = JapaneseNormalizer.Normalize(s, options).Value;
        return JapaneseNormalizer.Normalize(once, options).Value == once;
    }

    [Property]
    public bool Full_width_ascii_normalises_like_ascii(AsciiText ascii, NormalizationOptions options)
    {
        var o = options with { Width = true };
        string fullWidth = string.Concat(ascii.Value.Select(c => c == ' ' ? '\u3000' : (char)(c + 0xFEE0)));
        return JapaneseNormalizer.Normalize(fullWidth, o).Value == JapaneseNormalizer.Normalize(ascii.Value, o).Value;
    }

    [Property]
    public bool Half_width_katakana_normalises_like_full_width(JaText text)
    {
        // Build the full-width spelling of any half-width katakana text by normalising with Width only,
        // then check the default options cannot tell the two apart.
        string full = JapaneseNormalizer.Normalize(text.Value, NormalizationOptions.None with { Width = true }).Value;
        var o = NormalizationOptions.Default with { KanaInsensitive = true };
        return JapaneseNormalizer.Normalize(full, o).Value == JapaneseNormalizer.Normalize(text.Value, o).Value;
    }

    [Property]
    public bool Never_throws(string? s, JaText text, NormalizationOptions options)
    {
        foreach (string input in new[] { s ?? string.Empty, text.Value })
        {
            _ = JapaneseNormalizer.Normalize(input, options);
            _ = JapaneseNormalizer.TryParseNumber(input, out _, out _);
            _ = JapaneseNormalizer.IsKanaOnly(input);
            _ = JapaneseNormalizer.ContainsKanji(input);
        }

        return true;
    }

    [Property]
    public bool Surrogates_are_preserved(JaText text, NormalizationOptions options)
    {
        // Removing all white space may join a lone high and a lone low half into a real pair
        // (see Lone_surrogates_joined_by_space_removal_...); every other option keeps them apart.
        options = options with { IgnoreAllSpaces = false };
        string output = JapaneseNormalizer.Normalize(text.Value, options).Value;
        var inRunes = SupplementaryRunes(text.Value, options.CaseInsensitive);
        var outRunes = SupplementaryRunes(output, caseFold: false);
        return inRunes.SequenceEqual(outRunes) && LoneSurrogates(text.Value).SequenceEqual(LoneSurrogates(output));
    }

    [Property]
    public bool Unchanged_iff_no_rule_applied(JaText text, NormalizationOptions options)
    {
        var r = JapaneseNormalizer.Normalize(text.Value, options);
        bool same = r.Value == text.Value;
        return same == (r.Applied == NormalizationRules.None)
            && (!same || ReferenceEquals(r.Value, text.Value))
            && r.Value.Length <= text.Value.Length;
    }

    [Property]
    public bool Rules_switched_off_are_never_reported(JaText text, NormalizationOptions options)
    {
        var applied = JapaneseNormalizer.Normalize(text.Value, options).Applied;
        var allowed = NormalizationRules.None;
        if (options.Width) allowed |= NormalizationRules.Width;
        if (options.KanaInsensitive) allowed |= NormalizationRules.Kana;
        if (options.LongVowelAndDashVariants) allowed |= NormalizationRules.LongVowel | NormalizationRules.Dash | NormalizationRules.Tilde;
        if (options.Spaces || options.IgnoreAllSpaces) allowed |= NormalizationRules.Space;
        if (options.CaseInsensitive) allowed |= NormalizationRules.Case;
        if (options.Punctuation) allowed |= NormalizationRules.Punctuation;
        return (applied & ~allowed) == 0;
    }

    [Property]
    public bool Ignore_all_spaces_leaves_no_white_space(JaText text) =>
        !JapaneseNormalizer.Normalize(text.Value, NormalizationOptions.Default with { IgnoreAllSpaces = true }).Value.Any(char.IsWhiteSpace);

    [Property]
    public bool Default_output_has_no_edge_or_double_spaces(JaText text)
    {
        string v = JapaneseNormalizer.Normalize(text.Value, NormalizationOptions.Default).Value;
        return v.Length == 0 || (!char.IsWhiteSpace(v[0]) && !char.IsWhiteSpace(v[^1]) && !v.Contains("  ", StringComparison.Ordinal)
            && v.All(c => !char.IsWhiteSpace(c) || c == ' '));
    }

    [Property]
    public bool Integers_round_trip_in_every_script(long n)
    {
        n = Math.Abs(n % 10_000_000_000_000_000L);
        string ascii = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string grouped = n.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
        string fullWidth = string.Concat(grouped.Select(c => (char)(c + 0xFEE0)));
        string kanji = KanjiFormat(n);
        string positional = string.Concat(ascii.Select(c => "〇一二三四五六七八九"[c - '0']));
        return new[] { ascii, grouped, fullWidth, kanji, positional, "-" + ascii }
            .All(s => JapaneseNormalizer.TryParseNumber(s, out decimal v, out _) && v == (s[0] == '-' ? -n : n));
    }

    [Property]
    public bool Decimals_round_trip(decimal d)
    {
        string s = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return JapaneseNormalizer.TryParseNumber(s, out decimal v, out _) && v == d;
    }

    /// <summary>Reference formatter: 1234 → 千二百三十四, 35000 → 三万五千.</summary>
    private static string KanjiFormat(long n)
    {
        if (n == 0)
        {
            return "〇";
        }

        const string digits = "〇一二三四五六七八九";
        var sb = new StringBuilder();
        (long Unit, string Name)[] large = [(1_000_000_000_000L, "兆"), (100_000_000L, "億"), (10_000L, "万"), (1L, "")];
        foreach (var (unit, name) in large)
        {
            long section = n / unit % 10_000;
            if (section == 0)
            {
                continue;
            }

            foreach (var (small, smallName) in new[] { (1000L, "千"), (100L, "百"), (10L, "十") })
            {
                long d = section / small % 10;
                if (d > 1) sb.Append(digits[(int)d]);
                if (d > 0) sb.Append(smallName);
            }

            if (section % 10 > 0) sb.Append(digits[(int)(section % 10)]);
            sb.Append(name);
        }

        return sb.ToString();
    }

    private static List<int> SupplementaryRunes(string s, bool caseFold)
    {
        var list = new List<int>();
        for (int i = 0; i + 1 < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                var r = new Rune(s[i], s[i + 1]);
                list.Add((caseFold ? Rune.ToLowerInvariant(r) : r).Value);
                i++;
            }
        }

        return list;
    }

    private static List<char> LoneSurrogates(string s)
    {
        var list = new List<char>();
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                list.Add(s[i]);
            }
        }

        return list;
    }
}
