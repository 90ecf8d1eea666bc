using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using Jint;
using Jint.Constraints;
using Jint.Native;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Sandbox;

/// <summary>
/// Grades JavaScript submissions of <see cref="ProgramItem"/>s in a Jint sandbox: a new engine per
/// submission, every limit finite, results compared in C#. Stateless apart from its options and a
/// cache of parsed test data, so one instance may be shared and called from many threads at once.
/// Hostile code ends as an outcome value; only misuse of the API throws.
/// </summary>
public sealed class ProgramGrader
{
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly Prepared<Acornima.Ast.Script>? _scriptPrelude;

    /// <summary>Arguments and expected values of each item's tests, parsed from JSON once per item instance (items are immutable; the table is thread-safe and lets items be collected).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ProgramItem, ParsedTest[]> _parsedTests = new();

    /// <summary>A test's parsed values; <see cref="Arguments"/> is null when its JSON is invalid (that test then fails with an internal error, as before caching).</summary>
    private sealed record ParsedTest(ImmutableArray<JValue>? Arguments, JValue Expected)
    {
        public static ParsedTest From(ProgramTest t)
        {
            ImmutableArray<JValue>? args;
            try { args = Values.FromJson(t.ArgumentsJson) is JArray a ? a.Items : []; }
            catch (System.Text.Json.JsonException) { args = null; }
            return new ParsedTest(args, Values.FromJson(t.ExpectedJson));
        }
    }

    /// <summary>Creates a grader.</summary>
    /// <param name="options">Limits; <see cref="SandboxOptions.Default"/> when null. Validated here.</param>
    /// <param name="time">Clock used to measure the submission deadline between tests; <see cref="TimeProvider.System"/> when null. (Inside a test Jint measures wall-clock time itself.)</param>
    /// <exception cref="ArgumentException">An option is not positive and finite.</exception>
    public ProgramGrader(SandboxOptions? options = null, TimeProvider? time = null)
        : this(options, time, scriptPrelude: false)
    {
    }

    /// <summary>
    /// With <paramref name="scriptPrelude"/> true, hardens each engine by running the former JavaScript
    /// <see cref="Prelude"/> instead of installing the native wrappers — only for benchmarks and tests
    /// that compare the two.
    /// </summary>
    internal ProgramGrader(SandboxOptions? options, TimeProvider? time, bool scriptPrelude)
    {
        _options = options ?? SandboxOptions.Default;
        _options.Validate();
        _time = time ?? TimeProvider.System;
        if (scriptPrelude) _scriptPrelude = Engine.PrepareScript(Prelude.Source(_options.MaxStringLength), "sandbox-prelude.js");
    }

    /// <summary>
    /// Grades a built-in exercise a number of times so that the JIT has optimised the interpreter
    /// before real submissions arrive. In a cold process the first submissions run several times
    /// slower and can hit the wall-clock limits; call this once at start-up (it takes well under a second).
    /// </summary>
    public void WarmUp()
    {
        var item = new ProgramItem
        {
            Id = "warm-up",
            Metadata = new ItemMetadata { Subject = "プログラミング", Grade = 6, Format = ItemFormat.Constructed, Points = 1 },
            Prompt = "",
            EntryFunction = "f",
            Tests = [new ProgramTest { Number = 1, ArgumentsJson = "[300]", ExpectedJson = "300" }],
        };
        const string source = """
            function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
            function f(n) {
              const a = [], o = {};
              let s = '';
              for (let i = 0; i < n; i++) { a.push({ i, t: 'x' + i }); o['k' + (i % 10)] = i; s += i % 3 === 0 ? 'Fizz' : String(i); }
              const m = a.map(x => x.i * 2).filter(x => x % 3 === 0).reduce((p, c) => p + c, 0);
              const r = Array.from('𠮷野家' + s.slice(0, 20)).reverse().join('').replace(/z/g, 'Z').padEnd(40, '.').repeat(2);
              JSON.stringify({ a: a.slice(0, 5), o, r }); console.log(m, r.length, fib(12), Math.random() < 2, Date.now() > 0);
              try { null.x; } catch (e) { String(e); }
              return a.length;
            }
            """;
        for (int i = 0; i < 60; i++) Grade(item, source + "//" + i);
    }

    /// <summary>The limits in force.</summary>
    public SandboxOptions Options => _options;

    /// <summary>Runs every test of <paramref name="item"/> against <paramref name="source"/> and returns the grade.</summary>
    /// <param name="item">The exercise.</param>
    /// <param name="source">The student's JavaScript source.</param>
    /// <param name="ct">Cancels the grading; running code stops at its next statement and the remaining tests end as <see cref="SandboxLimit.Cancelled"/>.</param>
    public ProgramGrade Grade(ProgramItem item, string source, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(source);
        var o = _options;
        long start = _time.GetTimestamp();
        long allocatedAtStart = GC.GetAllocatedBytesForCurrentThread();

        var (limit, limitLine) = SourceGuard.Check(source, o);
        if (limit != SandboxLimit.None) return Whole(item, Failure.LimitHit(limit, limitLine > 0 ? limitLine : null), "");

        Prepared<Acornima.Ast.Script> script;
        try
        {
            script = Engine.PrepareScript(source, "submission.js");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Whole(item, Failure.From(e, ct), "");
        }

        var output = new OutputBuffer(o.MaxOutputLength);
        var deadline = new OperationDeadlineConstraint();
        var engine = SandboxEngine.Create(o, deadline, output, nativeHardening: _scriptPrelude is null);
        deadline.Begin(o.SubmissionTimeout, ct);
        try
        {
            JsValue entry;
            try
            {
                if (_scriptPrelude is { } prelude) engine.Execute(in prelude);
                engine.Execute(in script);
                entry = engine.Global.GetOwnProperty(item.EntryFunction) is { } d && d != Jint.Runtime.Descriptors.PropertyDescriptor.Undefined && d.IsDataDescriptor()
                    ? d.Value
                    : engine.Evaluate(item.EntryFunction);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var f = Failure.From(e, ct);
                if (f.Outcome == ProgramOutcome.RuntimeError && e is Jint.Runtime.JavaScriptException && !IsDeclared(source, item.EntryFunction))
                    f = f with { Message = $"関数 {item.EntryFunction} が見つかりません" , Line = null };
                return Whole(item, f, output.TakeSegment());
            }
            var topOutput = output.TakeSegment();
            if (entry is not Jint.Native.Function.Function)
                return Whole(item, new Failure(ProgramOutcome.RuntimeError, SandboxLimit.None, $"関数 {item.EntryFunction} が見つかりません", null, null), topOutput);

            var results = ImmutableArray.CreateBuilder<ProgramTestResult>(item.Tests.Length);
            var parsed = _parsedTests.GetValue(item, static i => [.. i.Tests.Select(ParsedTest.From)]);
            for (int n = 0; n < item.Tests.Length; n++)
            {
                var test = item.Tests[n];
                Failure? stop = null;
                if (ct.IsCancellationRequested) stop = Failure.LimitHit(SandboxLimit.Cancelled);
                else if (_time.GetElapsedTime(start) >= o.SubmissionTimeout) stop = Failure.LimitHit(SandboxLimit.Time);
                else if (GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart > o.MaxMemoryPerSubmission) stop = Failure.LimitHit(SandboxLimit.Memory);
                if (stop is not null) { results.Add(TestResult(test, stop, null, null, null)); continue; }

                var expected = parsed[n].Expected;
                JValue actual;
                try
                {
                    var args = parsed[n].Arguments ?? throw new System.Text.Json.JsonException("invalid arguments JSON");
                    var jsArgs = new JsValue[args.Length];
                    for (int k = 0; k < args.Length; k++) jsArgs[k] = Values.ToJs(engine, args[k]);
                    var value = engine.Invoke(entry, JsValue.Undefined, jsArgs);
                    actual = Values.FromJs(value);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    results.Add(TestResult(test, Failure.From(e, ct), expected, null, output.TakeSegment()));
                    continue;
                }
                var ok = Values.Matches(expected, actual, test.Comparison, test.Tolerance);
                results.Add(TestResult(test, ok ? null : new Failure(ProgramOutcome.Failed, SandboxLimit.None, null, null, null), expected, actual, output.TakeSegment()));
            }
            return Finish(item, results.MoveToImmutable(), null, topOutput);
        }
        finally
        {
            deadline.End();
        }
    }

    private static bool IsDeclared(string source, string name) => source.Contains(name, StringComparison.Ordinal);

    private static ProgramTestResult TestResult(ProgramTest test, Failure? failure, JValue? expected, JValue? actual, string? output)
    {
        var outcome = failure?.Outcome ?? ProgramOutcome.Passed;
        var limit = failure?.Limit ?? SandboxLimit.None;
        var expectedText = expected is null ? null : Values.Display(expected);
        var actualText = actual is null ? null : Values.Display(actual);
        return new ProgramTestResult
        {
            Number = test.Number,
            Hidden = test.Hidden,
            Outcome = outcome,
            Points = outcome == ProgramOutcome.Passed ? test.Points : 0m,
            MaxPoints = test.Points,
            Limit = limit,
            Expected = test.Hidden ? null : expectedText,
            Actual = test.Hidden ? null : actualText,
            ErrorMessage = test.Hidden ? null : failure?.Message,
            Line = test.Hidden ? null : failure?.Line,
            Output = test.Hidden ? null : output,
            Feedback = Feedback.Test(test.Number, test.Hidden, outcome, limit, expectedText, actualText, failure?.Message, failure?.Line),
        };
    }

    /// <summary>The whole submission failed before any test could run: every test gets the same failure.</summary>
    private static ProgramGrade Whole(ProgramItem item, Failure failure, string output)
    {
        var tests = item.Tests.Select(t => TestResult(t, failure, t.Hidden ? null : Values.FromJson(t.ExpectedJson), null, null)).ToImmutableArray();
        return Finish(item, tests, failure, output);
    }

    private static ProgramGrade Finish(ProgramItem item, ImmutableArray<ProgramTestResult> tests, Failure? whole, string output)
    {
        var firstBad = tests.FirstOrDefault(t => !t.Passed);
        var grade = new ProgramGrade
        {
            ItemId = item.Id,
            Score = tests.Sum(t => t.Points),
            MaxScore = tests.Sum(t => t.MaxPoints),
            Outcome = whole?.Outcome ?? firstBad?.Outcome ?? ProgramOutcome.Passed,
            Limit = whole?.Limit ?? firstBad?.Limit ?? SandboxLimit.None,
            Line = whole?.Line,
            Column = whole?.Column,
            Tests = tests,
            Output = output,
            Feedback = "",
        };
        var sb = new StringBuilder();
        sb.Append(Feedback.Summary(grade, tests.Count(t => t.Passed)));
        if (whole is { Outcome: ProgramOutcome.SyntaxError or ProgramOutcome.RuntimeError, Message: not null })
        {
            sb.Append('\n').Append(whole.Outcome == ProgramOutcome.SyntaxError ? "構文エラー" : "実行時エラー");
            if (whole.Line is > 0) sb.Append($"（{whole.Line}行目{(whole.Column is > 0 ? $"、{whole.Column}列目" : "")}）");
            sb.Append(": ").Append(whole.Message);
        }
        else if (whole is { Outcome: ProgramOutcome.LimitExceeded })
        {
            sb.Append('\n').Append(Feedback.LimitName(whole.Limit)).Append("をこえたため止めました。");
        }
        foreach (var t in tests) sb.Append('\n').Append(t.Feedback);
        return grade with { Feedback = sb.ToString() };
    }
}
