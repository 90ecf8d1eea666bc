using System.Globalization;
using System.Text;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>Escaping and formatting helpers for the renderer.</summary>
internal static class Html
{
    /// <summary>
    /// Classes (with a leading space) that tell a page's MathJax (3: tex2jax_…, 4: mathjax_…) to leave an element's
    /// text alone: item text such as <c>\(\href{…}{…}\)</c> must not become math. Only our own TeX fallbacks,
    /// marked <see cref="PageMath"/> and checked by <c>TexPolicy</c>, are typeset. (KaTeX's auto-render needs
    /// <c>ignoredClasses</c> set to these; see docs/item-format.md.)
    /// </summary>
    internal const string NoPageMath = " mathjax_ignore tex2jax_ignore";

    /// <summary>Classes that mark TeX for a page's MathJax inside a <see cref="NoPageMath"/> element.</summary>
    internal const string PageMath = "mathjax_process tex2jax_process";

    /// <summary>Escapes text for element content and double- or single-quoted attribute values.</summary>
    public static string Esc(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        AppendEscaped(sb, text);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="text"/> escaped as <see cref="Esc"/> does, without an intermediate string.</summary>
    public static void AppendEscaped(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        var rest = text.AsSpan();
        while (true)
        {
            int i = rest.IndexOfAny("&<>\"'");
            if (i < 0)
            {
                sb.Append(rest);
                return;
            }
            sb.Append(rest[..i]).Append(rest[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            rest = rest[(i + 1)..];
        }
    }

    private static readonly System.Buffers.SearchValues<char> IdChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

    /// <summary>Makes a token safe for id, name and file names: letters, digits, <c>-</c>, <c>_</c>, <c>.</c> stay; anything else becomes <c>_xxxx</c>.</summary>
    public static string IdPart(string text)
    {
        if (text.Length > 0 && !text.AsSpan().ContainsAnyExcept(IdChars)) return text;
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '.') sb.Append(c);
            else if (c == '_') sb.Append("__");
            else sb.Append('_').Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
        }
        return sb.Length == 0 ? "_" : sb.ToString();
    }

    /// <summary>Formats a number the same way everywhere (no culture, no trailing zeros).</summary>
    public static string Num(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>Formats an integer without culture.</summary>
    public static string Num(int value) => value is >= 0 and < 128 ? SmallNumbers[value] : value.ToString(CultureInfo.InvariantCulture);

    private static readonly string[] SmallNumbers = [.. Enumerable.Range(0, 128).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private const string Kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";

    /// <summary>The Japanese choice mark for a 0-based display position: ア, イ, ウ…, then numbers.</summary>
    public static string Mark(int index) => index >= 0 && index < Kana.Length ? KanaMarks[index] : Num(index + 1);

    private static readonly string[] KanaMarks = [.. Kana.Select(c => c.ToString())];

    /// <summary>The 0-based index of a letter label (A → 0), or −1.</summary>
    public static int LetterIndex(string label)
    {
        if (label.Length == 1 && label[0] is >= 'A' and <= 'Z') return label[0] - 'A';
        if (label.Length == 2 && label[0] is >= 'A' and <= 'Z' && label[1] is >= 'A' and <= 'Z') return 26 * (label[0] - 'A' + 1) + (label[1] - 'A');
        return -1;
    }

    /// <summary>The display mark of a letter label (A → ア); other labels are shown as they are.</summary>
    public static string MarkOfLabel(string label)
    {
        int i = LetterIndex(label);
        return i >= 0 ? Mark(i) : label;
    }
}
