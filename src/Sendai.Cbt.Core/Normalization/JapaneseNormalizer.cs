using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace Sendai.Cbt.Normalization;

/// <summary>
/// Normalisation of Japanese short answers, implemented with BCL tables only (no ICU, no
/// <see cref="string.Normalize()"/>, which is a no-op under invariant globalization). Culture-independent,
/// allocation-free except for the result string, and never throws for any string content
/// (lone surrogates pass through unchanged; surrogate pairs are never split).
/// </summary>
public static class JapaneseNormalizer
{
    private const int StackLimit = 256;

    /// <summary>
    /// Normalises <paramref name="input"/> according to <paramref name="options"/> in a single pass.
    /// See <see cref="NormalizationOptions"/> for the exact rules. The result is idempotent:
    /// normalising <see cref="NormalizedText.Value"/> again with the same options returns it unchanged.
    /// </summary>
    /// <param name="input">The raw answer.</param>
    /// <param name="options">The rules to apply.</param>
    /// <returns>The normalised text (the same instance as <paramref name="input"/> if nothing changed) and the rules that changed it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> or <paramref name="options"/> is null.</exception>
    public static NormalizedText Normalize(string input, NormalizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.Length == 0)
        {
            return new NormalizedText(input, NormalizationRules.None);
        }

        char[]? rented = null;
        Span<char> buffer = input.Length <= StackLimit
            ? stackalloc char[input.Length]
            : (rented = ArrayPool<char>.Shared.Rent(input.Length));
        try
        {
            int length = Run(input, options, buffer, out NormalizationRules applied);
            if (applied == NormalizationRules.None)
            {
                Debug.Assert(buffer[..length].SequenceEqual(input), "No rule applied but the text changed.");
                return new NormalizedText(input, NormalizationRules.None);
            }

            return new NormalizedText(new string(buffer[..length]), applied);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Span form of <see cref="Normalize(string, NormalizationOptions)"/> for the grading hot path: writes the
    /// normalised text into <paramref name="output"/> (at least <c>input.Length</c> chars) and returns its length.
    /// </summary>
    internal static int NormalizeInto(ReadOnlySpan<char> input, NormalizationOptions options, Span<char> output, out NormalizationRules applied)
    {
        if (input.IsEmpty)
        {
            applied = NormalizationRules.None;
            return 0;
        }

        return Run(input, options, output, out applied);
    }

    /// <summary>
    /// Parses a numeric answer. Accepts, after trimming white space: an optional leading sign
    /// (+ ＋, or any dash variant such as - − － ー as minus); half- or full-width digits with optional valid
    /// grouping by , or ， (1,234 yes, 12,34 no) and an optional fraction after . or ． (digits required on both sides);
    /// or kanji numerals, either positional (二三 = 23, 一〇五 = 105, 二〇二四 = 2024) or with the units
    /// 十 百 千 (拾) and 万 億 兆 (萬) (二十三, 百五, 千二百三十四, 三万五千, 十万), where Arabic digits may stand in
    /// for the multipliers (3万5千, 1億2000万, 3.5万). Fractions like 1/2 are not accepted.
    /// </summary>
    /// <param name="input">The raw answer.</param>
    /// <param name="value">The parsed value, or 0 when parsing failed.</param>
    /// <param name="applied">
    /// What was needed to read the number: <see cref="NormalizationRules.Width"/>, <see cref="NormalizationRules.KanjiNumeral"/>,
    /// <see cref="NormalizationRules.DigitGrouping"/>, <see cref="NormalizationRules.Space"/>, <see cref="NormalizationRules.Dash"/>.
    /// </param>
    /// <returns><see langword="true"/> if the whole input is one number; <see langword="false"/> (never an exception) otherwise.</returns>
    public static bool TryParseNumber(string? input, out decimal value, out NormalizationRules applied) =>
        JapaneseNumberParser.TryParse(input, out value, out applied);

    /// <summary>Span form of <see cref="TryParseNumber(string?, out decimal, out NormalizationRules)"/>.</summary>
    internal static bool TryParseNumberSpan(ReadOnlySpan<char> input, out decimal value, out NormalizationRules applied) =>
        JapaneseNumberParser.TryParse(input, out value, out applied);

    /// <summary>
    /// True if <paramref name="s"/> contains at least one kana letter (hiragana, katakana or half-width katakana)
    /// and otherwise only kana marks (ー ・ ゛ ゜), dash/tilde variants, white space and punctuation —
    /// i.e. the answer was written in kana only. Used for the "kanji required" policy.
    /// </summary>
    /// <param name="s">The answer.</param>
    /// <returns>Whether the answer is written in kana only; false for null or empty.</returns>
    public static bool IsKanaOnly(string? s) => s is not null && IsKanaOnly(s.AsSpan());

    /// <summary>Span form of <see cref="IsKanaOnly(string?)"/>.</summary>
    internal static bool IsKanaOnly(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }

        bool sawKana = false;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsSurrogate(c))
            {
                return false; // kana and kana marks are all in the BMP
            }

            if (JapaneseCharacters.IsKanaLetter(c))
            {
                sawKana = true;
            }
            else if (!(JapaneseCharacters.IsKanaMark(c) || JapaneseCharacters.IsDash(c) || JapaneseCharacters.IsTilde(c)
                       || char.IsWhiteSpace(c) || char.IsPunctuation(c)))
            {
                return false;
            }
        }

        return sawKana;
    }

    /// <summary>
    /// True if <paramref name="s"/> contains a kanji: a CJK unified ideograph (including extension A and the
    /// supplementary-plane extensions, e.g. 𠮷), a CJK compatibility ideograph, or one of 々 〆 〻.
    /// </summary>
    /// <param name="s">The answer.</param>
    /// <returns>Whether any kanji occurs; false for null or empty.</returns>
    public static bool ContainsKanji(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }

        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                if (JapaneseCharacters.IsKanji(char.ConvertToUtf32(c, s[i + 1])))
                {
                    return true;
                }

                i++;
            }
            else if (JapaneseCharacters.IsKanji(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The Japanese explanation of a rule for teachers, e.g. <c>全角・半角の違いを無視</c>. For a combination of flags
    /// the descriptions are joined with 「、」 in declaration order; <see cref="NormalizationRules.None"/> gives an empty string.
    /// </summary>
    /// <param name="rules">One rule or a combination.</param>
    /// <returns>The description.</returns>
    public static string Describe(NormalizationRules rules)
    {
        string? single = DescribeSingle(rules);
        if (single is not null || rules == NormalizationRules.None)
        {
            return single ?? string.Empty;
        }

        var sb = new StringBuilder();
        for (int bit = 0; bit < 32; bit++)
        {
            var flag = (NormalizationRules)(1 << bit);
            if ((rules & flag) != 0 && DescribeSingle(flag) is { } text)
            {
                if (sb.Length > 0)
                {
                    sb.Append('、');
                }

                sb.Append(text);
            }
        }

        return sb.ToString();
    }

    private static string? DescribeSingle(NormalizationRules rule) => rule switch
    {
        NormalizationRules.Width => "全角・半角の違いを無視",
        NormalizationRules.Kana => "ひらがな・カタカナの違いを無視",
        NormalizationRules.LongVowel => "長音（ー）の表記ゆれを統一",
        NormalizationRules.Dash => "ハイフン・ダッシュの表記ゆれを統一",
        NormalizationRules.Tilde => "波ダッシュ・チルダの表記ゆれを統一",
        NormalizationRules.Space => "空白の違いを無視",
        NormalizationRules.Case => "大文字・小文字の違いを無視",
        NormalizationRules.Punctuation => "末尾の句読点を無視",
        NormalizationRules.KanjiNumeral => "漢数字を数値として解釈",
        NormalizationRules.DigitGrouping => "桁区切りを無視",
        _ => null,
    };

    /// <summary>
    /// The single pass. Writes at most <c>input.Length</c> chars into <paramref name="output"/>.
    /// Hot loop: all state lives in locals (no ref/out use inside the loop) so the JIT keeps it in registers.
    /// </summary>
    private static int Run(ReadOnlySpan<char> input, NormalizationOptions options, Span<char> output, out NormalizationRules applied)
    {
        bool width = options.Width;
        bool caseFold = options.CaseInsensitive;
        bool kana = options.KanaInsensitive;
        bool dashes = options.LongVowelAndDashVariants;
        bool removeSpaces = options.IgnoreAllSpaces;
        bool collapseSpaces = options.Spaces || removeSpaces;

        var rules = NormalizationRules.None;
        int n = 0;                  // chars written
        bool prevKana = false;      // the last emitted character is kana context
        bool pendingSpace = false;  // a white-space run has been read but not yet emitted
        bool pendingIsSingleBlank = false;

        for (int i = 0; i < input.Length;)
        {
            char c = input[i];

            if (char.IsSurrogate(c))
            {
                if (pendingSpace)
                {
                    if (n == 0 || !pendingIsSingleBlank)
                    {
                        rules |= NormalizationRules.Space;
                    }

                    if (n > 0)
                    {
                        output[n++] = ' ';
                    }

                    pendingSpace = false;
                }

                prevKana = false;
                bool pair = char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]);
                if (pair)
                {
                    // Valid pairs go through case folding only and are never split.
                    var rune = new Rune(c, input[i + 1]);
                    var lower = caseFold ? Rune.ToLowerInvariant(rune) : rune;
                    if (lower != rune && lower.Utf16SequenceLength == 2)
                    {
                        lower.EncodeToUtf16(output[n..]);
                        rules |= NormalizationRules.Case;
                    }
                    else
                    {
                        output[n] = c;
                        output[n + 1] = input[i + 1];
                    }

                    n += 2;
                    i += 2;
                    continue;
                }

                // A lone surrogate passes through unchanged. But removing white space can join a lone high and a
                // lone low half into a real pair; treat it as the pair it now is, or the next pass would case-fold
                // it and break idempotence.
                if (caseFold && char.IsLowSurrogate(c) && n > 0 && char.IsHighSurrogate(output[n - 1]))
                {
                    var joined = new Rune(output[n - 1], c);
                    var lower = Rune.ToLowerInvariant(joined);
                    if (lower != joined && lower.Utf16SequenceLength == 2)
                    {
                        lower.EncodeToUtf16(output[(n - 1)..]);
                        n++;
                        i++;
                        rules |= NormalizationRules.Case;
                        continue;
                    }
                }

                output[n++] = c;
                i++;
                continue;
            }

            // Fast path: kanji (CJK unified ideographs and extension A) are never changed by any stage.
            if (c is >= '\u3400' and <= '\u9FFF')
            {
                if (pendingSpace)
                {
                    if (n == 0 || !pendingIsSingleBlank)
                    {
                        rules |= NormalizationRules.Space;
                    }

                    if (n > 0)
                    {
                        output[n++] = ' ';
                    }

                    pendingSpace = false;
                }

                output[n++] = c;
                prevKana = false;
                i++;
                continue;
            }

            char original = c;
            int consumed = 1;

            // 1. Width (and voiced-mark composition).
            if (width)
            {
                c = JapaneseCharacters.FoldWidth(original);
                if (i + 1 < input.Length && JapaneseCharacters.IsComposableMark(input[i + 1])
                    && JapaneseCharacters.TryCompose(c, input[i + 1], out char composed))
                {
                    c = composed;
                    consumed = 2;
                    rules |= NormalizationRules.Width;
                }
                else if (c != original)
                {
                    rules |= NormalizationRules.Width;
                }
            }

            // 2. Case. Kana, CJK symbols and ideographs (U+3000–U+9FFF) have no case: skip the table lookup.
            if (caseFold)
            {
                char lowered = c is >= 'A' and <= 'Z' ? (char)(c + 32)
                    : c < 0x80 || c is >= '\u3000' and <= '\u9FFF' ? c
                    : char.ToLowerInvariant(c);
                if (lowered != c && !char.IsSurrogate(lowered))
                {
                    c = lowered;
                    rules |= NormalizationRules.Case;
                }
            }

            // 3. Kana.
            if (kana)
            {
                char folded = JapaneseCharacters.FoldKana(c);
                if (folded != c)
                {
                    c = folded;
                    rules |= NormalizationRules.Kana;
                }
            }

            // 4. Long vowel / dash / tilde, decided by the last character actually emitted.
            if (dashes)
            {
                bool isDash = JapaneseCharacters.IsDash(c);
                if (isDash || JapaneseCharacters.IsTilde(c))
                {
                    bool kanaBefore = prevKana && !pendingSpace;
                    char unified = kanaBefore ? JapaneseCharacters.LongVowelMark : isDash ? '-' : '~';
                    if (unified != c)
                    {
                        rules |= kanaBefore ? NormalizationRules.LongVowel : isDash ? NormalizationRules.Dash : NormalizationRules.Tilde;
                        c = unified;
                    }
                }
            }

            i += consumed;

            // 5. White space.
            if (JapaneseCharacters.IsWhiteSpace(c))
            {
                if (removeSpaces)
                {
                    rules |= NormalizationRules.Space;
                }
                else if (collapseSpaces)
                {
                    // A U+3000 already folded to ' ' by Width is reported as Width only.
                    pendingIsSingleBlank = !pendingSpace && c == ' ';
                    pendingSpace = true;
                }
                else
                {
                    output[n++] = c;
                    prevKana = false;
                }

                continue;
            }

            if (pendingSpace)
            {
                if (n == 0 || !pendingIsSingleBlank)
                {
                    rules |= NormalizationRules.Space; // leading run dropped, or run changed
                }

                if (n > 0)
                {
                    output[n++] = ' ';
                }

                pendingSpace = false;
            }

            output[n++] = c;
            prevKana = JapaneseCharacters.IsKanaContext(c);
        }

        // Trailing white space is dropped.
        if (pendingSpace)
        {
            rules |= NormalizationRules.Space;
        }

        // 6. Trailing punctuation (and white space between it when spaces are normalised).
        if (options.Punctuation)
        {
            while (n > 0)
            {
                char last = output[n - 1];
                if (JapaneseCharacters.IsTrailingPunctuation(last))
                {
                    rules |= NormalizationRules.Punctuation;
                }
                else if (collapseSpaces && last == ' ')
                {
                    rules |= NormalizationRules.Space;
                }
                else
                {
                    break;
                }

                n--;
            }
        }

        applied = rules;
        return n;
    }
}
