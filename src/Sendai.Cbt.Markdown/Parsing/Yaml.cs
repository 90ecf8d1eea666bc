using System.Globalization;
using System.Text;
using System.Text.Json;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>
/// Reads a YAML mapping with positions: every value read is typed and checked, every problem is a
/// diagnostic at the offending key or value; keys never read are reported as unknown.
/// </summary>
internal sealed class YamlMap
{
    // Front matter maps are small (a dozen keys): parallel arrays searched linearly are faster than a
    // dictionary and a set per map. Large maps (hostile files) get an index so lookups stay O(1).
    private const int IndexThreshold = 32;
    private readonly YScalar[] _keys;
    private readonly YNode[] _values;
    private readonly bool[] _known;
    private readonly int _count;
    private readonly Dictionary<string, int>? _index;
    private readonly Context _ctx;

    public YamlMap(YMap node, Context ctx)
    {
        _ctx = ctx;
        Node = node;
        int n = node.Entries.Count;
        _keys = new YScalar[n];
        _values = new YNode[n];
        _known = new bool[n];
        if (n > IndexThreshold) _index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        foreach (var (k, v) in node.Entries)
        {
            if (k is not YScalar key)
            {
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, k, "keys must be plain text");
                continue;
            }
            if (Find(key.Value) >= 0)
            {
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, key, $"key '{key.Value}' appears twice");
                continue;
            }
            _index?.Add(key.Value, _count);
            _keys[_count] = key;
            _values[_count] = v;
            _count++;
        }
    }

    private int Find(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
        // Known keys are the very literals the parser passes (FastYaml interns them): compare references
        // first, then the rest by value.
        for (int i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i].Value, key)) return i;
        }
        for (int i = 0; i < _count; i++)
        {
            var k = _keys[i].Value;
            if (k.Length == key.Length && string.Equals(k, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public YMap Node { get; }

    /// <summary>Positions and reporting for one file, with the line offset of the YAML inside it.</summary>
    internal sealed class Context(string path, int lineOffset, List<Diagnostic> diagnostics)
    {
        public string Path { get; } = path;
        public List<Diagnostic> Diagnostics { get; } = diagnostics;

        public (int Line, int Column) Position(YNode node) => (node.Line + lineOffset, node.Column);

        public void Report(string code, Severity severity, YNode node, string message)
        {
            var (line, column) = Position(node);
            Diagnostics.Add(new Diagnostic(code, severity, Path, line, column, message));
        }

        public SourceLocation Location(YNode node)
        {
            var (line, column) = Position(node);
            return new SourceLocation(Path, line, column);
        }
    }

    public bool Has(string key) => Find(key) >= 0;

    public YNode? Raw(string key)
    {
        int i = Find(key);
        if (i < 0) return null;
        _known[i] = true;
        return _values[i];
    }

    public SourceLocation? KeyLocation(string key) =>
        Find(key) is var i and >= 0 ? _ctx.Location(_keys[i]) : null;

    public SourceLocation? ValueLocation(string key) =>
        Find(key) is var i and >= 0 ? _ctx.Location(_values[i]) : null;

    /// <summary>Marks keys as known without reading them.</summary>
    public void Allow(params string[] keys)
    {
        foreach (var k in keys)
        {
            int i = Find(k);
            if (i >= 0) _known[i] = true;
        }
    }

    public string? String(string key, bool required = false)
    {
        var node = Raw(key);
        if (node is null)
        {
            if (required) MissingKey(key);
            return null;
        }
        if (node is YScalar s && !(!s.Quoted && IsNull(s.Value)))
        {
            if (required && string.IsNullOrWhiteSpace(s.Value))
            {
                _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must not be empty");
                return null;
            }
            return s.Value;
        }
        if (node is YScalar && !required) return null;
        _ctx.Report(required ? DiagnosticCodes.InvalidValue : DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be a text value");
        return null;
    }

    public void MissingKey(string key)
    {
        _ctx.Diagnostics.Add(new Diagnostic(DiagnosticCodes.MissingKey, Severity.Error, _ctx.Path,
            _ctx.Position(Node).Line, 1, $"required key '{key}' is missing"));
    }

    public int? Int(string key, int min, int max, bool required = false)
    {
        var node = Raw(key);
        if (node is null)
        {
            if (required) MissingKey(key);
            return null;
        }
        if (node is YScalar s && int.TryParse(ToHalfWidthDigits(s.Value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            if (v < min || v > max)
            {
                _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be between {min} and {max} (found {v})");
                return null;
            }
            return v;
        }
        _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be a whole number");
        return null;
    }

    public decimal? Decimal(string key, decimal min = decimal.MinValue, decimal max = decimal.MaxValue)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node is YScalar s && TryDecimal(s.Value, out var v))
        {
            if (v < min || v > max)
            {
                _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be between {min} and {max}");
                return null;
            }
            return v;
        }
        _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be a number");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node is YScalar s)
        {
            var v = s.Value.AsSpan().Trim();
            if (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("yes", StringComparison.OrdinalIgnoreCase) || v.Equals("on", StringComparison.OrdinalIgnoreCase)) return true;
            if (v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("no", StringComparison.OrdinalIgnoreCase) || v.Equals("off", StringComparison.OrdinalIgnoreCase)) return false;
        }
        _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be true or false");
        return null;
    }

    /// <summary>A list of strings; a single scalar counts as a one-element list.</summary>
    public List<string>? StringList(string key)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node is YScalar one) return !one.Quoted && IsNull(one.Value) ? [] : [one.Value];
        if (node is YSeq seq)
        {
            var list = new List<string>();
            foreach (var child in seq.Items)
            {
                if (child is YScalar s) list.Add(s.Value);
                else _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, child, $"'{key}' must be a list of text values");
            }
            return list;
        }
        _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be a list");
        return null;
    }

    public YamlMap? Map(string key)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node is YMap m) return new YamlMap(m, _ctx);
        _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be a mapping (key: value)");
        return null;
    }

    public YSeq? Sequence(string key)
    {
        var node = Raw(key);
        if (node is null) return null;
        if (node is YSeq s) return s;
        _ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, $"'{key}' must be a list");
        return null;
    }

    /// <summary>Reports every key that was never read or allowed.</summary>
    public void ReportUnknownKeys(string what)
    {
        for (int i = 0; i < _count; i++)
        {
            if (!_known[i])
            {
                _ctx.Report(DiagnosticCodes.UnknownKey, Severity.Warning, _keys[i], $"unknown key '{_keys[i].Value}' for {what} (ignored)");
            }
        }
    }

    internal static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    internal static bool TryDecimal(string? text, out decimal value)
    {
        value = 0;
        if (text is null) return false;
        var t = ToHalfWidthDigits(text.Trim())!;
        if (!decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return false;
        // decimal keeps 28 decimal places: 1e-30 would silently become 0.
        if (value != 0) return true;
        int exponent = t.AsSpan().IndexOfAny('e', 'E');
        var mantissa = exponent < 0 ? t.AsSpan() : t.AsSpan(0, exponent);
        return !mantissa.ContainsAnyInRange('1', '9');
    }

    internal static string? ToHalfWidthDigits(string? text)
    {
        if (text is null) return null;
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', '\u007F')) return text;
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                >= '０' and <= '９' => (char)(c - '０' + '0'),
                '．' => '.',
                '－' or '−' => '-',
                '＋' => '+',
                _ => c,
            });
        }
        return sb.ToString();
    }

    /// <summary>Converts a YAML node to JSON: plain scalars become numbers, booleans or null when they look like one; quoted scalars stay strings.</summary>
    internal static bool TryWriteJson(YNode node, Utf8JsonWriter writer, int depth = 0)
    {
        if (depth > 64) return false;
        switch (node)
        {
            case YScalar s:
                var v = s.Value;
                if (!s.Quoted)
                {
                    if (IsNull(v)) { writer.WriteNullValue(); return true; }
                    if (v is "true" or "True" or "TRUE") { writer.WriteBooleanValue(true); return true; }
                    if (v is "false" or "False" or "FALSE") { writer.WriteBooleanValue(false); return true; }
                    if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) { writer.WriteNumberValue(l); return true; }
                    if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) { writer.WriteNumberValue(d); return true; }
                }
                writer.WriteStringValue(v);
                return true;
            case YSeq seq:
                writer.WriteStartArray();
                foreach (var c in seq.Items)
                {
                    if (!TryWriteJson(c, writer, depth + 1)) return false;
                }
                writer.WriteEndArray();
                return true;
            case YMap map:
                writer.WriteStartObject();
                foreach (var (k, val) in map.Entries)
                {
                    if (k is not YScalar ks) return false;
                    writer.WritePropertyName(ks.Value);
                    if (!TryWriteJson(val, writer, depth + 1)) return false;
                }
                writer.WriteEndObject();
                return true;
            default:
                return false;
        }
    }

    internal static string? ToJson(YNode node) => new JsonBuffer().ToJson(node);

    /// <summary>
    /// Converts YAML nodes to JSON text with one reusable buffer and writer (a program item has two
    /// values per test; a new stream and writer for each cost more than the conversion). Not thread-safe.
    /// </summary>
    internal sealed class JsonBuffer
    {
        private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(256);
        private readonly Utf8JsonWriter _writer;

        public JsonBuffer() => _writer = new Utf8JsonWriter(_buffer, Options);

        public string? ToJson(YNode node)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            if (!TryWriteJson(node, _writer)) return null;
            _writer.Flush();
            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }
    }
}
