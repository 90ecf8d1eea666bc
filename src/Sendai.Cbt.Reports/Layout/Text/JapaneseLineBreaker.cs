using System.Text;

namespace Sendai.Cbt.Reports.Layout.Text;

/// <summary>
/// One unbreakable piece of text for the line breaker: a grapheme-like cluster (a character with its
/// combining marks or variation selector, a surrogate pair), or a whole ruby group.
/// </summary>
/// <param name="Text">The text of the unit (for a ruby group, the base text).</param>
/// <param name="Width">Advance width in points.</param>
/// <param name="GlueToPrevious">True when no line may break between the previous unit and this one
/// (letters and digits of one Latin word or number, or a run of ……/――).</param>
internal readonly record struct BreakUnit(string Text, double Width, bool GlueToPrevious)
{
    /// <summary>True for an ASCII space or tab: a line may end after it and it hangs at the line end.</summary>
    public bool IsSpace => Text is " " or "\t";
}

/// <summary>
/// Japanese line breaking (a practical subset of JIS X 4051 / W3C JLREQ "strict" kinsoku).
/// </summary>
/// <remarks>
/// <para>Rules: a line may break between any two units except that (1) no line starts with a
/// 行頭禁則 character (closing brackets, 。、，．, small kana, ー, ・：；！？ …), (2) no line ends with a
/// 行末禁則 character (opening brackets 「『（【〔〈《 …), (3) Latin words and numbers are kept whole
/// and break only at spaces, (4) ……, ‥‥ and ―― are not split. Spaces at a line end hang: they stay
/// on the line but do not count against its width.</para>
/// <para>Strategy: 追い出し (push-out) only. When the character that would start the next line is
/// forbidden there, the break moves back until it is legal, so the forbidden character and its
/// neighbour move to the next line together. ぶら下げ (hanging 。、 into the margin) is not used:
/// hung punctuation would be drawn outside the content area, which table cells and boxes do not have.
/// The line therefore ends a little short (ragged right, no justification).</para>
/// <para>When a line has no legal break at all (a single unit wider than the line, a Latin word longer
/// than the line, or a run made only of forbidden characters) the line is broken at the last unit that
/// fits: the rules give way rather than overflowing the line.</para>
/// </remarks>
internal static class JapaneseLineBreaker
{
    private const double Epsilon = 1e-6;

    // 行頭禁則: characters that must not start a line.
    private const string NoStartChars =
        "、。，．,.）)〕］]｝}〉》」』】〙〗〟’”｠»" +
        "ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ヽヾ" +
        "‐゠–〜～？！?!‼⁇⁈⁉・：；:;／/%％";

    // 行末禁則: characters that must not end a line.
    private const string NoEndChars = "（(〔［[｛{〈《「『【〘〖〝‘“｟«";

    // 分離禁止: runs of these are kept together.
    private const string InseparableChars = "…‥―—";

    /// <summary>True when the code point must not start a line.</summary>
    public static bool IsNoStart(int codePoint) => codePoint <= 0xFFFF && NoStartChars.Contains((char)codePoint, StringComparison.Ordinal);

    /// <summary>True when the code point must not end a line.</summary>
    public static bool IsNoEnd(int codePoint) => codePoint <= 0xFFFF && NoEndChars.Contains((char)codePoint, StringComparison.Ordinal);

    /// <summary>
    /// True for characters of Latin-script words and numbers (kept whole): everything below the CJK
    /// blocks except spaces, plus full-width letters and digits.
    /// </summary>
    public static bool IsWordCharacter(int codePoint)
    {
        if (codePoint is ' ' or '\t' or '\u3000')
            return false;
        if (codePoint is >= 0xFF10 and <= 0xFF19 or >= 0xFF21 and <= 0xFF3A or >= 0xFF41 and <= 0xFF5A)
            return true;
        return codePoint < 0x2E80;
    }

    /// <summary>
    /// Splits text into break units: clusters of a base character with its combining marks and
    /// variation selectors, flagged as glued when they belong to one word or an inseparable run.
    /// </summary>
    public static List<BreakUnit> Segment(string text, Func<string, double> measure)
    {
        var units = new List<BreakUnit>(text.Length);
        int previousLast = -1;
        foreach (var cluster in Clusters(text))
        {
            int first = CodePointAt(cluster, 0);
            bool glue = previousLast >= 0 && Glues(previousLast, first);
            units.Add(new BreakUnit(cluster, measure(cluster), glue));
            previousLast = LastBase(cluster);
        }
        return units;
    }

    /// <summary>True when no break is allowed between a unit ending with <paramref name="last"/> and one starting with <paramref name="first"/>.</summary>
    public static bool Glues(int last, int first)
    {
        if (IsWordCharacter(last) && IsWordCharacter(first) && !IsInseparable(last) && !IsInseparable(first))
            return true;
        return IsInseparable(last) && last == first;
    }

    private static bool IsInseparable(int cp) => cp <= 0xFFFF && InseparableChars.Contains((char)cp, StringComparison.Ordinal);

    /// <summary>The clusters of a string (surrogate pairs and combining sequences stay whole).</summary>
    public static IEnumerable<string> Clusters(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            int start = i;
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
            while (i < text.Length && IsExtender(text, i))
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            yield return text[start..i];
        }
    }

    private static bool IsExtender(string text, int index)
    {
        if (!Rune.TryGetRuneAt(text, index, out var rune))
            return false;
        int v = rune.Value;
        if (v is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF or 0x200D or 0x3099 or 0x309A)
            return true;
        var category = Rune.GetUnicodeCategory(rune);
        return category is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.EnclosingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>The last base code point of a unit's text (combining marks and selectors skipped).</summary>
    public static int LastBase(string text)
    {
        int result = CodePointAt(text, 0);
        for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            if (!IsExtender(text, i))
                result = CodePointAt(text, i);
        }
        return result;
    }

    /// <summary>The code point at a UTF-16 index (a lone surrogate is returned as is).</summary>
    public static int CodePointAt(string text, int index)
        => char.IsSurrogatePair(text, index) ? char.ConvertToUtf32(text[index], text[index + 1]) : text[index];

    /// <summary>True when a line may break before unit <paramref name="index"/> (0 &lt; index &lt; count).</summary>
    public static bool CanBreakBefore(IReadOnlyList<BreakUnit> units, int index)
    {
        var unit = units[index];
        if (unit.GlueToPrevious || unit.IsSpace)
            return false;
        if (IsNoStart(CodePointAt(unit.Text, 0)))
            return false;
        // The character that would end the line: the last one before any hanging spaces.
        int previous = index - 1;
        while (previous > 0 && units[previous].IsSpace)
            previous--;
        return !IsNoEnd(LastBase(units[previous].Text));
    }

    /// <summary>
    /// Breaks units into lines no wider than <paramref name="maxWidth"/> (trailing spaces excepted).
    /// Returns half-open ranges [Start, End) that partition the input.
    /// </summary>
    public static List<(int Start, int End)> Break(IReadOnlyList<BreakUnit> units, double maxWidth)
    {
        var lines = new List<(int, int)>();
        int n = units.Count, start = 0;
        while (start < n)
        {
            double width = 0;
            int end = start;
            while (end < n)
            {
                var unit = units[end];
                double next = width + unit.Width;
                if (!unit.IsSpace && next > maxWidth + Epsilon && end > start)
                    break;
                width = next;
                end++;
            }
            if (end == n)
            {
                lines.Add((start, n));
                break;
            }

            int breakAt = end;
            while (breakAt > start && !CanBreakBefore(units, breakAt))
                breakAt--;
            if (breakAt == start)
                breakAt = end; // no legal break inside the line: the rules give way
            while (breakAt < n && units[breakAt].IsSpace)
                breakAt++;
            lines.Add((start, breakAt));
            start = breakAt;
        }
        return lines;
    }

    /// <summary>Convenience for plain strings: segments, breaks and returns the line texts.</summary>
    public static List<string> BreakString(string text, double maxWidth, Func<string, double> measure)
    {
        var units = Segment(text, measure);
        var result = new List<string>();
        foreach (var (s, e) in Break(units, maxWidth))
        {
            var sb = new StringBuilder();
            for (int i = s; i < e; i++)
                sb.Append(units[i].Text);
            result.Add(sb.ToString());
        }
        return result;
    }
}
