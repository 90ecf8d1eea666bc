using System.Globalization;

namespace Sendai.Cbt.Normalization;

/// <summary>
/// Numeric answers: Arabic digits (half/full width, grouping, fraction) and kanji numerals (positional or with units).
/// See <see cref="JapaneseNormalizer.TryParseNumber(string?, out decimal, out NormalizationRules)"/>.
/// </summary>
internal static class JapaneseNumberParser
{
    /// <summary>Longer inputs (after trimming) are not numbers a student writes; rejecting them bounds the stack buffer.</summary>
    private const int MaxLength = 128;

    /// <summary>Longest positional kanji run (二〇二四…); keeps the value inside <see cref="decimal"/>.</summary>
    private const int MaxPositionalDigits = 28;

    private const int NoUnit = int.MaxValue;

    public static bool TryParse(string? input, out decimal value, out NormalizationRules applied)
    {
        if (input is null)
        {
            value = 0;
            applied = NormalizationRules.None;
            return false;
        }

        return TryParse(input.AsSpan(), out value, out applied);
    }

    public static bool TryParse(ReadOnlySpan<char> s, out decimal value, out NormalizationRules applied)
    {
        value = 0;
        applied = NormalizationRules.None;
        int start = 0;
        int end = s.Length;
        while (start < end && char.IsWhiteSpace(s[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(s[end - 1]))
        {
            end--;
        }

        if (end == start || end - start > MaxLength)
        {
            return false;
        }

        var rules = NormalizationRules.None;
        if (start > 0 || end < s.Length)
        {
            rules |= NormalizationRules.Space;
        }

        s = s[start..end];
        bool negative = false;
        char sign = s[0];
        if (sign is '+' or '＋')
        {
            rules |= sign == '＋' ? NormalizationRules.Width : NormalizationRules.None;
            s = s[1..];
        }
        else if (JapaneseCharacters.IsDash(sign))
        {
            negative = true;
            rules |= sign switch
            {
                '-' => NormalizationRules.None,
                '－' => NormalizationRules.Width,
                _ => NormalizationRules.Dash,
            };
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        decimal magnitude;
        bool ok = ContainsKanjiNumeral(s)
            ? TryParseKanji(s, ref rules, out magnitude)
            : TryParseArabic(s, ref rules, out magnitude);
        if (!ok)
        {
            return false;
        }

        value = negative && magnitude != 0 ? -magnitude : magnitude;
        applied = rules;
        return true;
    }

    private static bool ContainsKanjiNumeral(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (KanjiDigit(c) >= 0 || SmallUnit(c) > 0 || LargeUnit(c) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Half- or full-width digits, optional valid , grouping, optional . fraction with digits on both sides.</summary>
    private static bool TryParseArabic(ReadOnlySpan<char> s, ref NormalizationRules rules, out decimal value)
    {
        value = 0;
        if (s.Length > MaxLength)
        {
            return false;
        }

        Span<char> buffer = stackalloc char[MaxLength];
        int n = 0;
        int group = 0;
        bool grouped = false;
        int i = 0;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            int d = ArabicDigit(c, ref rules);
            if (d >= 0)
            {
                buffer[n++] = (char)('0' + d);
                group++;
                continue;
            }

            if (c is ',' or '，')
            {
                bool validGroup = grouped ? group == 3 : group is >= 1 and <= 3 && buffer[0] != '0';
                if (!validGroup)
                {
                    return false;
                }

                grouped = true;
                group = 0;
                rules |= NormalizationRules.DigitGrouping | (c == '，' ? NormalizationRules.Width : NormalizationRules.None);
                continue;
            }

            break;
        }

        if (n == 0 || (grouped && group != 3))
        {
            return false;
        }

        if (i < s.Length)
        {
            char point = s[i];
            if (point is not ('.' or '．'))
            {
                return false;
            }

            rules |= point == '．' ? NormalizationRules.Width : NormalizationRules.None;
            buffer[n++] = '.';
            int fractionDigits = 0;
            for (i++; i < s.Length; i++)
            {
                int d = ArabicDigit(s[i], ref rules);
                if (d < 0)
                {
                    return false;
                }

                buffer[n++] = (char)('0' + d);
                fractionDigits++;
            }

            if (fractionDigits == 0)
            {
                return false;
            }
        }

        return decimal.TryParse(buffer[..n], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Number := (Section LargeUnit)* Section? with large units strictly decreasing and each preceding section
    /// below 10000; a text without any unit may be an unbounded positional run (二〇二四).
    /// </summary>
    private static bool TryParseKanji(ReadOnlySpan<char> s, ref NormalizationRules rules, out decimal value)
    {
        value = 0;
        rules |= NormalizationRules.KanjiNumeral;
        bool anyUnit = false;
        foreach (char c in s)
        {
            anyUnit |= SmallUnit(c) > 0 || LargeUnit(c) > 0;
        }

        decimal total = 0;
        long lastLarge = long.MaxValue;
        int pos = 0;
        while (true)
        {
            if (!TryParseSection(s, ref pos, ref rules, out decimal section, out bool hasFraction, out bool empty))
            {
                return false;
            }

            if (pos == s.Length)
            {
                if (empty)
                {
                    if (lastLarge == long.MaxValue)
                    {
                        return false;
                    }
                }
                else
                {
                    if (hasFraction || (anyUnit && section >= 10000))
                    {
                        return false; // 1万2.5, 一万二三四五六
                    }

                    total += section;
                }

                value = total;
                return true;
            }

            long large = LargeUnit(s[pos]);
            if (large == 0 || empty || large >= lastLarge || section >= 10000)
            {
                return false;
            }

            total += section * large;
            lastLarge = large;
            pos++;
        }
    }

    /// <summary>
    /// Section := [d]千? [d]百? [d]十? d?  (units strictly decreasing, d a single digit 1–9, kanji or Arabic)
    ///          | kanji digit run (positional) | Arabic number. Stops before a large unit or at the end.
    /// </summary>
    private static bool TryParseSection(ReadOnlySpan<char> s, ref int pos, ref NormalizationRules rules,
        out decimal value, out bool hasFraction, out bool empty)
    {
        value = 0;
        hasFraction = false;
        empty = true;
        int lastSmall = NoUnit;
        while (pos < s.Length)
        {
            char c = s[pos];
            int small = SmallUnit(c);
            if (small > 0)
            {
                if (small >= lastSmall)
                {
                    return false;
                }

                value += small; // implicit multiplier 1: 十, 百, 千
                lastSmall = small;
                empty = false;
                pos++;
                continue;
            }

            if (LargeUnit(c) > 0)
            {
                break;
            }

            decimal token;
            bool singleDigit;
            bool fraction = false;
            if (KanjiDigit(c) >= 0)
            {
                int tokenStart = pos;
                token = 0;
                while (pos < s.Length && KanjiDigit(s[pos]) is var d && d >= 0)
                {
                    if (pos - tokenStart >= MaxPositionalDigits)
                    {
                        return false;
                    }

                    token = (token * 10) + d;
                    pos++;
                }

                singleDigit = pos - tokenStart == 1;
            }
            else if (c is (>= '0' and <= '9') or (>= '０' and <= '９'))
            {
                int tokenStart = pos;
                while (pos < s.Length && s[pos] is (>= '0' and <= '9') or (>= '０' and <= '９') or ',' or '，' or '.' or '．')
                {
                    pos++;
                }

                ReadOnlySpan<char> segment = s[tokenStart..pos];
                if (!TryParseArabic(segment, ref rules, out token))
                {
                    return false;
                }

                singleDigit = segment.Length == 1;
                fraction = segment.IndexOfAny('.', '．') >= 0;
            }
            else
            {
                return false; // not a numeral
            }

            if (pos < s.Length && SmallUnit(s[pos]) is var unit && unit > 0)
            {
                if (!singleDigit || token == 0 || unit >= lastSmall)
                {
                    return false; // 二三百, 〇百, 12百, 二十三十
                }

                value += token * unit;
                lastSmall = unit;
                empty = false;
                pos++;
                continue;
            }

            if (lastSmall != NoUnit && (!singleDigit || token == 0))
            {
                return false; // the ones digit after units must be one digit 1–9
            }

            value += token;
            hasFraction = fraction;
            empty = false;
            return pos == s.Length || LargeUnit(s[pos]) > 0;
        }

        return true;
    }

    private static int ArabicDigit(char c, ref NormalizationRules rules)
    {
        if (c is >= '0' and <= '9')
        {
            return c - '0';
        }

        if (c is >= '０' and <= '９')
        {
            rules |= NormalizationRules.Width;
            return c - '０';
        }

        return -1;
    }

    private static int KanjiDigit(char c) => c switch
    {
        '〇' or '零' => 0,
        '一' or '壱' => 1,
        '二' or '弐' => 2,
        '三' or '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    private static int SmallUnit(char c) => c switch
    {
        '十' or '拾' => 10,
        '百' => 100,
        '千' => 1000,
        _ => 0,
    };

    private static long LargeUnit(char c) => c switch
    {
        '万' or '萬' => 10_000L,
        '億' => 100_000_000L,
        '兆' => 1_000_000_000_000L,
        _ => 0,
    };
}
