using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>A YAML node with its 1-based position in the YAML text.</summary>
internal abstract class YNode
{
    public int Line { get; init; }
    public int Column { get; init; }
}

/// <summary>A scalar; <see cref="Quoted"/> is false for plain scalars (which may mean null, numbers, booleans).</summary>
internal sealed class YScalar : YNode
{
    public required string Value { get; init; }
    public bool Quoted { get; init; }
}

internal sealed class YSeq : YNode
{
    public List<YNode> Items { get; } = [];
}

internal sealed class YMap : YNode
{
    public List<KeyValuePair<YNode, YNode>> Entries { get; } = [];
}

/// <summary>
/// Loads front matter YAML. A fast parser handles the subset item files use (block mappings and
/// sequences, one-line flow collections, plain and quoted scalars, comments); anything outside it
/// (block scalars, anchors, tags, multi-line flow, errors) goes to YamlDotNet, whose tree is
/// converted, so the result never depends on which path ran — only the speed does.
/// </summary>
internal static class YamlLoader
{
    /// <summary>
    /// Parses the YAML in a range of <paramref name="text"/> (the fast parser reads it in place); on failure returns
    /// null and sets the error position (1-based) and message.
    /// </summary>
    public static YNode? Load(string text, int start, int end, out (int Line, int Column, string Message)? error)
    {
        error = null;
        var fast = FastYaml.TryParse(text, start, end);
        if (fast is not null) return fast;
        var yaml = start == 0 && end == text.Length ? text : text[start..end];
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            error = (Math.Max(1, (int)e.Start.Line), Math.Max(1, (int)e.Start.Column), "malformed YAML: " + FirstLine(e.Message));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet sometimes fails without a position (an unclosed '[', a duplicate key): find the last good event.
            var (line, column) = LastGoodPosition(yaml);
            var message = e is ArgumentException && e.Message.Contains("same key", StringComparison.Ordinal)
                ? "malformed YAML: a key appears twice"
                : "malformed YAML near here (check brackets, quotes and indentation)";
            error = (line, column, message);
            return null;
        }
        if (stream.Documents.Count == 0) return new YScalar { Value = "", Line = 1, Column = 1 };
        for (int d = 1; d < stream.Documents.Count; d++)
        {
            // A '---' at the end (an empty document after it) loses nothing; a document with content would be lost.
            if (stream.Documents[d].RootNode is YamlScalarNode { Value: null or "" }) continue;
            var second = stream.Documents[d].RootNode.Start;
            error = (Math.Max(1, (int)second.Line), Math.Max(1, (int)second.Column), "malformed YAML: a second document ('---' inside the YAML); everything after it would be lost");
            return null;
        }
        // Aliases (*a) share nodes in YamlDotNet's tree, but the converted tree copies them: a few lines of
        // nested aliases ("billion laughs") would expand to billions of nodes. The budget stops that.
        var budget = new Budget { Nodes = MaxNodes, Chars = MaxChars };
        var root = Convert(stream.Documents[0].RootNode, 0, ref budget, out var problem);
        if (problem is { } p)
        {
            error = p;
            return null;
        }
        return root;
    }

    /// <summary>More values than any front matter or form has (a 1 MiB file of one-character list items has about 350,000).</summary>
    private const int MaxNodes = 500_000;

    /// <summary>More text than the 1 MiB a file may hold, several times over: only aliases of long values get there.</summary>
    private const int MaxChars = 4 * 1024 * 1024;

    private const int MaxDepth = 64;

    private struct Budget
    {
        public int Nodes;
        public long Chars;
    }

    private static YNode Convert(YamlNode node, int depth, ref Budget budget, out (int Line, int Column, string Message)? problem)
    {
        problem = null;
        int line = (int)node.Start.Line, column = (int)node.Start.Column;
        budget.Chars -= node is YamlScalarNode sv ? sv.Value?.Length ?? 0 : 0;
        if (--budget.Nodes < 0 || budget.Chars < 0)
        {
            problem = (Math.Max(1, line), Math.Max(1, column),
                $"YAML expands to more than {MaxNodes:N0} values or {MaxChars:N0} characters (through aliases '*'): write the values out");
            return new YScalar { Value = "", Line = line, Column = column };
        }
        if (depth > MaxDepth)
        {
            problem = (Math.Max(1, line), Math.Max(1, column), $"YAML is nested more than {MaxDepth} levels deep");
            return new YScalar { Value = "", Line = line, Column = column };
        }
        switch (node)
        {
            case YamlScalarNode s:
                return new YScalar { Value = s.Value ?? "", Quoted = s.Style != ScalarStyle.Plain, Line = line, Column = column };
            case YamlSequenceNode seq:
            {
                var r = new YSeq { Line = line, Column = column };
                foreach (var c in seq.Children)
                {
                    r.Items.Add(Convert(c, depth + 1, ref budget, out problem));
                    if (problem is not null) return r;
                }
                return r;
            }
            case YamlMappingNode map:
            {
                var r = new YMap { Line = line, Column = column };
                foreach (var (k, v) in map.Children)
                {
                    var key = Convert(k, depth + 1, ref budget, out problem);
                    if (problem is not null) return r;
                    var value = Convert(v, depth + 1, ref budget, out problem);
                    if (problem is not null) return r;
                    r.Entries.Add(new(key, value));
                }
                return r;
            }
            default:
                return new YScalar { Value = "", Line = line, Column = column };
        }
    }

    private static (int Line, int Column) LastGoodPosition(string yaml)
    {
        var last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                if (parser.Current is { } ev) last = ev.End;
            }
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            if (e is YamlException ye) last = ye.Start;
        }
        return (Math.Max(1, (int)last.Line), Math.Max(1, (int)last.Column));
    }

    private static string FirstLine(string message)
    {
        int nl = message.IndexOf('\n');
        return nl < 0 ? message : message[..nl];
    }
}

/// <summary>
/// A strict parser for the YAML subset of front matter. It returns null for anything it is not
/// certain about, and the caller falls back to YamlDotNet.
/// </summary>
internal sealed class FastYaml
{
    // Lines are ranges of the YAML text (no string per line). A "- key: value" item is read as a mapping
    // indented to its key: _indentOverride records that indentation instead of blanking the dash.
    private readonly string _text;
    private readonly int[] _starts;
    private readonly int[] _ends;
    private readonly int _count;
    private int[]? _indentOverride;
    private int _pos; // index of the current line

    private FastYaml(string text, int from, int to)
    {
        _text = text;
        int n = 1 + text.AsSpan(from, to - from).Count('\n');
        _starts = new int[n];
        _ends = new int[n];
        int start = from;
        for (int k = 0; k < n; k++)
        {
            int nl = text.AsSpan(start, to - start).IndexOf('\n');
            int end = nl < 0 ? to : start + nl;
            _starts[k] = start;
            _ends[k] = end;
            start = end + 1;
        }
        _count = n;
    }

    private ReadOnlySpan<char> L(int index) => _text.AsSpan(_starts[index], _ends[index] - _starts[index]);

    private int IndentAt(int index)
    {
        int indent = Indent(L(index));
        return _indentOverride is { } o && o[index] > indent ? o[index] : indent;
    }

    public static YNode? TryParse(string yaml) => TryParse(yaml, 0, yaml.Length);

    /// <summary>Parses the range <paramref name="start"/>..<paramref name="end"/> of <paramref name="text"/>.</summary>
    public static YNode? TryParse(string text, int start, int end)
    {
        // Tabs and carriage returns need YAML's full rules; NEL, LS and PS are line breaks to YamlDotNet.
        if (text.AsSpan(start, end - start).ContainsAny(SlowPathChars)) return null;
        var p = new FastYaml(text, start, end);
        try
        {
            p.SkipEmpty();
            if (p._pos >= p._count) return null;
            int indent = p.IndentAt(p._pos);
            if (indent != 0) return null;
            var root = p.Block(0);
            p.SkipEmpty();
            return root is YMap && p._pos >= p._count ? root : null;
        }
        catch (Bail)
        {
            return null;
        }
    }

    private static readonly System.Buffers.SearchValues<char> SlowPathChars = System.Buffers.SearchValues.Create("\t\r\u0085\u2028\u2029");

    private sealed class Bail : Exception;

    private static Bail Fail() => new();

    private static int Indent(ReadOnlySpan<char> line)
    {
        int i = 0;
        while (i < line.Length && line[i] == ' ') i++;
        return i;
    }

    private static bool IsEmptyOrComment(ReadOnlySpan<char> line)
    {
        var t = line.TrimStart(' ');
        return t.Length == 0 || t[0] == '#';
    }

    private void SkipEmpty()
    {
        while (_pos < _count && IsEmptyOrComment(L(_pos)))
        {
            var t = L(_pos).TrimStart();
            if (t.StartsWith("---", StringComparison.Ordinal) || t.StartsWith("...", StringComparison.Ordinal) || t.StartsWith('%')) throw Fail();
            _pos++;
        }
    }

    private static bool IsSeqItem(ReadOnlySpan<char> line, int indent) =>
        line.Length > indent && line[indent] == '-' && (line.Length == indent + 1 || line[indent + 1] == ' ');

    private YNode Block(int indent)
    {
        SkipEmpty();
        var line = L(_pos);
        return IsSeqItem(line, indent) ? Sequence(indent) : Mapping(indent);
    }

    private YMap Mapping(int indent)
    {
        var map = new YMap { Line = _pos + 1, Column = indent + 1 };
        while (true)
        {
            SkipEmpty();
            if (_pos >= _count) break;
            var line = L(_pos);
            int ind = IndentAt(_pos);
            if (ind < indent) break;
            if (ind > indent) throw Fail();
            if (IsSeqItem(line, indent)) break;
            int lineNo = _pos + 1;
            // key
            int colon = FindKeyColon(line, indent);
            if (colon < 0) throw Fail();
            var keyText = KeyString(line[indent..colon].TrimEnd());
            if (keyText.Length == 0 || !IsPlainKey(keyText)) throw Fail();
            if (HasKey(map, keyText)) throw Fail(); // let YamlDotNet report duplicates
            var key = new YScalar { Value = keyText, Line = lineNo, Column = indent + 1 };
            int valueStart = colon + 1;
            while (valueStart < line.Length && line[valueStart] == ' ') valueStart++;
            _pos++;
            YNode value;
            if (valueStart >= line.Length || line[valueStart] == '#')
            {
                // Nested block, or null.
                int save = _pos;
                SkipEmpty();
                if (_pos < _count)
                {
                    var next = L(_pos);
                    int nind = IndentAt(_pos);
                    if (nind > indent) value = Block(nind);
                    else if (nind == indent && IsSeqItem(next, indent)) value = Sequence(indent);
                    else { _pos = save; value = new YScalar { Value = "", Line = lineNo, Column = colon + 2 }; }
                }
                else
                {
                    _pos = save;
                    value = new YScalar { Value = "", Line = lineNo, Column = colon + 2 };
                }
            }
            else
            {
                value = InlineValue(line, valueStart, lineNo);
            }
            map.Entries.Add(new(key, value));
        }
        if (map.Entries.Count == 0) throw Fail();
        return map;
    }

    /// <summary>The ':' ending a plain key on this line (followed by a space or the end), or -1.</summary>
    private static int FindKeyColon(ReadOnlySpan<char> line, int start)
    {
        for (int i = start; i < line.Length; i++)
        {
            char c = line[i];
            if (c is '"' or '\'' or '[' or '{' or '#' && i == start) return -1;
            if (c == ':' && (i + 1 == line.Length || line[i + 1] == ' ')) return i;
            if (c == '#' && line[i - 1] == ' ') return -1;
        }
        return -1;
    }

    private static bool HasKey(YMap map, string key)
    {
        foreach (var e in map.Entries)
        {
            var k = ((YScalar)e.Key).Value;
            if (ReferenceEquals(k, key) || (k.Length == key.Length && k == key)) return true;
        }
        return false;
    }

    /// <summary>
    /// The keys item files use, so that a key read from YAML is the same string instance as the literal the
    /// parser looks it up with (no allocation, and <see cref="YamlMap"/> matches it by reference first).
    /// </summary>
    private static readonly System.Collections.Frozen.FrozenSet<string> KnownKeys = System.Collections.Frozen.FrozenSet.Create(StringComparer.Ordinal,
    [
        "id", "type", "subject", "grade", "domain", "viewpoint", "format", "points", "tags", "curriculum", "title", "shuffle", "writing", "stimulus",
        "scoring", "answers", "partial_answers", "kanji_required", "normalize", "answer", "tolerance", "unit", "max_length", "entry", "language",
        "tests", "survey", "scale", "required", "args", "expected", "hidden", "compare", "description", "min", "max", "labels",
        "width", "kana", "dash", "spaces", "ignore_all_spaces", "case", "punctuation", "version", "sections", "items", "weight", "time_limit",
        "instructions", "kind",
    ]);

    private static readonly System.Collections.Frozen.FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownKeyLookup =
        KnownKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    private static string KeyString(ReadOnlySpan<char> key) =>
        KnownKeyLookup.TryGetValue(key, out var known) ? known : key.ToString();

    private static bool IsPlainKey(string key)
    {
        foreach (char c in key)
        {
            if (c is '[' or ']' or '{' or '}' or ',' or '"' or '\'' or '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '?' or '#') return false;
        }
        return key[0] is not ('-' or ':' or '?');
    }

    private YSeq Sequence(int indent)
    {
        var seq = new YSeq { Line = _pos + 1, Column = indent + 1 };
        while (true)
        {
            SkipEmpty();
            if (_pos >= _count) break;
            var line = L(_pos);
            int ind = IndentAt(_pos);
            if (ind < indent) break;
            if (ind > indent || !IsSeqItem(line, indent)) throw Fail();
            int lineNo = _pos + 1;
            int contentStart = indent + 1;
            while (contentStart < line.Length && line[contentStart] == ' ') contentStart++;
            if (contentStart >= line.Length || line[contentStart] == '#')
            {
                _pos++;
                SkipEmpty();
                if (_pos < _count && IndentAt(_pos) > indent) seq.Items.Add(Block(IndentAt(_pos)));
                else seq.Items.Add(new YScalar { Value = "", Line = lineNo, Column = indent + 2 });
                continue;
            }
            if (IsSeqItem(line, contentStart) || FindKeyColon(line, contentStart) >= 0 && line[contentStart] is not ('[' or '{' or '"' or '\''))
            {
                // "- key: value" or "- - x": the item is a block starting at contentStart; blank out the dash.
                (_indentOverride ??= new int[_count])[_pos] = contentStart;
                seq.Items.Add(Block(contentStart));
                continue;
            }
            _pos++;
            seq.Items.Add(InlineValue(line, contentStart, lineNo));
        }
        return seq;
    }

    /// <summary>A value on the rest of the line: a flow collection or a scalar, then only a comment.</summary>
    private static YNode InlineValue(ReadOnlySpan<char> line, int start, int lineNo)
    {
        int i = start;
        YNode value;
        char c = line[i];
        if (c is '[' or '{')
        {
            value = Flow(line, ref i, lineNo, 0);
        }
        else if (c is '"' or '\'')
        {
            value = Quoted(line, ref i, lineNo);
        }
        else
        {
            if (c is '|' or '>' or '&' or '*' or '!' or '%' or '@' or '`' or ']' or '}' or ',' or '#') throw Fail();
            if (c is '-' or '?' or ':' && (i + 1 == line.Length || line[i + 1] == ' ')) throw Fail();
            int end = line.Length;
            for (int j = i; j < line.Length; j++)
            {
                if (line[j] == '#' && line[j - 1] == ' ') { end = j; break; }
                if (line[j] == ':' && (j + 1 == line.Length || line[j + 1] == ' ')) throw Fail();
            }
            var text = line[i..end].TrimEnd(' ').ToString();
            return new YScalar { Value = text, Line = lineNo, Column = start + 1 };
        }
        // Only spaces or a comment may follow.
        while (i < line.Length && line[i] == ' ') i++;
        if (i < line.Length && !(line[i] == '#' && line[i - 1] == ' ')) throw Fail();
        return value;
    }

    private static YNode Flow(ReadOnlySpan<char> line, ref int i, int lineNo, int depth)
    {
        if (depth > 32) throw Fail();
        char open = line[i];
        int col = i + 1;
        i++;
        if (open == '[')
        {
            var seq = new YSeq { Line = lineNo, Column = col };
            SkipSpaces(line, ref i);
            if (i < line.Length && line[i] == ']') { i++; return seq; }
            while (true)
            {
                SkipSpaces(line, ref i);
                if (i >= line.Length) throw Fail();
                seq.Items.Add(FlowItem(line, ref i, lineNo, depth, inMap: false));
                SkipSpaces(line, ref i);
                if (i >= line.Length) throw Fail();
                if (line[i] == ',') { i++; SkipSpaces(line, ref i); if (i < line.Length && line[i] == ']') { i++; return seq; } continue; }
                if (line[i] == ']') { i++; return seq; }
                throw Fail();
            }
        }
        var map = new YMap { Line = lineNo, Column = col };
        SkipSpaces(line, ref i);
        if (i < line.Length && line[i] == '}') { i++; return map; }
        while (true)
        {
            SkipSpaces(line, ref i);
            if (i >= line.Length) throw Fail();
            int keyCol = i + 1;
            int colon = line[i..].IndexOf(':');
            if (colon < 0) throw Fail();
            colon += i;
            var keyText = KeyString(line[i..colon].Trim());
            if (keyText.Length == 0 || !IsPlainKey(keyText) || keyText.Contains(',') || HasKey(map, keyText)) throw Fail();
            i = colon + 1;
            if (i < line.Length && line[i] != ' ') throw Fail(); // "k:v", "{k:}" and "{k:,}" read differently in YAML's corners
            SkipSpaces(line, ref i);
            if (i >= line.Length) throw Fail();
            YNode value = line[i] is ',' or '}'
                ? new YScalar { Value = "", Line = lineNo, Column = i + 1 }
                : FlowItem(line, ref i, lineNo, depth, inMap: true);
            map.Entries.Add(new(new YScalar { Value = keyText, Line = lineNo, Column = keyCol }, value));
            SkipSpaces(line, ref i);
            if (i >= line.Length) throw Fail();
            if (line[i] == ',') { i++; SkipSpaces(line, ref i); if (i < line.Length && line[i] == '}') { i++; return map; } continue; }
            if (line[i] == '}') { i++; return map; }
            throw Fail();
        }
    }

    private static YNode FlowItem(ReadOnlySpan<char> line, ref int i, int lineNo, int depth, bool inMap)
    {
        char c = line[i];
        if (c is '[' or '{') return Flow(line, ref i, lineNo, depth + 1);
        if (c is '"' or '\'') return Quoted(line, ref i, lineNo);
        if (c is '&' or '*' or '!' or '|' or '>' or '%' or '@' or '`' or '#' or ',' or ']' or '}') throw Fail();
        if (c is '-' or '?' or ':' && (i + 1 == line.Length || line[i + 1] is ' ' or ',' or ']' or '}')) throw Fail();
        int start = i;
        while (i < line.Length && line[i] is not (',' or ']' or '}'))
        {
            if (line[i] == ':' && (i + 1 == line.Length || line[i + 1] is ' ' or ',' or ']' or '}')) throw Fail(); // a pair inside a sequence
            if (line[i] == '#' && i > start && line[i - 1] == ' ') throw Fail();
            if (line[i] is '[' or '{') throw Fail();
            i++;
        }
        _ = inMap;
        var text = line[start..i].TrimEnd(' ').ToString();
        return new YScalar { Value = text, Line = lineNo, Column = start + 1 };
    }

    private static YScalar Quoted(ReadOnlySpan<char> line, ref int i, int lineNo)
    {
        char q = line[i];
        int col = i + 1;
        i++;
        // Fast path: no escapes and no doubled quote before the closing quote.
        int close = line[i..].IndexOfAny(q, '\\');
        if (close >= 0 && line[i + close] == q && !(q == '\'' && i + close + 1 < line.Length && line[i + close + 1] == '\''))
        {
            var value = line.Slice(i, close).ToString();
            i += close + 1;
            return new YScalar { Value = value, Quoted = true, Line = lineNo, Column = col };
        }
        var sb = new StringBuilder();
        while (true)
        {
            if (i >= line.Length) throw Fail(); // multi-line quoted scalars go to YamlDotNet
            char c = line[i];
            if (q == '\'')
            {
                if (c == '\'')
                {
                    if (i + 1 < line.Length && line[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                    i++;
                    break;
                }
                sb.Append(c);
                i++;
                continue;
            }
            if (c == '"') { i++; break; }
            if (c == '\\')
            {
                if (i + 1 >= line.Length) throw Fail();
                char e = line[i + 1];
                switch (e)
                {
                    case '"': sb.Append('"'); i += 2; continue;
                    case '\\': sb.Append('\\'); i += 2; continue;
                    case '/': sb.Append('/'); i += 2; continue;
                    case 'n': sb.Append('\n'); i += 2; continue;
                    case 't': sb.Append('\t'); i += 2; continue;
                    case 'r': sb.Append('\r'); i += 2; continue;
                    case '0': sb.Append('\0'); i += 2; continue;
                    case ' ': sb.Append(' '); i += 2; continue;
                    case 'u' when i + 6 <= line.Length && int.TryParse(line.Slice(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int u)
                                  && !char.IsSurrogate((char)u):
                        sb.Append((char)u);
                        i += 6;
                        continue;
                    default: throw Fail();
                }
            }
            sb.Append(c);
            i++;
        }
        return new YScalar { Value = sb.ToString(), Quoted = true, Line = lineNo, Column = col };
    }

    private static void SkipSpaces(ReadOnlySpan<char> line, ref int i)
    {
        while (i < line.Length && line[i] == ' ') i++;
    }
}
