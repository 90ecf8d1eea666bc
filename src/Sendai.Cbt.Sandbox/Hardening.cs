using System.Runtime.CompilerServices;
using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Sendai.Cbt.Sandbox;

/// <summary>
/// Installs the capped built-ins into a fresh engine as native functions, before any student code runs.
/// It replaces the built-ins that can build a huge string in a single call (where Jint's per-statement
/// memory check cannot see it) with versions that check the result length first (<c>repeat</c>,
/// <c>padStart</c>, <c>padEnd</c>, <c>replace</c>, <c>replaceAll</c>, <c>RegExp.prototype[Symbol.replace]</c>)
/// or that build the result element by element against the cap, checking the engine's constraints as
/// they go (<c>Array.prototype.join</c>/<c>toString</c>/<c>toLocaleString</c>, <c>String.prototype.concat</c>,
/// <c>String.raw</c>, <c>JSON.stringify</c>), and deletes the globals that allocate outside every limit
/// (typed arrays, <c>ArrayBuffer</c>, …). The originals are captured here, in C#, so a student who later
/// overwrites or deletes built-ins only changes their own realm. This does the same as the former script
/// prelude (kept as <see cref="Prelude"/> for comparison) at a fraction of the set-up cost.
/// </summary>
internal sealed class Hardening
{
    /// <summary>Globals removed from every engine.</summary>
    internal static readonly string[] DroppedGlobals =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "Int8Array", "Uint8Array", "Uint8ClampedArray",
        "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array",
        "BigUint64Array", "WeakRef", "FinalizationRegistry", "ShadowRealm", "Temporal", "WebAssembly",
    ];

    /// <summary>Nesting of <c>JSON.stringify</c> accepted before it stops (as the former prelude).</summary>
    private const int MaxJsonDepth = 512;

    /// <summary>Elements a native loop handles between two constraint checks (time, memory, statements, deadline).</summary>
    private const int CheckInterval = 64;

    private const PropertyFlag MethodFlags = PropertyFlag.Writable | PropertyFlag.Configurable;

    private readonly Engine _engine;
    private readonly int _max;
    private readonly int _maxDepth;
    private readonly JsValue _rangeError;
    private readonly JsValue _origRepeat, _origPadStart, _origPadEnd, _origReplace, _origReplaceAll, _origStringify, _regExpReplace;
    private int _depth;

    private Hardening(Engine engine, int maxStringLength, int maxDepth)
    {
        _engine = engine;
        _max = maxStringLength;
        _maxDepth = maxDepth;
        var global = engine.Global;
        _rangeError = global.Get("RangeError");
        var stringCtor = (ObjectInstance)global.Get("String");
        var sp = (ObjectInstance)stringCtor.Get("prototype");
        var ap = (ObjectInstance)((ObjectInstance)global.Get("Array")).Get("prototype");
        var rp = (ObjectInstance)((ObjectInstance)global.Get("RegExp")).Get("prototype");
        var json = (ObjectInstance)global.Get("JSON");
        // the well-known symbol itself, without materialising the Symbol constructor
        var symbolReplace = Jint.Native.Symbol.GlobalSymbolRegistry.Replace;

        _origRepeat = sp.Get("repeat");
        _origPadStart = sp.Get("padStart");
        _origPadEnd = sp.Get("padEnd");
        _origReplace = sp.Get("replace");
        _origReplaceAll = sp.Get("replaceAll");
        _origStringify = json.Get("stringify");
        _regExpReplace = rp.Get(symbolReplace);

        Define(sp, "repeat", 1, Repeat);
        Define(sp, "padStart", 2, (t, a) => Pad(_origPadStart, t, a));
        Define(sp, "padEnd", 2, (t, a) => Pad(_origPadEnd, t, a));
        Define(sp, "concat", 1, Concat);
        Define(sp, "replace", 2, (t, a) => Replace(_origReplace, t, a, all: false));
        Define(sp, "replaceAll", 2, (t, a) => Replace(_origReplaceAll, t, a, all: true));
        rp.FastSetProperty(symbolReplace, new PropertyDescriptor(
            new ClrFunction(engine, "[Symbol.replace]", RegExpReplace, 2, PropertyFlag.Configurable), MethodFlags));
        Define(ap, "join", 1, Join);
        Define(ap, "toString", 0, (t, _) => Join(t, []));
        Define(ap, "toLocaleString", 0, ToLocaleString);
        Define(stringCtor, "raw", 1, Raw);
        Define(json, "stringify", 3, Stringify);

        foreach (var name in DroppedGlobals) global.Delete(name);
    }

    /// <summary>Hardens <paramref name="engine"/>; call once, on a fresh engine, before any other script runs.</summary>
    public static void Install(Engine engine, SandboxOptions options) => _ = new Hardening(engine, options.MaxStringLength, options.MaxRecursionDepth);

    private void Define(ObjectInstance target, string name, int length, Func<JsValue, JsValue[], JsValue> body) =>
        target.FastSetProperty(name, new PropertyDescriptor(new ClrFunction(_engine, name, body, length, PropertyFlag.Configurable), MethodFlags));

    private static bool Nullish(JsValue value) => value.Type is Types.Null or Types.Undefined;

    private static JsValue Index(ulong i) => i <= int.MaxValue ? JsNumber.Create((int)i) : JsNumber.Create((double)i);

    private static JsValue Arg(JsValue[] args, int i) => i < args.Length ? args[i] : JsValue.Undefined;

    private JavaScriptException Error(JsValue constructor, string message) => new(_engine.Construct(constructor, [JsString.Create(message)]));

    /// <summary>A TypeError of the engine's own realm (the intrinsic, whatever the student did to the global binding).</summary>
    private JavaScriptException TypeError(string message) => new(_engine.Intrinsics.TypeError, message);

    private JavaScriptException TooLong() => Error(_rangeError, "Invalid string length");

    /// <summary>ToString of <c>this</c> for String.prototype methods (TypeError on null and undefined).</summary>
    private string ThisString(JsValue thisObject)
    {
        if (Nullish(thisObject)) throw TypeError("String.prototype method called on null or undefined");
        return TypeConverter.ToString(thisObject);
    }

    private ObjectInstance ToObject(JsValue value)
    {
        if (value is ObjectInstance o) return o;
        if (Nullish(value)) throw TypeError("Cannot convert undefined or null to object");
        return (ObjectInstance)_engine.Call(_engine.Intrinsics.Object, JsValue.Undefined, [value]);
    }

    /// <summary>The prelude's <c>toInt</c>: ToNumber, NaN → 0, truncated towards zero (infinities kept).</summary>
    private static double ToInt(JsValue value)
    {
        var n = TypeConverter.ToNumber(value);
        return double.IsNaN(n) ? 0 : Math.Truncate(n);
    }

    private static ulong ToLength(JsValue value)
    {
        var n = ToInt(value);
        return n <= 0 ? 0 : n >= 9007199254740991 ? 9007199254740991UL : (ulong)n;
    }

    /// <summary>Guards the native recursion of the wrappers (join → element's toString → join …), which Jint's call-depth limit cannot see.</summary>
    private void Enter()
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > _maxDepth)
        {
            _depth--;
            throw Error(_rangeError, "Maximum call stack size exceeded");
        }
    }

    private void Exit() => _depth--;

    private JsValue Repeat(JsValue thisObject, JsValue[] args)
    {
        var s = ThisString(thisObject);
        var count = Arg(args, 0);
        var n = ToInt(count);
        if (s.Length > 0 && n > 0 && s.Length * n > _max) throw TooLong();
        return _engine.Call(_origRepeat, JsString.Create(s), [count]);
    }

    private JsValue Pad(JsValue original, JsValue thisObject, JsValue[] args)
    {
        if (ToInt(Arg(args, 0)) > _max) throw TooLong();
        return _engine.Call(original, thisObject, args);
    }

    private JsValue Concat(JsValue thisObject, JsValue[] args)
    {
        var s = ThisString(thisObject);
        if (args.Length == 0) return JsString.Create(s);
        var sb = new StringBuilder(s);
        for (int i = 0; i < args.Length; i++)
        {
            var t = TypeConverter.ToString(args[i]);
            if (sb.Length + (long)t.Length > _max) throw TooLong();
            sb.Append(t);
            if (i % CheckInterval == CheckInterval - 1) _engine.Constraints.Check();
        }
        return JsString.Create(sb.ToString());
    }

    /// <summary>The replacement to pass on: a function wrapped to count what it returns, or the string after checking the worst case.</summary>
    private JsValue Bounded(string s, JsValue replacement, double maxMatches)
    {
        if (replacement.IsCallable())
        {
            var user = replacement;
            long total = s.Length;
            return new ClrFunction(_engine, "", (_, a) =>
            {
                var r = TypeConverter.ToString(_engine.Call(user, JsValue.Undefined, a));
                total += r.Length;
                if (total > _max) throw TooLong();
                return JsString.Create(r);
            }, 0, PropertyFlag.Configurable);
        }
        var text = TypeConverter.ToString(replacement);
        int dollars = 0;
        foreach (var c in text) if (c == '$') dollars++;
        if (s.Length + maxMatches * (text.Length + (double)dollars * s.Length) > _max) throw TooLong();
        return JsString.Create(text);
    }

    private static double MatchesBound(string s, JsValue pattern, bool all)
    {
        if (!pattern.IsString()) return s.Length + 1;
        if (!all) return 1;
        var p = pattern.ToString();
        if (p.Length == 0) return s.Length + 1;
        int n = 0, i = 0;
        while ((i = s.IndexOf(p, i, StringComparison.Ordinal)) != -1) { n++; i += p.Length; }
        return n;
    }

    private JsValue Replace(JsValue original, JsValue thisObject, JsValue[] args, bool all)
    {
        var s = ThisString(thisObject);
        var pattern = Arg(args, 0);
        var replacement = Bounded(s, Arg(args, 1), MatchesBound(s, pattern, all));
        return _engine.Call(original, JsString.Create(s), [pattern, replacement]);
    }

    private JsValue RegExpReplace(JsValue thisObject, JsValue[] args)
    {
        var s = TypeConverter.ToString(Arg(args, 0));
        return _engine.Call(_regExpReplace, thisObject, [JsString.Create(s), Bounded(s, Arg(args, 1), s.Length + 1)]);
    }

    private JsValue Join(JsValue thisObject, JsValue[] args)
    {
        var o = ToObject(thisObject);
        var len = ToLength(o.Get("length"));
        var separator = Arg(args, 0);
        var sep = separator.IsUndefined() ? "," : TypeConverter.ToString(separator);
        Enter();
        try
        {
            var sb = new StringBuilder();
            for (ulong i = 0; i < len; i++)
            {
                var e = o.Get(Index(i));
                var t = Nullish(e) ? "" : TypeConverter.ToString(e);
                if (sb.Length + (i > 0 ? (long)sep.Length : 0) + t.Length > _max) throw TooLong();
                if (i > 0) sb.Append(sep);
                sb.Append(t);
                if (i % CheckInterval == CheckInterval - 1) _engine.Constraints.Check();
            }
            return JsString.Create(sb.ToString());
        }
        finally
        {
            Exit();
        }
    }

    private JsValue ToLocaleString(JsValue thisObject, JsValue[] args)
    {
        var o = ToObject(thisObject);
        var len = ToLength(o.Get("length"));
        Enter();
        try
        {
            var sb = new StringBuilder();
            for (ulong i = 0; i < len; i++)
            {
                var e = o.Get(Index(i));
                var t = "";
                if (!Nullish(e))
                {
                    var method = ToObject(e).Get("toLocaleString");
                    if (!method.IsCallable()) throw TypeError("toLocaleString is not a function");
                    t = TypeConverter.ToString(_engine.Call(method, e, []));
                }
                if (sb.Length + 1L + t.Length > _max) throw TooLong();
                if (i > 0) sb.Append(',');
                sb.Append(t);
                if (i % CheckInterval == CheckInterval - 1) _engine.Constraints.Check();
            }
            return JsString.Create(sb.ToString());
        }
        finally
        {
            Exit();
        }
    }

    private JsValue Raw(JsValue thisObject, JsValue[] args)
    {
        var cooked = ToObject(Arg(args, 0));
        var literals = ToObject(cooked.Get("raw"));
        var len = ToLength(literals.Get("length"));
        var sb = new StringBuilder();
        for (ulong i = 0; i < len; i++)
        {
            var t = TypeConverter.ToString(literals.Get(Index(i)));
            var sub = i + 1 < len && i + 1 < (ulong)args.Length ? TypeConverter.ToString(args[(int)i + 1]) : "";
            if (sb.Length + (long)t.Length + sub.Length > _max) throw TooLong();
            sb.Append(t).Append(sub);
            if (i % CheckInterval == CheckInterval - 1) _engine.Constraints.Check();
        }
        return JsString.Create(sb.ToString());
    }

    private JsValue Stringify(JsValue thisObject, JsValue[] args)
    {
        var value = Arg(args, 0);
        var replacer = Arg(args, 1);
        var space = Arg(args, 2);
        var user = replacer.IsCallable() ? replacer : null;
        HashSet<string>? allow = null;
        if (user is null && replacer.IsArray())
        {
            var list = (ObjectInstance)replacer;
            var n = ToLength(list.Get("length"));
            allow = [];
            for (ulong i = 0; i < n; i++)
            {
                allow.Add(TypeConverter.ToString(list.Get(Index(i))));
                if (i % CheckInterval == CheckInterval - 1) _engine.Constraints.Check();
            }
        }
        long total = 0;
        var gapNumber = space.IsNumber() ? TypeConverter.ToNumber(space) : 0;
        int gap = space.IsNumber() ? (double.IsNaN(gapNumber) ? 0 : (int)Math.Clamp(gapNumber, -1, 10)) : space.IsString() ? Math.Min(10, space.ToString().Length) : 0;
        var depths = new Dictionary<JsValue, int>(ReferenceEqualityComparer.Instance);
        var guard = new ClrFunction(_engine, "", (holder, a) =>
        {
            var key = TypeConverter.ToString(Arg(a, 0));
            var v = Arg(a, 1);
            if (allow is not null && key.Length > 0 && !holder.IsArray() && !allow.Contains(key)) return JsValue.Undefined;
            if (user is not null) v = _engine.Call(user, holder, [Arg(a, 0), v]);
            if (v is ObjectInstance && !v.IsCallable())
            {
                var d = (depths.TryGetValue(holder, out var h) ? h : 0) + 1;
                if (d > MaxJsonDepth) throw Error(_rangeError, "Maximum call stack size exceeded");
                depths[v] = d;
            }
            total += key.Length + 4 + gap + (v.IsString() ? v.ToString().Length : 8);
            if (total > _max) throw TooLong();
            return v;
        }, 2, PropertyFlag.Configurable);
        return _engine.Call(_origStringify, thisObject, [value, guard, space]);
    }
}
