namespace Sendai.Cbt.Markdown.Extensions.Math;

/// <summary>
/// TeX that must not reach a math renderer in the page. TeX outside the MathML subset is written as
/// <c>\(…\)</c> for pages that load MathJax or KaTeX, and some of their commands make links
/// (<c>\href</c>, which can be <c>javascript:</c>), set styles, classes and ids (a full-page overlay that
/// shows a fake answer), draw or move boxes over the page (<c>\rule</c>, <c>\rlap</c>, <c>\kern</c>), load extensions
/// or images, or define macros that could hide any of these.
/// The parser reports them (CBT0032); the renderer writes such TeX as plain text.
/// </summary>
internal static class TexPolicy
{
    private static readonly HashSet<string> Disallowed = new(StringComparer.Ordinal)
    {
        // links and URLs
        "href", "url", "includegraphics",
        // styles, classes, ids, attributes
        "style", "class", "cssId", "htmlClass", "htmlId", "htmlStyle", "htmlData", "data", "bbox", "mmlToken",
        // extensions, interaction, fonts
        "require", "unicode", "toggle", "mathtip", "texttip", "action",
        // boxes and spacing that can cover or displace the page (school TeX spaces with \, \: \; \quad \qquad)
        "rule", "rlap", "llap", "clap", "mathrlap", "mathllap", "mathclap", "raise", "lower", "moveleft", "moveright", "raisebox",
        "kern", "mkern", "hskip", "mskip", "vskip", "hspace", "vspace",
        // macros and TeX primitives that could assemble any of the above
        "def", "gdef", "edef", "xdef", "let", "futurelet", "newcommand", "renewcommand", "providecommand",
        "newenvironment", "renewenvironment", "DeclareMathOperator", "csname", "endcsname", "expandafter",
        "catcode", "input", "include", "write", "immediate", "openout",
    };

    /// <summary>The first disallowed command in <paramref name="tex"/> (without its backslash), or null.</summary>
    public static string? FindDisallowed(ReadOnlySpan<char> tex)
    {
        int i = tex.IndexOf('\\');
        while (i >= 0 && i + 1 < tex.Length)
        {
            int start = i + 1;
            int end = start;
            while (end < tex.Length && char.IsAsciiLetter(tex[end])) end++;
            if (end > start)
            {
                var name = tex[start..end].ToString();
                if (Disallowed.Contains(name)) return name;
            }
            // A control symbol such as \\ or \{ is skipped whole, so "\\href" (a line break, then text) is not a command.
            int next = end > start ? end : start + 1;
            if (next >= tex.Length) break;
            int rel = tex[next..].IndexOf('\\');
            i = rel < 0 ? -1 : next + rel;
        }
        return null;
    }
}
