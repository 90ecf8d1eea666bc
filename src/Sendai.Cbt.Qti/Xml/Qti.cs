using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sendai.Cbt.Qti.Xml;

/// <summary>Namespaces, names and the 3.0 ↔ 2.x name transform. Documents are built with 3.0 names and converted for 2.2.</summary>
internal static partial class QtiXml
{
    public static readonly XNamespace V3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
    public static readonly XNamespace V22 = "http://www.imsglobal.org/xsd/imsqti_v2p2";
    public static readonly XNamespace V21 = "http://www.imsglobal.org/xsd/imsqti_v2p1";
    public static readonly XNamespace V20 = "http://www.imsglobal.org/xsd/imsqti_v2p0";
    public static readonly XNamespace MathMl = "http://www.w3.org/1998/Math/MathML";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    public static readonly XNamespace CpV1p2 = "http://www.imsglobal.org/xsd/imscp_v1p1";
    public static readonly XNamespace CpV3 = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
    public static readonly XNamespace Lom = "http://ltsc.ieee.org/xsd/LOM";
    public static readonly XNamespace ResultV3 = "http://www.imsglobal.org/xsd/imsqti_result_v3p0";
    public static readonly XNamespace ResultV22 = "http://www.imsglobal.org/xsd/imsqti_result_v2p2";

    public const string V3Schema = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd";
    public const string V22Schema = "http://www.imsglobal.org/xsd/qti/qtiv2p2/imsqti_v2p2.xsd";

    public static XName N(string local) => V3 + local;

    /// <summary>True for a QTI ASI namespace of any version we read.</summary>
    public static bool IsQtiNamespace(XNamespace ns) =>
        ns == V3 || ns == V22 || ns == V21 || ns == V20 || ns.NamespaceName == "http://www.imsglobal.org/xsd/imsqti_item_v2p0";

    /// <summary>XHTML elements that keep their names in both flavours.</summary>
    public static readonly HashSet<string> Html = new(StringComparer.Ordinal)
    {
        "a", "abbr", "acronym", "address", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
        "label", "li", "ol", "p", "pre", "q", "rb", "rp", "rt", "ruby", "samp", "section", "small", "span", "strong", "sub", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "ul", "var", "article", "aside", "header", "footer", "nav", "audio",
        "video", "source", "track", "object", "param", "picture", "s", "u", "mark", "del", "ins", "wbr", "center",
    };

    /// <summary>Converts a document built with 3.0 names into the 2.2 flavour (camelCase, no qti-content-body).</summary>
    public static XElement ToV22(XElement e)
    {
        var name = e.Name.Namespace == V3 ? V22 + ToCamel(e.Name.LocalName) : e.Name;
        var result = new XElement(name);
        foreach (var a in e.Attributes())
        {
            if (a.IsNamespaceDeclaration) continue;
            if (e.Name == N("qti-rubric-block") && a.Name.LocalName == "use") continue; // 3.0 only
            var an = a.Name.Namespace == XNamespace.None && e.Name.Namespace == V3 && !a.Name.LocalName.StartsWith("data-", StringComparison.Ordinal)
                ? XName.Get(AttrToCamel(a.Name.LocalName)) : a.Name;
            var value = a.Value;
            if (an.LocalName == "class") value = value.Replace("qti-writing-mode-vertical-rl", "writing-mode-vertical-rl", StringComparison.Ordinal);
            result.SetAttributeValue(an, value);
        }
        foreach (var n in e.Nodes())
        {
            if (n is XElement c)
            {
                if (c.Name == N("qti-content-body")) { foreach (var cc in c.Nodes()) result.Add(cc is XElement ce ? ToV22(ce) : Clone(cc)); }
                else result.Add(ToV22(c));
            }
            else result.Add(Clone(n));
        }
        return result;
    }

    private static XNode Clone(XNode n) => n switch { XText t => new XText(t.Value), XComment c => new XComment(c.Value), _ => n };

    private static string ToCamel(string local)
    {
        if (!local.StartsWith("qti-", StringComparison.Ordinal)) return local;
        return AttrToCamel(local[4..]);
    }

    private static string AttrToCamel(string s)
    {
        if (!s.Contains('-')) return s;
        var sb = new StringBuilder(s.Length);
        bool up = false;
        foreach (var c in s)
        {
            if (c == '-') { up = true; continue; }
            sb.Append(up ? char.ToUpperInvariant(c) : c);
            up = false;
        }
        return sb.ToString();
    }

    /// <summary>Converts a 2.x element tree (any QTI 2 namespace) into 3.0 names so that one reader handles both.</summary>
    public static XElement FromV2(XElement e)
    {
        XName name = e.Name;
        if (IsQtiNamespace(e.Name.Namespace) && e.Name.Namespace != V3)
        {
            var local = e.Name.LocalName;
            name = Html.Contains(local) ? V3 + local : V3 + ("qti-" + Kebab(local));
        }
        var result = new XElement(name);
        foreach (var a in e.Attributes())
        {
            if (a.IsNamespaceDeclaration) continue;
            var an = a.Name.Namespace == XNamespace.None && name.Namespace == V3 && !Html.Contains(name.LocalName) ? XName.Get(Kebab(a.Name.LocalName)) : a.Name;
            var value = a.Value;
            if (an.LocalName == "class") value = VerticalClass().Replace(value, "qti-writing-mode-vertical-rl");
            result.SetAttributeValue(an, value);
        }
        bool rubric = name == N("qti-rubric-block") || name == N("qti-assessment-stimulus") ;
        var children = e.Nodes().Select(n => n is XElement c ? FromV2(c) : Clone(n)).ToList();
        if (name == N("qti-rubric-block") && !children.OfType<XElement>().Any(c => c.Name == N("qti-content-body")))
            result.Add(new XElement(N("qti-content-body"), children));
        else result.Add(children);
        _ = rubric;
        return result;
    }

    [GeneratedRegex(@"(?<![\w-])writing-mode-vertical-rl(?![\w-])")]
    private static partial Regex VerticalClass();

    private static string Kebab(string s)
    {
        var sb = new StringBuilder(s.Length + 4);
        foreach (var c in s)
        {
            if (char.IsAsciiLetterUpper(c)) { sb.Append('-').Append(char.ToLowerInvariant(c)); }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>True when <paramref name="s"/> is a valid QTI identifier (an XML NCName without '.' at the start; we also allow '.').</summary>
    public static bool IsIdentifier(string? s) => s is not null && IdentifierPattern().IsMatch(s);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdentifierPattern();

    /// <summary>A QTI identifier for an item id (item ids may start with a digit; QTI identifiers may not).</summary>
    public static string ItemIdentifier(string id) => char.IsAsciiDigit(id[0]) ? "_" + id : id;

    /// <summary>Reverses <see cref="ItemIdentifier"/> when the identifier is one of ours.</summary>
    public static string ItemIdFromIdentifier(string identifier) =>
        identifier.Length > 1 && identifier[0] == '_' && char.IsAsciiDigit(identifier[1]) ? identifier[1..] : identifier;

    public static string Invariant(decimal d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Invariant(double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
