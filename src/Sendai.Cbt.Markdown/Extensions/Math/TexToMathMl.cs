using System.Xml.Linq;

namespace Sendai.Cbt.Markdown.Extensions.Math;

/// <summary>
/// A small TeX → MathML converter for school formulas: numbers, variables, + − × ÷ = &lt; &gt; ≤ ≥ ≠ ±, parentheses,
/// <c>\frac{a}{b}</c>, <c>^</c>, <c>_</c>, <c>\sqrt{x}</c>, <c>\sqrt[n]{x}</c>, <c>\left( \right)</c>, <c>\pi</c>, <c>\circ</c>.
/// Anything else makes <see cref="TryConvert"/> return null so that the caller keeps the TeX as text.
/// The TeX source is kept as an <c>annotation encoding="application/x-tex"</c> so the import restores it exactly.
/// </summary>
internal static class TexToMathMl
{
    /// <summary>The MathML namespace.</summary>
    public static readonly XNamespace MathMl = "http://www.w3.org/1998/Math/MathML";

    private static XName M(string n) => MathMl + n;

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
    public static XElement? TryConvert(string tex, bool display)
    {
        if (tex.Length > 2000) return null;
        var p = new Parser(tex);
        List<XElement>? row;
        try { row = p.Row(endBrace: false); }
        catch (FormatException) { return null; }
        if (row is null || !p.AtEnd) return null;
        var math = new XElement(M("math"),
            new XElement(M("semantics"),
                new XElement(M("mrow"), row),
                new XElement(M("annotation"), new XAttribute("encoding", "application/x-tex"), tex)));
        if (display) math.SetAttributeValue("display", "block");
        return math;
    }

    private sealed class Parser(string s)
    {
        private int _i;
        private int _depth;
        public bool AtEnd { get { SkipSpaces(); return _i >= s.Length; } }

        private void SkipSpaces() { while (_i < s.Length && (s[_i] == ' ' || s[_i] == '\n' || s[_i] == '\t')) _i++; }

        public List<XElement>? Row(bool endBrace)
        {
            if (++_depth > 50) throw new FormatException();
            var items = new List<XElement>();
            while (true)
            {
                SkipSpaces();
                if (_i >= s.Length) { if (endBrace) throw new FormatException(); break; }
                if (s[_i] == '}') { if (!endBrace) throw new FormatException(); _i++; break; }
                var atom = Atom();
                if (atom is null) throw new FormatException();
                SkipSpaces();
                // Scripts.
                XElement? sub = null, sup = null;
                while (_i < s.Length && (s[_i] == '^' || s[_i] == '_'))
                {
                    char c = s[_i++];
                    var arg = Argument() ?? throw new FormatException();
                    if (c == '^') { if (sup is not null) throw new FormatException(); sup = arg; }
                    else { if (sub is not null) throw new FormatException(); sub = arg; }
                    SkipSpaces();
                }
                if (sub is not null && sup is not null) atom = new XElement(M("msubsup"), atom, sub, sup);
                else if (sup is not null) atom = new XElement(M("msup"), atom, sup);
                else if (sub is not null) atom = new XElement(M("msub"), atom, sub);
                items.Add(atom);
            }
            _depth--;
            return items;
        }

        private XElement? Argument()
        {
            SkipSpaces();
            if (_i >= s.Length) return null;
            if (s[_i] == '{') { _i++; return Wrap(Row(endBrace: true)!); }
            // A single digit or letter, or one command.
            if (char.IsAsciiDigit(s[_i])) return new XElement(M("mn"), s[_i++].ToString());
            return Atom();
        }

        private static XElement Wrap(List<XElement> row) => row.Count == 1 ? row[0] : new XElement(M("mrow"), row);

        private XElement? Atom()
        {
            char c = s[_i];
            if (char.IsAsciiDigit(c) || (c == '.' && _i + 1 < s.Length && char.IsAsciiDigit(s[_i + 1])))
            {
                int start = _i;
                while (_i < s.Length && (char.IsAsciiDigit(s[_i]) || (s[_i] == '.' && _i + 1 < s.Length && char.IsAsciiDigit(s[_i + 1])))) _i++;
                return new XElement(M("mn"), s[start.._i]);
            }
            if (char.IsAsciiLetter(c)) { _i++; return new XElement(M("mi"), c.ToString()); }
            if (c == '{') { _i++; return Wrap(Row(endBrace: true)!); }
            if ("+-=<>(),|!:;/[]".Contains(c))
            {
                _i++;
                var text = c == '-' ? "−" : c.ToString();
                return new XElement(M("mo"), text);
            }
            if (c == '\\')
            {
                int start = _i++;
                if (_i < s.Length && !char.IsAsciiLetter(s[_i]))
                {
                    char e = s[_i++];
                    return e switch
                    {
                        ',' or ';' or ' ' or '!' => new XElement(M("mspace"), new XAttribute("width", "0.2em")),
                        '{' or '}' or '%' or '$' => new XElement(M("mo"), e.ToString()),
                        _ => null,
                    };
                }
                while (_i < s.Length && char.IsAsciiLetter(s[_i])) _i++;
                var cmd = s[start.._i];
                if (Operators.TryGetValue(cmd, out var op)) return new XElement(M("mo"), op);
                if (Identifiers.TryGetValue(cmd, out var id)) return new XElement(M("mi"), id);
                switch (cmd)
                {
                    case "\\frac":
                    case "\\dfrac":
                    case "\\tfrac":
                        {
                            var num = Argument() ?? throw new FormatException();
                            var den = Argument() ?? throw new FormatException();
                            return new XElement(M("mfrac"), num, den);
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
                                return new XElement(M("mroot"), radicand, Wrap(idx));
                            }
                            var arg = Argument() ?? throw new FormatException();
                            return new XElement(M("msqrt"), arg);
                        }
                    case "\\left":
                    case "\\right":
                        {
                            SkipSpaces();
                            if (_i >= s.Length) throw new FormatException();
                            char d = s[_i++];
                            if (!"()[]|.".Contains(d)) throw new FormatException();
                            return d == '.' ? new XElement(M("mrow")) : new XElement(M("mo"), d.ToString());
                        }
                    default:
                        return null;
                }
            }
            // Japanese text and other characters: mtext for letters, else fail.
            if (c > 0x2E7F && !char.IsSurrogate(c)) { _i++; return new XElement(M("mtext"), c.ToString()); }
            return null;
        }
    }
}
