using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Sendai.Cbt.Markdown.Extensions.Ruby;

/// <summary>
/// Parses ruby in the Aozora (<c>｜漢字《かんじ》</c>, <c>漢字《かんじ》</c>) and Denden (<c>{漢字|かんじ}</c>)
/// syntaxes. Registered before the other inline parsers so that <c>{</c> is ours.
/// </summary>
internal sealed class RubyInlineParser : InlineParser
{
    private const int MaxLength = 200;

    public RubyInlineParser()
    {
        OpeningCharacters = ['｜', '《', '{'];
    }

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        return slice.CurrentChar switch
        {
            '{' => MatchDenden(processor, ref slice),
            '｜' => MatchAozoraExplicit(processor, ref slice),
            _ => MatchAozoraImplicit(processor, ref slice),
        };
    }

    private static bool MatchDenden(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        int start = slice.Start;
        int close = -1;
        for (int i = start + 1; i <= slice.End && i - start < MaxLength; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r' || c == '{') return false;
            if (c == '}') { close = i; break; }
        }
        if (close < 0) return false;
        var inner = text.AsSpan(start + 1, close - start - 1);
        int bar = inner.IndexOf('|');
        if (bar <= 0) return false; // not ruby: no base or no '|'
        var baseText = inner[..bar].ToString();
        var readings = inner[(bar + 1)..].ToString().Split('|');
        if (readings.Length > 1 && readings.Length != CountRunes(baseText))
        {
            // Per-character readings that do not match the base: treat as group ruby.
            readings = [string.Concat(readings)];
        }
        Emit(processor, start, close, baseText, readings, RubySyntax.Denden);
        slice.Start = close + 1;
        return true;
    }

    private static bool MatchAozoraExplicit(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        int start = slice.Start;
        int open = -1;
        for (int i = start + 1; i <= slice.End && i - start < MaxLength; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r' || c == '｜') return false;
            if (c == '《') { open = i; break; }
        }
        if (open < 0) return false;
        int close = FindReadingEnd(text, open, slice.End);
        if (close < 0) return false;
        var baseText = text.Substring(start + 1, open - start - 1);
        if (baseText.Length == 0) return false;
        var reading = text.Substring(open + 1, close - open - 1);
        Emit(processor, start, close, baseText, [reading], RubySyntax.AozoraExplicit);
        slice.Start = close + 1;
        return true;
    }

    private static bool MatchAozoraImplicit(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        int open = slice.Start;
        int close = FindReadingEnd(text, open, slice.End);
        if (close < 0) return false;
        if (processor.Inline is not LiteralInline literal) return false;
        // The base is the run of kanji at the end of the preceding literal.
        var content = literal.Content;
        if (content.End + 1 != open) return false;
        int baseStart = content.End + 1;
        while (baseStart > content.Start)
        {
            int prev = baseStart - 1;
            int cp;
            int width = 1;
            if (char.IsLowSurrogate(text[prev]) && prev - 1 >= content.Start && char.IsHighSurrogate(text[prev - 1]))
            {
                cp = char.ConvertToUtf32(text[prev - 1], text[prev]);
                width = 2;
            }
            else
            {
                cp = text[prev];
            }
            if (!IsKanjiForRuby(cp)) break;
            baseStart -= width;
        }
        if (baseStart > content.End) return false; // no kanji before 《: plain text
        var baseText = text.Substring(baseStart, open - baseStart);
        var reading = text.Substring(open + 1, close - open - 1);
        // Shrink (or remove) the literal.
        if (baseStart == content.Start)
        {
            literal.Remove();
        }
        else
        {
            literal.Content = new StringSlice(text, content.Start, baseStart - 1);
            literal.Span = new SourceSpan(literal.Span.Start, literal.Span.Start + (baseStart - content.Start) - 1);
        }
        Emit(processor, baseStart, close, baseText, [reading], RubySyntax.AozoraImplicit);
        slice.Start = close + 1;
        return true;
    }

    private static int FindReadingEnd(string text, int open, int end)
    {
        for (int i = open + 1; i <= end && i - open < MaxLength; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r' || c == '《') return -1;
            if (c == '》') return i;
        }
        return -1;
    }

    private static void Emit(InlineProcessor processor, int start, int close, string baseText, string[] readings, RubySyntax syntax)
    {
        var sourceStart = processor.GetSourcePosition(start, out int line, out int column);
        processor.Inline = new RubyInline
        {
            Base = baseText,
            Readings = readings,
            Syntax = syntax,
            Span = new SourceSpan(sourceStart, sourceStart + (close - start)),
            Line = line,
            Column = column,
        };
    }

    private static int CountRunes(string s)
    {
        int n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    /// <summary>Kanji (CJK ideographs in every plane) and the marks Aozora treats as kanji for ruby: 々 〆 〇 ヶ ヵ.</summary>
    internal static bool IsKanjiForRuby(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF
            or >= 0x3400 and <= 0x4DBF
            or >= 0xF900 and <= 0xFAFF
            or >= 0x20000 and <= 0x3FFFF
            or 0x3005 or 0x3006 or 0x3007 or 0x30F6 or 0x30F5;
}
