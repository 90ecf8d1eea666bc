using System.Text;
using System.Xml.Linq;

namespace Sendai.Cbt.Markdown.Extensions.Math;

/// <summary>
/// A small TeX → MathML converter for school formulas: numbers, variables, + − × ÷ = &lt; &gt; ≤ ≥ ≠ ±, parentheses,
/// <c>\frac{a}{b}</c>, <c>^</c>, <c>_</c>, <c>\sqrt{x}</c>, <c>\sqrt[n]{x}</c>, <c>\left( \right)</c>, <c>\pi</c>, <c>\circ</c>,
/// <c>\begin{cases} … \end{cases}</c>.
/// Anything else makes <see cref="TryConvert"/> return null so that the caller keeps the TeX as text.
/// The TeX source is kept as an <c>annotation encoding="application/x-tex"</c> so the import restores it exactly.
/// </summary>
/// <remarks>
/// The parser builds a light tree of <see cref="MNode"/>s; <see cref="TryConvert"/> turns it into an
/// <see cref="XElement"/> for QTI, <see cref="TryConvertToString"/> writes the same markup straight to text for
/// HTML (serialising through XElement cost about 10 µs per formula, most of an item's rendering time).
/// </remarks>
internal static class TexToMathMl
{
    /// <summary>The MathML namespace.</summary>
    public static readonly XNamespace MathMl = "http://www.w3.org/1998/Math/MathML";

    private static XName M(string n) => MathMl + n;

    /// <summary>One MathML element: a name, at most one attribute, and either text or child elements.</summary>
    private sealed class MNode(string name)
    {
        public string Name { get; } = name;
        public string? Text { get; init; }
        public List<MNode>? Children { get; init; }
        public (string Name, string Value)? Attribute { get; set; }

        public MNode(string name, string text) : this(name) => Text = text;

        public MNode(string name, params MNode[] children) : this(name) => Children = [.. children];

        public XElement ToXElement()
        {
            var e = new XElement(M(Name));
            if (Attribute is { } a) e.SetAttributeValue(a.Name, a.Value);
            if (Text is not null) e.Add(Text);
            if (Children is not null) foreach (var c in Children) e.Add(c.ToXElement());
            return e;
        }

        /// <summary>Writes what <c>ToXElement().ToString(SaveOptions.DisableFormatting)</c> gives, namespace on the root.</summary>
        public void Write(StringBuilder sb, bool root)
        {
            sb.Append('<').Append(Name);
            if (Attribute is { } a) AppendEscaped(sb.Append(' ').Append(a.Name).Append("=\""), a.Value, attribute: true).Append('"');
            if (root) sb.Append(" xmlns=\"").Append(MathMl.NamespaceName).Append('"');
            if (Text is null && (Children is null || Children.Count == 0))
            {
                sb.Append(" />");
                return;
            }
            sb.Append('>');
            if (Text is not null) AppendEscaped(sb, Text, attribute: false);
            if (Children is not null) foreach (var c in Children) c.Write(sb, root: false);
            sb.Append("</").Append(Name).Append('>');
        }

        private static StringBuilder AppendEscaped(StringBuilder sb, string text, bool attribute)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                switch (c)
                {
                    case '&': sb.Append("&amp;"); break;
                    case '<': sb.Append("&lt;"); break;
                    case '>': sb.Append("&gt;"); break;
                    case '"' when attribute: sb.Append("&quot;"); break;
                    case '\n' when attribute: sb.Append("&#xA;"); break;
                    case '\r' when attribute: sb.Append("&#xD;"); break;
                    case '\t' when attribute: sb.Append("&#x9;"); break;
                    case '\r':
                        // Text: CR LF and lone CR become the writer's new line, as XmlWriter does on Linux.
                        if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                        sb.Append('\n');
                        break;
                    default: sb.Append(c); break;
                }
            }
            return sb;
        }
    }

    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["\\times"] = "×", ["\\div"] = "÷", ["\\cdot"] = "·", ["\\pm"] = "±", ["\\le"] = "≤", ["\\leq"] = "≤", ["\\ge"] = "≥",
        ["\\geq"] = "≥", ["\\neq"] = "≠", ["\\ne"] = "≠", ["\\fallingdotseq"] = "≒", ["\\approx"] = "≈", ["\\cdots"] = "⋯", ["\\ldots"] = "…",
    };

    private static readonly Dictionary<string, string> Identifiers = new(StringComparer.Ordinal)
    {
        ["\\pi"] = "π", ["\\alpha"] = "α", ["\\beta"] = "β", ["\\theta"] = "θ", ["\\circ"] = "∘",
    };

    /// <summary>Converts <paramref name="tex"/>; null when it uses anything outside the subset.</summary>
    public static XElement? TryConvert(string tex, bool display) => Convert(tex, display)?.ToXElement();

    /// <summary>
    /// Converts <paramref name="tex"/> to MathML markup, the same text as
    /// <c>TryConvert(tex, display)?.ToString(SaveOptions.DisableFormatting)</c>; null when it uses anything outside the subset.
    /// </summary>
    public static string? TryConvertToString(string tex, bool display)
    {
        var math = Convert(tex, display);
        if (math is null) return null;
        var sb = new StringBuilder(64 + tex.Length * 24);
        math.Write(sb, root: true);
        return sb.ToString();
    }

    private static MNode? Convert(string tex, bool display)
    {
        if (tex.Length > 2000) return null;
        var p = new Parser(tex);
        List<MNode>? row;
        try { row = p.Row(endBrace: false); }
        catch (FormatException) { return null; }
        if (row is null || !p.AtEnd) return null;
        var math = new MNode("math",
            new MNode("semantics",
                new MNode("mrow") { Children = row },
                new MNode("annotation", tex) { Attribute = ("encoding", "application/x-tex") }));
        if (display) math.Attribute = ("display", "block");
        return math;
    }

    private sealed class Parser(string s)
    {
        private int _i;
        private int _depth;
        public bool AtEnd { get { SkipSpaces(); return _i >= s.Length; } }

        private void SkipSpaces() { while (_i < s.Length && (s[_i] == ' ' || s[_i] == '\n' || s[_i] == '\t')) _i++; }

        public List<MNode>? Row(bool endBrace, bool inCell = false)
        {
            if (++_depth > 50) throw new FormatException();
            var items = new List<MNode>();
            while (true)
            {
                SkipSpaces();
                if (_i >= s.Length) { if (endBrace || inCell) throw new FormatException(); break; }
                if (s[_i] == '}') { if (!endBrace) throw new FormatException(); _i++; break; }
                // Inside \begin{cases}: a cell ends at '&', at a row break '\\' or at \end.
                if (inCell && !endBrace && (s[_i] == '&' || At("\\\\") || At("\\end"))) break;
                var atom = Atom();
                if (atom is null) throw new FormatException();
                SkipSpaces();
                // Scripts.
                MNode? sub = null, sup = null;
                while (_i < s.Length && (s[_i] == '^' || s[_i] == '_'))
                {
                    char c = s[_i++];
                    var arg = Argument() ?? throw new FormatException();
                    if (c == '^') { if (sup is not null) throw new FormatException(); sup = arg; }
                    else { if (sub is not null) throw new FormatException(); sub = arg; }
                    SkipSpaces();
                }
                if (sub is not null && sup is not null) atom = new MNode("msubsup", atom, sub, sup);
                else if (sup is not null) atom = new MNode("msup", atom, sup);
                else if (sub is not null) atom = new MNode("msub", atom, sub);
                items.Add(atom);
            }
            _depth--;
            return items;
        }

        private MNode? Argument()
        {
            SkipSpaces();
            if (_i >= s.Length) return null;
            if (s[_i] == '{') { _i++; return Wrap(Row(endBrace: true)!); }
            // A single digit or letter, or one command.
            if (char.IsAsciiDigit(s[_i])) return new MNode("mn", s[_i++].ToString());
            return Atom();
        }

        private bool At(string text) => string.CompareOrdinal(s, _i, text, 0, text.Length) == 0;

        /// <summary>
        /// <c>\begin{cases} a &amp; b \\ c \end{cases}</c> (連立方程式, 場合分け): a left brace before a table whose
        /// rows are separated by <c>\\</c> and cells by <c>&amp;</c>. Other environments are outside the subset.
        /// </summary>
        private MNode Cases()
        {
            SkipSpaces();
            if (!At("{cases}")) throw new FormatException();
            _i += "{cases}".Length;
            var rows = new List<MNode>();
            while (true)
            {
                var cells = new List<MNode>();
                while (true)
                {
                    var cell = Row(endBrace: false, inCell: true) ?? throw new FormatException();
                    cells.Add(new MNode("mtd") { Children = cell });
                    if (_i < s.Length && s[_i] == '&') { _i++; continue; }
                    break;
                }
                bool empty = cells.Count == 1 && cells[0].Children!.Count == 0;
                if (At("\\\\"))
                {
                    _i += 2;
                    rows.Add(new MNode("mtr") { Children = cells });
                    continue;
                }
                if (!At("\\end")) throw new FormatException();
                _i += "\\end".Length;
                SkipSpaces();
                if (!At("{cases}")) throw new FormatException();
                _i += "{cases}".Length;
                if (!empty) rows.Add(new MNode("mtr") { Children = cells }); // a trailing \\ adds no row
                break;
            }
            if (rows.Count == 0) throw new FormatException();
            // The brace is sized to the rows: stretching it needs an OpenType MATH font, which school devices may lack.
            var brace = new MNode("mo", "{") { Attribute = ("mathsize", System.Math.Min(rows.Count, 6).ToString(System.Globalization.CultureInfo.InvariantCulture) + "00%") };
            return new MNode("mrow", brace, new MNode("mtable") { Attribute = ("columnalign", "left"), Children = rows });
        }

        private static MNode Wrap(List<MNode> row) => row.Count == 1 ? row[0] : new MNode("mrow") { Children = row };

        private MNode? Atom()
        {
            char c = s[_i];
            if (char.IsAsciiDigit(c) || (c == '.' && _i + 1 < s.Length && char.IsAsciiDigit(s[_i + 1])))
            {
                int start = _i;
                while (_i < s.Length && (char.IsAsciiDigit(s[_i]) || (s[_i] == '.' && _i + 1 < s.Length && char.IsAsciiDigit(s[_i + 1])))) _i++;
                return new MNode("mn", s[start.._i]);
            }
            if (char.IsAsciiLetter(c)) { _i++; return new MNode("mi", c.ToString()); }
            if (c == '{') { _i++; return Wrap(Row(endBrace: true)!); }
            if ("+-=<>(),|!:;/[]".Contains(c))
            {
                _i++;
                var text = c == '-' ? "−" : c.ToString();
                return new MNode("mo", text);
            }
            if (c == '\\')
            {
                int start = _i++;
                if (_i < s.Length && !char.IsAsciiLetter(s[_i]))
                {
                    char e = s[_i++];
                    return e switch
                    {
                        ',' or ';' or ' ' or '!' => new MNode("mspace") { Attribute = ("width", "0.2em") },
                        '{' or '}' or '%' or '$' => new MNode("mo", e.ToString()),
                        _ => null,
                    };
                }
                while (_i < s.Length && char.IsAsciiLetter(s[_i])) _i++;
                var cmd = s[start.._i];
                if (Operators.TryGetValue(cmd, out var op)) return new MNode("mo", op);
                if (Identifiers.TryGetValue(cmd, out var id)) return new MNode("mi", id);
                switch (cmd)
                {
                    case "\\frac":
                    case "\\dfrac":
                    case "\\tfrac":
                        {
                            var num = Argument() ?? throw new FormatException();
                            var den = Argument() ?? throw new FormatException();
                            return new MNode("mfrac", num, den);
                        }
                    case "\\sqrt":
                        {
                            SkipSpaces();
                            if (_i < s.Length && s[_i] == '[')
                            {
                                int close = s.IndexOf(']', _i);
                                if (close < 0) throw new FormatException();
                                var inner = new Parser(s[(_i + 1)..close]);
                                var idx = inner.Row(false) ?? throw new FormatException();
                                if (!inner.AtEnd) throw new FormatException();
                                _i = close + 1;
                                var radicand = Argument() ?? throw new FormatException();
                                return new MNode("mroot", radicand, Wrap(idx));
                            }
                            var arg = Argument() ?? throw new FormatException();
                            return new MNode("msqrt", arg);
                        }
                    case "\\begin":
                        return Cases();
                    case "\\left":
                    case "\\right":
                        {
                            SkipSpaces();
                            if (_i >= s.Length) throw new FormatException();
                            char d = s[_i++];
                            if (!"()[]|.".Contains(d)) throw new FormatException();
                            return d == '.' ? new MNode("mrow") : new MNode("mo", d.ToString());
                        }
                    default:
                        return null;
                }
            }
            // Japanese text and other characters: mtext for letters, else fail.
            if (c > 0x2E7F && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF')) { _i++; return new MNode("mtext", c.ToString()); }
            return null;
        }
    }
}
