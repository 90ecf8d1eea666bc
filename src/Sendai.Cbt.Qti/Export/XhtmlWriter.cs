using System.Text;
using System.Xml.Linq;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Extensions.Ruby;
using Sendai.Cbt.Qti.Xml;
using Sendai.Cbt.Markdown.Extensions.Math;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Qti.Export;

/// <summary>
/// Renders item Markdown (parsed with the same pipeline as the item parser) into XHTML elements in the QTI 3.0
/// namespace: ruby as ruby/rp/rt, math as MathML (or TeX text with a diagnostic), cloze blanks through a callback.
/// Instances are per item (they collect diagnostics and media references); not thread-safe.
/// </summary>
internal sealed class XhtmlWriter(string file, List<Diagnostic> diagnostics, Func<ClozeBlankInline, XElement>? blank = null)
{
    private static XName H(string n) => QtiXml.V3 + n;

    /// <summary>Relative image URLs seen while rendering (for media packaging).</summary>
    public List<string> Media { get; } = [];

    /// <summary>Renders Markdown as a sequence of block elements.</summary>
    public List<XNode> Blocks(string markdown)
    {
        var doc = Markdig.Markdown.Parse(markdown ?? "", CbtPipeline.Instance);
        var result = new List<XNode>();
        foreach (var b in doc) result.AddRange(Block(b, tight: false));
        return result;
    }

    /// <summary>Renders one line of Markdown (a choice, an entry) as inline content; several paragraphs become blocks.</summary>
    public List<XNode> Inline(string markdown)
    {
        var doc = Markdig.Markdown.Parse(markdown ?? "", CbtPipeline.Instance);
        if (doc.Count == 1 && doc[0] is ParagraphBlock p) return Inlines(p.Inline);
        if (doc.Count == 0) return [];
        var result = new List<XNode>();
        foreach (var b in doc) result.AddRange(Block(b, tight: false));
        return result;
    }

    private IEnumerable<XNode> Block(Block block, bool tight)
    {
        switch (block)
        {
            // Item bodies are what students see: answer content nested where the parser would not allow it
            // (items built in code) is left out, as in the HTML student view.
            case var hidden when KeyContent.IsForTeachersOnly(hidden):
                return [];
            case ParagraphBlock p:
                if (tight) return Inlines(p.Inline);
                return [new XElement(H("p"), Inlines(p.Inline))];
            case HeadingBlock h:
                return [new XElement(H("h" + System.Math.Clamp(h.Level, 1, 6)), Inlines(h.Inline))];
            case ThematicBreakBlock:
                return [new XElement(H("hr"))];
            case MathBlock mb:
                return [new XElement(H("div"), Math(mb.Lines.ToString(), display: true))];
            case FencedCodeBlock fc:
                {
                    var code = new XElement(H("code"), fc.Lines.ToString());
                    var info = (fc.Info ?? "").Trim();
                    if (info.Length > 0) code.SetAttributeValue("class", "language-" + info);
                    return [new XElement(H("pre"), code)];
                }
            case CodeBlock cb:
                return [new XElement(H("pre"), new XElement(H("code"), cb.Lines.ToString()))];
            case HtmlBlock hb:
                // Raw HTML is shown as text (as the item parser reports with CBT0023).
                return [new XElement(H("p"), hb.Lines.ToString())];
            case ListBlock list:
                {
                    var el = new XElement(H(list.IsOrdered ? "ol" : "ul"));
                    if (list.IsOrdered && int.TryParse(list.OrderedStart, out var start) && start != 1) el.SetAttributeValue("start", start);
                    foreach (var li in list.OfType<ListItemBlock>())
                    {
                        var item = new XElement(H("li"));
                        foreach (var c in li) item.Add(Block(c, tight: !list.IsLoose));
                        el.Add(item);
                    }
                    return [el];
                }
            case QuoteBlock q:
                return [new XElement(H("blockquote"), q.SelectMany(c => Block(c, false)))];
            case Table t:
                return [TableElement(t)];
            case CustomContainer cc:
                {
                    var div = new XElement(H("div"), new XAttribute("class", "cbt-container cbt-container-" + Sanitize(cc.Info ?? "")));
                    foreach (var c in cc) div.Add(Block(c, false));
                    return [div];
                }
            case LinkReferenceDefinitionGroup:
            case BlankLineBlock:
                return [];
            case ContainerBlock other:
                return other.SelectMany(c => Block(c, tight));
            case LeafBlock leaf:
                return leaf.Inline is null ? [] : [new XElement(H("p"), Inlines(leaf.Inline))];
            default:
                return [];
        }
    }

    private static string Sanitize(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s.Trim()) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_');
        return sb.ToString();
    }

    private XElement TableElement(Table t)
    {
        var table = new XElement(H("table"));
        XElement? thead = null, tbody = null;
        foreach (var row in t.OfType<TableRow>())
        {
            var tr = new XElement(H("tr"));
            int col = 0;
            foreach (var cell in row.OfType<TableCell>())
            {
                var td = new XElement(H(row.IsHeader ? "th" : "td"));
                foreach (var b in cell) td.Add(Block(b, tight: true));
                if (col < t.ColumnDefinitions.Count && t.ColumnDefinitions[col].Alignment is { } align)
                    td.SetAttributeValue("class", "cbt-align-" + align.ToString().ToLowerInvariant());
                tr.Add(td);
                col++;
            }
            if (row.IsHeader) (thead ??= new XElement(H("thead"))).Add(tr);
            else (tbody ??= new XElement(H("tbody"))).Add(tr);
        }
        if (thead is not null) table.Add(thead);
        if (tbody is not null) table.Add(tbody);
        return table;
    }

    private List<XNode> Inlines(ContainerInline? container)
    {
        var result = new List<XNode>();
        if (container is null) return result;
        foreach (var i in container) AddInline(result, i);
        return result;
    }

    private static string AltText(LinkInline image)
    {
        var alt = new StringBuilder();
        foreach (var d in image.Descendants<Inline>())
        {
            if (d is LiteralInline l) alt.Append(l.Content.ToString());
            else if (d is RubyInline r) alt.Append(r.Base);
        }
        return alt.ToString();
    }

    private static void AddText(List<XNode> into, string text)
    {
        if (text.Length == 0) return;
        if (into.Count > 0 && into[^1] is XText prev) prev.Value += text;
        else into.Add(new XText(text));
    }

    private void AddInline(List<XNode> into, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline lit: AddText(into, lit.Content.ToString()); break;
            case HtmlEntityInline ent: AddText(into, ent.Transcoded.ToString()); break;
            case HtmlInline html: AddText(into, html.Tag); break;
            case LineBreakInline br:
                if (br.IsHard) into.Add(new XElement(H("br")));
                else AddText(into, "\n");
                break;
            case CodeInline code: into.Add(new XElement(H("code"), code.Content)); break;
            case TaskList task: AddText(into, task.Checked ? "[x] " : "[ ] "); break;
            case RubyInline ruby: into.Add(Ruby(ruby)); break;
            case MathInline math: into.Add(Math(math.Content.ToString(), display: math.DelimiterCount >= 2)); break;
            case ClozeBlankInline b:
                if (blank is not null) into.Add(blank(b));
                else AddText(into, "[[" + b.Raw + "]]");
                break;
            case AutolinkInline auto:
                var autoUrl = auto.IsEmail ? "mailto:" + auto.Url : auto.Url;
                // Items from packs and front-matter fields are not checked by the parser: the URL rules apply here too.
                if (UrlPolicy.IsAllowed(autoUrl)) into.Add(new XElement(H("a"), new XAttribute("href", autoUrl), auto.Url));
                else AddText(into, auto.Url);
                break;
            case LinkInline link when !UrlPolicy.IsAllowed(link.Url):
                if (link.IsImage) AddText(into, AltText(link));
                else into.AddRange(Inlines(link));
                break;
            case LinkInline link:
                if (link.IsImage)
                {
                    var img = new XElement(H("img"), new XAttribute("src", link.Url ?? ""), new XAttribute("alt", AltText(link)));
                    if (!string.IsNullOrEmpty(link.Title)) img.SetAttributeValue("title", link.Title);
                    if (!string.IsNullOrEmpty(link.Url) && !link.Url.Contains(':') && !link.Url.StartsWith('/')) Media.Add(link.Url);
                    into.Add(img);
                }
                else
                {
                    var a = new XElement(H("a"), new XAttribute("href", link.Url ?? ""), Inlines(link));
                    if (!string.IsNullOrEmpty(link.Title)) a.SetAttributeValue("title", link.Title);
                    into.Add(a);
                }
                break;
            case EmphasisInline em:
                into.Add(Emphasis(em));
                break;
            case ContainerInline c:
                foreach (var x in c) AddInline(into, x);
                break;
            default:
                AddText(into, inline.ToString() ?? "");
                break;
        }
    }

    private XElement Emphasis(EmphasisInline em)
    {
        var content = Inlines(em);
        return (em.DelimiterChar, em.DelimiterCount) switch
        {
            ('*' or '_', 1) => new XElement(H("em"), content),
            ('*' or '_', _) => new XElement(H("strong"), content),
            ('~', 1) => new XElement(H("sub"), content),
            ('~', _) => new XElement(H("span"), new XAttribute("class", "cbt-del"), content),
            ('^', _) => new XElement(H("sup"), content),
            ('+', _) => new XElement(H("span"), new XAttribute("class", "cbt-ins"), content),
            ('=', _) => new XElement(H("span"), new XAttribute("class", "cbt-mark"), content),
            _ => new XElement(H("span"), content),
        };
    }

    private static XElement Ruby(RubyInline ruby)
    {
        var el = new XElement(H("ruby"));
        var chars = EnumerateScalars(ruby.Base).ToList();
        if (ruby.IsMono && chars.Count == ruby.Readings.Count)
        {
            for (int k = 0; k < chars.Count; k++)
            {
                el.Add(new XText(chars[k]), new XElement(H("rp"), "("), new XElement(H("rt"), ruby.Readings[k]), new XElement(H("rp"), ")"));
            }
        }
        else
        {
            el.Add(new XText(ruby.Base), new XElement(H("rp"), "("), new XElement(H("rt"), string.Concat(ruby.Readings)), new XElement(H("rp"), ")"));
        }
        return el;
    }

    internal static IEnumerable<string> EnumerateScalars(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { yield return s.Substring(i, 2); i++; }
            else yield return s[i].ToString();
        }
    }

    private XElement Math(string tex, bool display)
    {
        var mathml = TexToMathMl.TryConvert(tex.Trim(), display);
        if (mathml is not null) return mathml;
        diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMathNotConverted, Severity.Warning, file, 0, 0,
            $"formula '{Shorten(tex)}' is outside the TeX subset converted to MathML; it is kept as TeX text (class cbt-math-tex)"));
        return new XElement(H("span"), new XAttribute("class", display ? "cbt-math-tex cbt-math-display" : "cbt-math-tex"), tex);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
