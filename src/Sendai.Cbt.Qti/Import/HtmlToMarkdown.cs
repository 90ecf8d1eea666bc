using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti.Import;

/// <summary>
/// Converts QTI XHTML content (3.0 names) back to item Markdown: the inverse of the export's XhtmlWriter for
/// everything it writes, and a best effort for other XHTML. Elements without a Markdown form are reported
/// through <see cref="Unsupported"/> (their text is kept).
/// </summary>
internal sealed class HtmlToMarkdown
{
    private static XName H(string n) => QtiXml.V3 + n;

    /// <summary>Called for QTI elements inside content (interactions); returns the Markdown to put in their place, or null to report them.</summary>
    public Func<XElement, string?>? Special { get; init; }

    /// <summary>Receives (element name, what happened) for content that has no Markdown form.</summary>
    public required Action<string, string> Unsupported { get; init; }

    private static readonly HashSet<string> BlockNames = ["p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "figure", "section", "article", "aside", "header", "footer", "nav", "dl", "address", "center"];

    public static bool IsBlock(XElement e) =>
        (e.Name.Namespace == QtiXml.V3 && (BlockNames.Contains(e.Name.LocalName) || IsBlockInteraction(e.Name.LocalName) || e.Name.LocalName == "qti-rubric-block"))
        || (e.Name == QtiXml.MathMl + "math" && e.Attribute("display")?.Value == "block" && e.Parent?.Name == H("div") && e.Parent.Elements().Count() == 1 && !e.Parent.Nodes().OfType<XText>().Any(t => t.Value.Trim().Length > 0));

    public static bool IsBlockInteraction(string local) => local.StartsWith("qti-", StringComparison.Ordinal) && local.EndsWith("-interaction", StringComparison.Ordinal)
        && local is not ("qti-text-entry-interaction" or "qti-inline-choice-interaction" or "qti-end-attempt-interaction");

    /// <summary>Converts the children of a flow container into Markdown blocks separated by blank lines.</summary>
    public string Blocks(IEnumerable<XNode> nodes)
    {
        var blocks = new List<string>();
        var inline = new List<XNode>();
        void Flush()
        {
            if (inline.Count == 0) return;
            var text = Inlines(inline).Trim();
            if (text.Length > 0) blocks.Add(text);
            inline.Clear();
        }
        foreach (var n in nodes)
        {
            if (n is XElement e && IsBlock(e)) { Flush(); var b = Block(e); if (b.Trim().Length > 0) blocks.Add(b.TrimEnd()); }
            else if (n is XElement d && d.Name == H("div")) { Flush(); var b = Block(d); if (b.Trim().Length > 0) blocks.Add(b.TrimEnd()); }
            else inline.Add(n);
        }
        Flush();
        return string.Join("\n\n", blocks);
    }

    private string Block(XElement e)
    {
        var local = e.Name.LocalName;
        if (e.Name.Namespace != QtiXml.V3) return Inlines([e]);
        switch (local)
        {
            case "p": return Inlines(e.Nodes());
            case "h1": case "h2": case "h3": case "h4": case "h5": case "h6":
                return new string('#', local[1] - '0') + " " + Inlines(e.Nodes()).Replace("\n", " ", StringComparison.Ordinal);
            case "hr": return "***";
            case "pre":
                {
                    var code = e.Element(H("code"));
                    var text = (code ?? e).Value;
                    var lang = code?.Attribute("class")?.Value.Split(' ').FirstOrDefault(c => c.StartsWith("language-", StringComparison.Ordinal))?["language-".Length..] ?? "";
                    int longest = 0, run = 0;
                    foreach (var ch in text) { run = ch == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
                    var fence = new string('`', Math.Max(3, longest + 1));
                    return fence + lang + "\n" + (text.EndsWith('\n') ? text : text + "\n") + fence;
                }
            case "blockquote":
                return string.Join("\n", Blocks(e.Nodes()).Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
            case "ul":
            case "ol":
                return List(e);
            case "table":
                return Table(e);
            case "div":
                {
                    var cls = e.Attribute("class")?.Value ?? "";
                    var onlyMath = e.Elements().ToList();
                    if (onlyMath.Count == 1 && onlyMath[0].Name == QtiXml.MathMl + "math" && !e.Nodes().OfType<XText>().Any(t => t.Value.Trim().Length > 0))
                        return "$$\n" + MathTex(onlyMath[0], out _) + "\n$$";
                    if (onlyMath.Count == 1 && onlyMath[0].Name == H("span") && (onlyMath[0].Attribute("class")?.Value ?? "").Contains("cbt-math-display", StringComparison.Ordinal)
                        && !e.Nodes().OfType<XText>().Any(t => t.Value.Trim().Length > 0))
                        return "$$\n" + onlyMath[0].Value.Trim('\n') + "\n$$";
                    if (cls.Contains("cbt-container-", StringComparison.Ordinal))
                    {
                        var name = cls.Split(' ').First(c => c.StartsWith("cbt-container-", StringComparison.Ordinal))["cbt-container-".Length..];
                        return "::: " + name + "\n" + Blocks(e.Nodes()) + "\n:::";
                    }
                    if (cls.Contains("qti-writing-mode-vertical-rl", StringComparison.Ordinal)) return Blocks(e.Nodes());
                    return Blocks(e.Nodes());
                }
            default:
                if (IsBlockInteraction(local) || local.StartsWith("qti-", StringComparison.Ordinal))
                {
                    var s = Special?.Invoke(e);
                    if (s is not null) return s;
                    Unsupported(local, "left out");
                    return "";
                }
                // Other block-level XHTML (figure, section, dl...): keep the content.
                if (local is not ("section" or "article" or "figure")) Unsupported(local, "converted to plain paragraphs");
                return Blocks(e.Nodes());
        }
    }

    private string List(XElement list)
    {
        bool ordered = list.Name.LocalName == "ol";
        int start = ordered && int.TryParse(list.Attribute("start")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 1;
        var items = list.Elements(H("li")).ToList();
        bool loose = items.Any(li => li.Elements().Any(c => c.Name == H("p")));
        var sb = new StringBuilder();
        int n = start;
        foreach (var li in items)
        {
            var marker = ordered ? n.ToString(CultureInfo.InvariantCulture) + ". " : "- ";
            var indent = new string(' ', marker.Length);
            var content = Blocks(li.Nodes());
            if (!loose) content = content.Replace("\n\n", "\n", StringComparison.Ordinal);
            var lines = content.Split('\n');
            sb.Append(marker).Append(lines[0]).Append('\n');
            foreach (var l in lines.Skip(1)) sb.Append(l.Length == 0 ? "" : indent + l).Append('\n');
            if (loose) sb.Append('\n');
            n++;
        }
        foreach (var other in list.Elements().Where(e => e.Name != H("li"))) Unsupported(other.Name.LocalName, "inside a list; left out");
        return sb.ToString().TrimEnd();
    }

    private string Table(XElement table)
    {
        var rows = table.Descendants(H("tr")).Where(r => r.Ancestors(H("table")).First() == table).ToList();
        if (rows.Count == 0) return "";
        var cells = rows.Select(r => r.Elements().Where(c => c.Name == H("td") || c.Name == H("th")).ToList()).ToList();
        int cols = cells.Max(c => c.Count);
        var header = cells[0];
        bool hasHeader = header.All(c => c.Name == H("th"));
        var sb = new StringBuilder();
        void Row(List<XElement> row)
        {
            sb.Append('|');
            for (int i = 0; i < cols; i++)
            {
                var text = i < row.Count ? Inlines(row[i].Nodes()).Replace("\n", " ", StringComparison.Ordinal).Trim() : "";
                sb.Append(' ').Append(text).Append(" |");
            }
            sb.Append('\n');
        }
        if (hasHeader) Row(header); else Row([]);
        sb.Append('|');
        for (int i = 0; i < cols; i++)
        {
            var cls = header.ElementAtOrDefault(i)?.Attribute("class")?.Value ?? "";
            sb.Append(cls.Contains("cbt-align-center", StringComparison.Ordinal) ? " :---: |" : cls.Contains("cbt-align-right", StringComparison.Ordinal) ? " ---: |" : cls.Contains("cbt-align-left", StringComparison.Ordinal) ? " :--- |" : " --- |");
        }
        sb.Append('\n');
        foreach (var row in cells.Skip(hasHeader ? 1 : 0)) Row(row);
        if (cells.Any(r => r.Any(c => c.Attribute("colspan") is not null || c.Attribute("rowspan") is not null))) Unsupported("td", "colspan/rowspan flattened");
        return sb.ToString().TrimEnd();
    }

    /// <summary>Converts inline content.</summary>
    public string Inlines(IEnumerable<XNode> nodes)
    {
        var sb = new StringBuilder();
        foreach (var n in nodes) Inline(n, sb);
        return sb.ToString();
    }

    private void Inline(XNode node, StringBuilder sb)
    {
        switch (node)
        {
            case XText t: sb.Append(Escape(t.Value, sb)); return;
            case XElement e when e.Name.Namespace == QtiXml.MathMl:
                {
                    if (e.Name.LocalName != "math") { Unsupported(e.Name.LocalName, "MathML outside math; text kept"); sb.Append(Escape(e.Value, sb)); return; }
                    var tex = MathTex(e, out bool annotated);
                    bool display = e.Attribute("display")?.Value == "block";
                    if (!annotated && tex.Length == 0) return;
                    sb.Append(display ? "$$" : "$").Append(tex).Append(display ? "$$" : "$");
                    return;
                }
            case XElement e when e.Name.Namespace == QtiXml.V3:
                InlineElement(e, sb);
                return;
            case XElement e:
                Unsupported(e.Name.LocalName, "element from another namespace; text kept");
                sb.Append(Escape(e.Value, sb));
                return;
        }
    }

    private void InlineElement(XElement e, StringBuilder sb)
    {
        var cls = e.Attribute("class")?.Value ?? "";
        switch (e.Name.LocalName)
        {
            case "em": case "i": Wrap(sb, "*", e); return;
            case "strong": case "b": Wrap(sb, "**", e); return;
            case "sub": Wrap(sb, "~", e); return;
            case "sup": Wrap(sb, "^", e); return;
            case "del": case "s": Wrap(sb, "~~", e); return;
            case "ins": Wrap(sb, "++", e); return;
            case "mark": Wrap(sb, "==", e); return;
            case "br": sb.Append("\\\n"); return;
            case "code":
                {
                    var text = e.Value;
                    int longest = 0, run = 0;
                    foreach (var ch in text) { run = ch == '`' ? run + 1 : 0; longest = Math.Max(longest, run); }
                    var ticks = new string('`', longest + 1);
                    var pad = text.StartsWith('`') || text.EndsWith('`') || (text.StartsWith(' ') && text.EndsWith(' ') && text.Trim().Length > 0) ? " " : "";
                    sb.Append(ticks).Append(pad).Append(text).Append(pad).Append(ticks);
                    return;
                }
            case "a":
                {
                    var href = e.Attribute("href")?.Value ?? "";
                    var title = e.Attribute("title")?.Value;
                    var text = Inlines(e.Nodes());
                    sb.Append('[').Append(text).Append("](").Append(Url(href));
                    if (title is not null) sb.Append(" \"").Append(title.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                    sb.Append(')');
                    return;
                }
            case "img":
                {
                    var src = e.Attribute("src")?.Value ?? "";
                    var alt = e.Attribute("alt")?.Value ?? "";
                    var title = e.Attribute("title")?.Value;
                    sb.Append("![").Append(Escape(alt, new StringBuilder())).Append("](").Append(Url(src));
                    if (title is not null) sb.Append(" \"").Append(title.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                    sb.Append(')');
                    return;
                }
            case "ruby": Ruby(e, sb); return;
            case "rt": case "rp": return;
            case "span":
                if (cls.Contains("cbt-math-tex", StringComparison.Ordinal))
                {
                    var d = cls.Contains("cbt-math-display", StringComparison.Ordinal) ? "$$" : "$";
                    sb.Append(d).Append(e.Value).Append(d);
                    return;
                }
                if (cls.Contains("cbt-del", StringComparison.Ordinal)) { Wrap(sb, "~~", e); return; }
                if (cls.Contains("cbt-ins", StringComparison.Ordinal)) { Wrap(sb, "++", e); return; }
                if (cls.Contains("cbt-mark", StringComparison.Ordinal)) { Wrap(sb, "==", e); return; }
                foreach (var n in e.Nodes()) Inline(n, sb);
                return;
            case "abbr": case "acronym": case "cite": case "dfn": case "kbd": case "samp": case "var": case "small": case "big": case "tt": case "q": case "label": case "u": case "bdi": case "bdo": case "wbr":
                if (e.Name.LocalName is "kbd" or "samp" or "tt") { sb.Append('`').Append(e.Value.Replace("`", "", StringComparison.Ordinal)).Append('`'); return; }
                foreach (var n in e.Nodes()) Inline(n, sb);
                return;
            default:
                {
                    var special = Special?.Invoke(e);
                    if (special is not null) { sb.Append(special); return; }
                    if (IsBlock(e) || e.Name.LocalName == "div") { sb.Append(Blocks(e.Nodes()).Replace("\n\n", "\n", StringComparison.Ordinal)); return; }
                    Unsupported(e.Name.LocalName, "no Markdown form; its text is kept");
                    sb.Append(Escape(e.Value, sb));
                    return;
                }
        }
    }

    private void Wrap(StringBuilder sb, string delimiter, XElement e)
    {
        var inner = Inlines(e.Nodes());
        if (inner.Trim().Length == 0) { sb.Append(inner); return; }
        sb.Append(delimiter).Append(inner).Append(delimiter);
    }

    private void Ruby(XElement ruby, StringBuilder sb)
    {
        // Pairs of (base, reading): text/rb followed by rt.
        var bases = new List<string>();
        var readings = new List<string>();
        var current = new StringBuilder();
        foreach (var n in ruby.Nodes())
        {
            switch (n)
            {
                case XText t: current.Append(t.Value); break;
                case XElement e when e.Name == H("rb"): current.Append(e.Value); break;
                case XElement e when e.Name == H("rt"):
                    bases.Add(current.ToString().Trim()); current.Clear(); readings.Add(e.Value.Trim()); break;
                case XElement e when e.Name == H("rp"): break;
                case XElement e: current.Append(e.Value); break;
            }
        }
        var tail = current.ToString().Trim();
        if (bases.Count == 0) { sb.Append(Escape(ruby.Value, sb)); return; }
        if (tail.Length > 0) bases[^1] += tail;
        bool mono = bases.Count > 1 && bases.All(b => Export.XhtmlWriter.EnumerateScalars(b).Count() == 1) && readings.All(r => r.Length > 0);
        if (mono)
        {
            sb.Append('{').Append(RubyText(string.Concat(bases)));
            foreach (var r in readings) sb.Append('|').Append(RubyText(r));
            sb.Append('}');
            return;
        }
        for (int i = 0; i < bases.Count; i++)
        {
            if (bases[i].Length == 0) { sb.Append(Escape(readings[i], sb)); continue; }
            sb.Append('{').Append(RubyText(bases[i])).Append('|').Append(RubyText(readings[i])).Append('}');
        }
    }

    private static string RubyText(string s) => s.Replace("|", "｜", StringComparison.Ordinal).Replace("{", "｛", StringComparison.Ordinal).Replace("}", "｝", StringComparison.Ordinal);

    /// <summary>The TeX of a math element: its x-tex annotation, or a plain-text rendering (reported).</summary>
    public string MathTex(XElement math, out bool annotated)
    {
        var ann = math.Descendants(QtiXml.MathMl + "annotation").FirstOrDefault(a => (a.Attribute("encoding")?.Value ?? "").Contains("tex", StringComparison.OrdinalIgnoreCase));
        if (ann is not null) { annotated = true; return ann.Value.Trim(); }
        annotated = false;
        Unsupported("math", "MathML without a TeX annotation is kept as its text content");
        return MathText(math).Trim();
    }

    private static string MathText(XElement e)
    {
        switch (e.Name.LocalName)
        {
            case "mfrac":
                {
                    var k = e.Elements().ToList();
                    return k.Count == 2 ? $"\\frac{{{MathText(k[0])}}}{{{MathText(k[1])}}}" : string.Concat(k.Select(MathText));
                }
            case "msup":
                {
                    var k = e.Elements().ToList();
                    return k.Count == 2 ? $"{MathText(k[0])}^{{{MathText(k[1])}}}" : string.Concat(k.Select(MathText));
                }
            case "msub":
                {
                    var k = e.Elements().ToList();
                    return k.Count == 2 ? $"{MathText(k[0])}_{{{MathText(k[1])}}}" : string.Concat(k.Select(MathText));
                }
            case "msqrt": return $"\\sqrt{{{string.Concat(e.Elements().Select(MathText))}}}";
            case "mo":
                return e.Value.Trim() switch { "×" => "\\times ", "÷" => "\\div ", "−" => "-", "≤" => "\\le ", "≥" => "\\ge ", "≠" => "\\neq ", var v => v };
            case "mi": case "mn": case "mtext": return e.Value.Trim();
            case "annotation": case "annotation-xml": return "";
            default: return string.Concat(e.Elements().Select(MathText));
        }
    }

    private static string Url(string url)
    {
        if (url.Length == 0) return "<>";
        if (url.Any(c => c is ' ' or '(' or ')' or '<' or '>')) return "<" + url.Replace("<", "%3C", StringComparison.Ordinal).Replace(">", "%3E", StringComparison.Ordinal) + ">";
        return url;
    }

    /// <summary>Escapes text so that it reads back as the same text: ASCII punctuation that Markdown (or our extensions) would interpret.</summary>
    internal static string Escape(string text, StringBuilder before)
    {
        var sb = new StringBuilder(text.Length + 8);
        bool atLineStart = before.Length == 0 || before[^1] == '\n';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r') continue;
            if (c == '\n') { sb.Append('\n'); atLineStart = true; continue; }
            if (atLineStart && (c == ' ' || c == '\t'))
            {
                // Leading spaces would start code blocks or be dropped: use U+00A0? Keep but not more than 3.
                continue;
            }
            if (atLineStart)
            {
                if (c is '-' or '+' or '#' or '>' or '=' || (c == ':' && text.AsSpan(i).StartsWith(":::")))
                {
                    sb.Append('\\').Append(c);
                    atLineStart = false;
                    continue;
                }
                if (char.IsAsciiDigit(c))
                {
                    int j = i;
                    while (j < text.Length && char.IsAsciiDigit(text[j])) j++;
                    sb.Append(text, i, j - i);
                    if (j < text.Length && text[j] is '.' or ')') { sb.Append('\\').Append(text[j]); j++; }
                    i = j - 1;
                    atLineStart = false;
                    continue;
                }
            }
            atLineStart = false;
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '$' or '~' or '^' or '|' or '{' or '}' or '!' or '&')
            {
                sb.Append('\\').Append(c);
                continue;
            }
            if ((c == '=' || c == '+') && ((i + 1 < text.Length && text[i + 1] == c) || (i > 0 && text[i - 1] == c)))
            {
                sb.Append('\\').Append(c);
                continue;
            }
            sb.Append(c);
        }
        // Trailing spaces before a newline would make a hard break.
        return sb.ToString();
    }
}
