using Markdig.Helpers;
using Markdig.Parsers;
using Markdig.Syntax;

namespace Sendai.Cbt.Markdown.Extensions.Cloze;

/// <summary>Parses <c>[[...]]</c> blanks (one line, at most 500 characters).</summary>
internal sealed class ClozeBlankParser : InlineParser
{
    private const int MaxLength = 500;

    public ClozeBlankParser()
    {
        OpeningCharacters = ['['];
    }

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        var text = slice.Text;
        int start = slice.Start;
        if (start + 1 > slice.End || text[start + 1] != '[') return false;
        int close = -1;
        for (int i = start + 2; i < slice.End && i - start < MaxLength; i++)
        {
            char c = text[i];
            if (c == '\n' || c == '\r') return false;
            if (c == ']' && text[i + 1] == ']') { close = i; break; }
        }
        if (close < 0) return false;
        var sourceStart = processor.GetSourcePosition(start, out int line, out int column);
        processor.Inline = new ClozeBlankInline
        {
            Raw = text.Substring(start + 2, close - start - 2),
            Span = new SourceSpan(sourceStart, sourceStart + (close + 1 - start)),
            Line = line,
            Column = column,
        };
        slice.Start = close + 2;
        return true;
    }
}
