using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Sandbox;

/// <summary>A JavaScript value copied out of the student's realm into plain C# data, so that comparing and printing it never runs student code.</summary>
internal abstract record JValue
{
    public static readonly JValue Undefined = new JUndefined();
    public static readonly JValue Null = new JNull();
}
internal sealed record JUndefined : JValue;
internal sealed record JNull : JValue;
internal sealed record JBool(bool Value) : JValue;
internal sealed record JNumber(double Value) : JValue;
internal sealed record JString(string Value) : JValue;
internal sealed record JArray(ImmutableArray<JValue> Items) : JValue;
internal sealed record JObject(ImmutableArray<KeyValuePair<string, JValue>> Members) : JValue;
/// <summary>A value that cannot be compared (function, Promise, Proxy, class instance, too big...).</summary>
internal sealed record JOpaque(string Description) : JValue;

internal static class Values
{
    private const int MaxDepth = 64;
    private const int MaxNodes = 100_000;

    /// <summary>Copies a value out of the engine reading only own data properties (no getters, no Proxy traps, no toString).</summary>
    public static JValue FromJs(JsValue value)
    {
        int nodes = 0;
        return Copy(value, 0, ref nodes);
    }

    private static JValue Copy(JsValue v, int depth, ref int nodes)
    {
        if (++nodes > MaxNodes) return new JOpaque("大きすぎる値");
        switch (v.Type)
        {
            case Jint.Runtime.Types.Undefined: case Jint.Runtime.Types.Empty: return JValue.Undefined;
            case Jint.Runtime.Types.Null: return JValue.Null;
            case Jint.Runtime.Types.Boolean: return new JBool(v.AsBoolean());
            case Jint.Runtime.Types.Number: return new JNumber(v.AsNumber());
            case Jint.Runtime.Types.String: return new JString(v.ToString());
            case Jint.Runtime.Types.BigInt: return new JOpaque(v.ToString() + "n");
            case Jint.Runtime.Types.Symbol: return new JOpaque("Symbol");
        }
        if (v is JsArray array)
        {
            if (depth >= MaxDepth) return new JOpaque("深すぎる配列");
            uint length = array.Length;
            if (length > MaxNodes) return new JOpaque("大きすぎる配列");
            var items = ImmutableArray.CreateBuilder<JValue>((int)length);
            for (uint i = 0; i < length; i++)
            {
                var d = array.GetOwnProperty(i);
                if (d == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined) items.Add(JValue.Undefined);
                else if (!d.IsDataDescriptor()) return new JOpaque("getter を含む配列");
                else items.Add(Copy(d.Value, depth + 1, ref nodes));
                if (nodes > MaxNodes) return new JOpaque("大きすぎる値");
            }
            return new JArray(items.MoveToImmutable());
        }
        if (v is JsObject obj && v.GetType() == typeof(JsObject))
        {
            if (depth >= MaxDepth) return new JOpaque("深すぎるオブジェクト");
            var members = ImmutableArray.CreateBuilder<KeyValuePair<string, JValue>>();
            foreach (var (key, d) in obj.GetOwnProperties())
            {
                if (!key.IsString() || !d.Enumerable) continue;
                if (!d.IsDataDescriptor()) return new JOpaque("getter を含むオブジェクト");
                members.Add(new(key.ToString(), Copy(d.Value, depth + 1, ref nodes)));
                if (nodes > MaxNodes) return new JOpaque("大きすぎる値");
            }
            return new JObject(members.ToImmutable());
        }
        if (v is Jint.Native.Function.Function) return new JOpaque("関数");
        if (v.GetType().Name.Contains("Promise", StringComparison.Ordinal)) return new JOpaque("Promise");
        return new JOpaque("オブジェクト");
    }

    /// <summary>Parses a JSON text (from the item file) into a value.</summary>
    public static JValue FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return FromJson(doc.RootElement);
    }

    private static JValue FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => JValue.Null,
        JsonValueKind.True => new JBool(true),
        JsonValueKind.False => new JBool(false),
        JsonValueKind.Number => new JNumber(e.GetDouble()),
        JsonValueKind.String => new JString(e.GetString()!),
        JsonValueKind.Array => new JArray([.. e.EnumerateArray().Select(FromJson)]),
        _ => new JObject([.. e.EnumerateObject().Select(p => new KeyValuePair<string, JValue>(p.Name, FromJson(p.Value)))]),
    };

    /// <summary>Builds a fresh JavaScript value in the engine without calling any script (setters on polluted prototypes are not triggered).</summary>
    public static JsValue ToJs(Engine engine, JValue value) => value switch
    {
        JNull => JsValue.Null,
        JBool b => b.Value ? JsBoolean.True : JsBoolean.False,
        JNumber n => JsNumber.Create(n.Value),
        JString s => new JsString(s.Value),
        JArray a => new JsArray(engine, [.. a.Items.Select(i => ToJs(engine, i))]),
        JObject o => MakeObject(engine, o),
        _ => JsValue.Undefined,
    };

    private static JsObject MakeObject(Engine engine, JObject o)
    {
        var result = new JsObject(engine);
        foreach (var (k, v) in o.Members) result.CreateDataProperty(k, ToJs(engine, v));
        return result;
    }

    /// <summary>Compares the returned value with the expected one under a test's comparison mode.</summary>
    public static bool Matches(JValue expected, JValue actual, ProgramComparison mode, double tolerance) => mode switch
    {
        ProgramComparison.IgnoreWhitespace when expected is JString e && actual is JString a => CollapseSpaces(e.Value) == CollapseSpaces(a.Value),
        ProgramComparison.Numeric => Equal(expected, actual, Math.Max(tolerance, 0), orderedKeys: false),
        ProgramComparison.Deep => Equal(expected, actual, 0, orderedKeys: false),
        _ => Equal(expected, actual, 0, orderedKeys: false),
    };

    private static bool Equal(JValue e, JValue a, double tol, bool orderedKeys)
    {
        switch (e, a)
        {
            case (JNull, JNull): return true;
            case (JBool x, JBool y): return x.Value == y.Value;
            case (JString x, JString y): return string.Equals(x.Value, y.Value, StringComparison.Ordinal);
            case (JNumber x, JNumber y):
                if (double.IsNaN(x.Value) || double.IsNaN(y.Value)) return false;
                if (x.Value == y.Value) return true;
                return tol > 0 && Math.Abs(x.Value - y.Value) <= tol;
            case (JArray x, JArray y):
                if (x.Items.Length != y.Items.Length) return false;
                for (int i = 0; i < x.Items.Length; i++) if (!Equal(x.Items[i], y.Items[i], tol, orderedKeys)) return false;
                return true;
            case (JObject x, JObject y):
                if (x.Members.Length != y.Members.Length) return false;
                var map = new Dictionary<string, JValue>(StringComparer.Ordinal);
                foreach (var (k, v) in y.Members) map[k] = v;
                foreach (var (k, v) in x.Members) if (!map.TryGetValue(k, out var other) || !Equal(v, other, tol, orderedKeys)) return false;
                return true;
            default: return false;
        }
    }

    private static string CollapseSpaces(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (var c in s.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>JavaScript-like text of a value for feedback (strings quoted), shortened to <paramref name="max"/> characters.</summary>
    public static string Display(JValue v, int max = 200)
    {
        var sb = new StringBuilder();
        Write(sb, v, max);
        if (sb.Length > max) { sb.Length = max; sb.Append('…'); }
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JValue v, int max)
    {
        if (sb.Length > max) return;
        switch (v)
        {
            case JUndefined: sb.Append("undefined"); break;
            case JNull: sb.Append("null"); break;
            case JBool b: sb.Append(b.Value ? "true" : "false"); break;
            case JNumber n: sb.Append(Number(n.Value)); break;
            case JString s: sb.Append(JsonSerializer.Serialize(s.Value.Length > max ? s.Value[..max] : s.Value, Json)); break;
            case JArray a:
                sb.Append('[');
                for (int i = 0; i < a.Items.Length && sb.Length <= max; i++) { if (i > 0) sb.Append(", "); Write(sb, a.Items[i], max); }
                sb.Append(']');
                break;
            case JObject o:
                sb.Append('{');
                for (int i = 0; i < o.Members.Length && sb.Length <= max; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(JsonSerializer.Serialize(o.Members[i].Key, Json)).Append(": ");
                    Write(sb, o.Members[i].Value, max);
                }
                sb.Append('}');
                break;
            case JOpaque x: sb.Append('（').Append(x.Description).Append('）'); break;
        }
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Number in JavaScript's Number::toString form.</summary>
    public static string Number(double d)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "Infinity";
        if (double.IsNegativeInfinity(d)) return "-Infinity";
        if (d == 0) return "0";
        return JsNumber.Create(d).ToString();
    }

    /// <summary>Text of a console.log argument without running student code.</summary>
    public static string ConsoleText(JsValue v) => v.Type switch
    {
        Jint.Runtime.Types.String => v.ToString(),
        Jint.Runtime.Types.Number => Number(v.AsNumber()),
        Jint.Runtime.Types.Undefined => "undefined",
        Jint.Runtime.Types.Null => "null",
        Jint.Runtime.Types.Boolean => v.AsBoolean() ? "true" : "false",
        _ => Display(FromJs(v), 1000),
    };

    /// <summary>Invariant culture helper kept for symmetry with the item format (decimal points).</summary>
    public static string Points(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
