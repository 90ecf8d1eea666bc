using System.Globalization;
using System.Text;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Sendai.Cbt.Sandbox;

/// <summary>Builds one hardened engine per submission. Holds no state of its own.</summary>
internal static class SandboxEngine
{
    private static readonly TimeZoneInfo Jst = TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", TimeSpan.FromHours(9), "JST", "JST");

    /// <summary>A new engine with every limit set, the capped built-ins installed (unless <paramref name="nativeHardening"/> is false: then the caller runs the script <see cref="Prelude"/>), console capture, fixed clock and seeded random.</summary>
    public static Engine Create(SandboxOptions o, OperationDeadlineConstraint deadline, OutputBuffer output, bool nativeHardening = true)
    {
        var engine = new Engine(opts =>
        {
            opts.Strict = false;
            opts.Interop.Enabled = false;
            opts.DisableStringCompilation();
            opts.TimeoutInterval(o.TestTimeout);
            opts.MaxStatements(o.MaxStatements);
            opts.LimitMemory(o.MaxMemoryPerTest);
            opts.LimitRecursion(o.MaxRecursionDepth);
            opts.Constraints.StackOverflowGuard = true;
            opts.Constraints.MaxArraySize = (uint)o.MaxArraySize;
            opts.Constraints.RegexTimeout = o.RegexTimeout;
            opts.Constraints.PromiseTimeout = o.TestTimeout;
            opts.Constraint(deadline);
            opts.Culture = CultureInfo.InvariantCulture;
            opts.TimeSystem = new FixedTimeSystem(o.FixedNow, Jst);
            opts.Json.MaxParseDepth = 64;
        });

        if (nativeHardening) Hardening.Install(engine, o);

        var math = (Jint.Native.Object.ObjectInstance)engine.Global.GetOwnProperty("Math").Value;
        var random = new SplitMix64(o.RandomSeed);
        math.FastSetProperty("random", new PropertyDescriptor(
            new ClrFunction(engine, "random", (_, _) => random.NextDouble(), 0, PropertyFlag.Configurable),
            PropertyFlag.Writable | PropertyFlag.Configurable));

        var console = new JsObject(engine);
        foreach (var name in new[] { "log", "info", "warn", "error", "debug" })
        {
            console.FastSetProperty(name, new PropertyDescriptor(
                new ClrFunction(engine, name, (_, args) => { output.WriteLine(args); return JsValue.Undefined; }, 0, PropertyFlag.Configurable),
                PropertyFlag.Writable | PropertyFlag.Configurable));
        }
        engine.Global.FastSetProperty("console", new PropertyDescriptor(console, PropertyFlag.Writable | PropertyFlag.Configurable));
        return engine;
    }

    /// <summary>The clock the student sees: always the same instant, Japan time.</summary>
    private sealed class FixedTimeSystem(DateTimeOffset now, TimeZoneInfo zone) : ITimeSystem
    {
        private readonly DefaultTimeSystem _inner = new(zone, CultureInfo.InvariantCulture);
        public DateTimeOffset GetUtcNow() => now.ToUniversalTime();
        public TimeZoneInfo DefaultTimeZone => zone;
        public bool TryParse(string date, out long epochMilliseconds) => _inner.TryParse(date, out epochMilliseconds);
        public TimeSpan GetUtcOffset(long epochMilliseconds) => _inner.GetUtcOffset(epochMilliseconds);
    }

    /// <summary>Seeded Math.random (SplitMix64), one per engine.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;
        public JsValue NextDouble()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return JsNumber.Create((z >> 11) * (1.0 / (1UL << 53)));
        }
    }
}

/// <summary>Captured console output with a cap; split into segments (top level, then one per test).</summary>
internal sealed class OutputBuffer(int max)
{
    private readonly StringBuilder _all = new();
    private int _segmentStart;
    private bool _truncated;

    public void WriteLine(JsValue[] args)
    {
        if (_all.Length >= max) { _truncated = true; return; }
        for (int i = 0; i < args.Length && _all.Length < max; i++)
        {
            if (i > 0) _all.Append(' ');
            var text = Values.ConsoleText(args[i]);
            _all.Append(text.Length > max - _all.Length ? text[..Math.Max(0, max - _all.Length)] : text);
        }
        if (_all.Length < max) _all.Append('\n');
        else _truncated = true;
    }

    /// <summary>Returns the output written since the previous call.</summary>
    public string TakeSegment()
    {
        var s = _all.ToString(_segmentStart, _all.Length - _segmentStart);
        _segmentStart = _all.Length;
        if (_truncated) { s += "…（出力が多すぎるため省略しました）\n"; _truncated = false; }
        return s;
    }
}
