using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Items;
using Xunit;
using static Sendai.Cbt.Sandbox.Tests.TestItems;

namespace Sendai.Cbt.Sandbox.Tests;

[Collection(TimingCollection.Name)]
public class HarnessTests
{
    [Fact]
    public void VisibleFailureShowsExpectedAndActualInJapanese()
    {
        var item = Item("sum", T(1, "[5]", "15"), T(2, "[3]", "6"), T(3, "[5]", "15"));
        var g = Grader.Grade(item, "function sum(n){ let s=0; for(let i=1;i<n;i++) s+=i; return s + (n === 3 ? 3 : 4); }");
        Assert.Equal(ProgramOutcome.Failed, g.Outcome);
        Assert.Equal("テスト1: 期待値 15、実際 14", g.Tests[0].Feedback);
        Assert.Equal("15", g.Tests[0].Expected);
        Assert.Equal("14", g.Tests[0].Actual);
        Assert.True(g.Tests[1].Passed);
        Assert.Contains("3個のテストのうち1個が正解です（1/3点）", g.Feedback);
    }

    [Fact]
    public void StringsAreQuotedInFeedback()
    {
        var g = Grader.Grade(Item("f", T(1, "[]", "\"Fizz\"")), "function f(){ return 'fizz'; }");
        Assert.Equal("テスト1: 期待値 \"Fizz\"、実際 \"fizz\"", g.Tests[0].Feedback);
    }

    [Fact]
    public void HiddenTestsRevealNothingButPassedOrFailed()
    {
        var item = Item("f", T(1, "[\"ひみつの入力\", 987654]", "\"ひみつの答え\"", hidden: true), T(2, "[\"ひみつの入力\", 987654]", "123456789", hidden: true));
        foreach (var source in new[]
        {
            "function f(a, b){ console.log(a, b); throw new Error('入力は ' + a + b); }",
            "function f(a, b){ console.log(a, b); return a + b; }",
            "function f(a, b){ return 'ひみつの答え'; }",
            "function f(a, b){ if (a === 'ひみつの入力') for(;;){} }",
        })
        {
            var g = Grader.Grade(item, source);
            foreach (var t in g.Tests)
            {
                Assert.Null(t.Expected); Assert.Null(t.Actual); Assert.Null(t.ErrorMessage); Assert.Null(t.Output); Assert.Null(t.Line);
                Assert.Matches(@"^テスト\d（非公開）: (正解|不正解)$", t.Feedback);
            }
            foreach (var secret in new[] { "ひみつ", "987654", "123456789" }) Assert.DoesNotContain(secret, g.Feedback);
            Assert.DoesNotContain("987654", g.Output);
        }
    }

    [Theory]
    [InlineData("function f(s){ return '  a   b '; }", "\"a b\"", ProgramComparison.IgnoreWhitespace, 0, true)]
    [InlineData("function f(s){ return 'a b c'; }", "\"a  b\"", ProgramComparison.IgnoreWhitespace, 0, false)]
    [InlineData("function f(){ return 0.1 + 0.2; }", "0.3", ProgramComparison.Numeric, 1e-9, true)]
    [InlineData("function f(){ return 0.1 + 0.2; }", "0.3", ProgramComparison.Exact, 0, false)]
    [InlineData("function f(){ return 3.2; }", "3", ProgramComparison.Numeric, 0.1, false)]
    [InlineData("function f(){ return [1, 2.0000001]; }", "[1, 2]", ProgramComparison.Numeric, 0.001, true)]
    [InlineData("function f(){ return '5'; }", "5", ProgramComparison.Exact, 0, false)]
    [InlineData("function f(){ return true; }", "1", ProgramComparison.Exact, 0, false)]
    [InlineData("function f(){ return null; }", "null", ProgramComparison.Exact, 0, true)]
    [InlineData("function f(){ return undefined; }", "null", ProgramComparison.Exact, 0, false)]
    [InlineData("function f(){ return {b: [1, {c: 'x'}], a: 1}; }", "{\"a\": 1, \"b\": [1, {\"c\": \"x\"}]}", ProgramComparison.Deep, 0, true)]
    [InlineData("function f(){ return {a: 1, b: 2}; }", "{\"a\": 1}", ProgramComparison.Deep, 0, false)]
    [InlineData("function f(){ return [1, [2, 3]]; }", "[1, [2, 3]]", ProgramComparison.Deep, 0, true)]
    [InlineData("function f(){ return [1, [2, 3]]; }", "[1, [3, 2]]", ProgramComparison.Deep, 0, false)]
    [InlineData("function f(){ return [1, , 3]; }", "[1, null, 3]", ProgramComparison.Deep, 0, false)]
    [InlineData("function f(){ return NaN; }", "0", ProgramComparison.Numeric, 1, false)]
    [InlineData("function f(){ return -0; }", "0", ProgramComparison.Exact, 0, true)]
    [InlineData("function f(){ return '𠮷'; }", "\"𠮷\"", ProgramComparison.Exact, 0, true)]
    public void ComparisonModes(string source, string expected, ProgramComparison mode, double tol, bool passes)
    {
        var g = Grader.Grade(Item("f", T(1, "[]", expected, cmp: mode, tol: tol)), source);
        Assert.Equal(passes, g.Tests[0].Passed);
    }

    [Fact]
    public void ArgumentsArriveAsFreshJavaScriptValues()
    {
        var item = Item("f", T(1, "[[1, 2], {\"k\": \"値\"}, null, true, 1.5, \"s\"]", "\"1,2|値||true|1.5|s\""));
        var g = Grader.Grade(item, "Object.defineProperty(Object.prototype, 'k', { set(v){ throw 1; } }); function f(a, o, n, b, x, s){ return [a.join(','), o.k, n, b, x, s].join('|'); }");
        Assert.True(g.Tests[0].Passed, g.Feedback);
    }

    [Fact]
    public void PerTestPointsAndScore()
    {
        var item = Item("f", T(1, "[1]", "1", points: 2), T(2, "[2]", "2", points: 3), T(3, "[3]", "3", hidden: true, points: 5));
        var g = Grader.Grade(item, "function f(n){ return n === 2 ? 0 : n; }");
        Assert.Equal(7m, g.Score);
        Assert.Equal(10m, g.MaxScore);
        Assert.Equal([2m, 0m, 5m], g.Tests.Select(t => t.Points));
    }

    [Fact]
    public void SyntaxErrorHasLineAndColumn()
    {
        var g = Grader.Grade(Add, "function add(a, b) {\n  return a +;\n}");
        Assert.Equal(ProgramOutcome.SyntaxError, g.Outcome);
        Assert.Equal(2, g.Line);
        Assert.NotNull(g.Column);
        Assert.StartsWith("構文エラー（2行目、", g.Feedback);
        Assert.All(g.Tests, t => Assert.Equal(ProgramOutcome.SyntaxError, t.Outcome));
    }

    [Fact]
    public void RuntimeErrorHasMessageAndLine()
    {
        var g = Grader.Grade(Add, "function add(a, b) {\n  const x = null;\n  return x.y;\n}");
        Assert.Equal(ProgramOutcome.RuntimeError, g.Outcome);
        Assert.Equal(3, g.Tests[0].Line);
        Assert.Contains("TypeError", g.Tests[0].ErrorMessage);
        Assert.StartsWith("テスト1: 実行時エラー（3行目）: TypeError", g.Tests[0].Feedback);
    }

    [Fact]
    public void ThrownNonErrorValuesAreRuntimeErrors()
    {
        foreach (var thrown in new[] { "42", "'文字列'", "null", "undefined", "{a: 1}", "[1, 2]", "Symbol('s')", "function(){}" })
        {
            var g = Grader.Grade(Add, $"function add(a, b) {{ throw {thrown}; }}");
            Assert.Equal(ProgramOutcome.RuntimeError, g.Outcome);
            Assert.NotNull(g.Tests[0].ErrorMessage);
        }
    }

    [Fact]
    public void MissingEntryFunctionIsARuntimeError()
    {
        var g = Grader.Grade(Add, "function plus(a, b) { return a + b; }");
        Assert.Equal(ProgramOutcome.RuntimeError, g.Outcome);
        Assert.Contains("関数 add が見つかりません", g.Feedback);
    }

    [Fact]
    public void EntryMayBeConstArrowFunction()
        => Assert.Equal(ProgramOutcome.Passed, Grader.Grade(Add, "const add = (a, b) => a + b;").Outcome);

    [Fact]
    public void ConsoleOutputIsCapturedPerVisibleTest()
    {
        var g = Grader.Grade(Add, "console.log('top', [1, 'a'], {x: 1}); function add(a, b) { console.log('sum', a + b); return a + b; }");
        Assert.Equal("top [1, \"a\"] {\"x\": 1}\n", g.Output);
        Assert.Equal("sum 5\n", g.Tests[0].Output);
        Assert.Null(g.Tests[1].Output);
    }

    [Fact]
    public void ClockAndRandomAreFixed()
    {
        var item = Item("f", T(1, "[]", "null"));
        const string src = "function f(){ console.log(Date.now(), new Date().getHours(), Math.random(), Math.random()); return null; }";
        var a = Grader.Grade(item, src).Tests[0].Output;
        var b = new ProgramGrader().Grade(item, src).Tests[0].Output;
        Assert.Equal(a, b);
        Assert.StartsWith("1743465600000 9 0.", a);
        var other = new ProgramGrader(SandboxOptions.Default with { RandomSeed = 7 }).Grade(item, src).Tests[0].Output;
        Assert.NotEqual(a, other);
    }

    [Fact]
    public void EachSubmissionGetsAFreshRealm()
    {
        var item = Item("f", T(1, "[]", "\"clean\""));
        Grader.Grade(item, "globalThis.leak = 'dirty'; Array.prototype.map = null; String.prototype.toString = () => 'x'; function f(){ return 1; }");
        var g = Grader.Grade(item, "function f(){ return typeof leak === 'undefined' && typeof [].map === 'function' ? 'clean' : 'dirty'; }");
        Assert.True(g.Tests[0].Passed);
    }

    [Fact]
    public void InvalidOptionsListEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new ProgramGrader(SandboxOptions.Default with { MaxStatements = 0, TestTimeout = TimeSpan.Zero, MaxArraySize = -1 }));
        Assert.Contains("MaxStatements", e.Message);
        Assert.Contains("TestTimeout", e.Message);
        Assert.Contains("MaxArraySize", e.Message);
    }

    [Fact]
    public void CancellationStopsGrading()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var g = Grader.Grade(Add, "function add(a,b){ while(true){} }", cts.Token);
        Assert.Equal(ProgramOutcome.LimitExceeded, g.Outcome);
        Assert.Equal(SandboxLimit.Cancelled, g.Limit);
    }

    [Fact]
    public void ParallelGradingMatchesSequential()
    {
        var items = ExerciseTests.Ids.Select(ExerciseTests.Load).ToArray();
        var jobs = new List<(ProgramItem Item, string Source)>();
        foreach (var item in items)
        {
            jobs.Add((item, item.ReferenceSolution!));
            jobs.Add((item, item.StarterCode));
            jobs.Add((item, "function " + item.EntryFunction + "(){ return Math.random() < 0.5 ? 1 : [Date.now()]; }"));
        }
        string Key(ProgramGrade g) => $"{g.Score}|{g.Outcome}|{g.Feedback}|{string.Join(",", g.Tests.Select(t => t.Outcome))}";
        var sequential = jobs.Select(j => Key(Grader.Grade(j.Item, j.Source))).ToArray();
        var parallel = new string[jobs.Count * 8];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Key(Grader.Grade(jobs[i % jobs.Count].Item, jobs[i % jobs.Count].Source)));
        for (int i = 0; i < parallel.Length; i++) Assert.Equal(sequential[i % jobs.Count], parallel[i]);
    }

    [Property(MaxTest = 50)]
    public Property ScoreLiesBetweenZeroAndMax(NonNegativeInt a, NonNegativeInt b, bool hidden)
    {
        var item = Item("add", T(1, $"[{a.Get}, {b.Get}]", $"{a.Get + b.Get}", hidden: hidden), T(2, "[1, 1]", "2", points: 2));
        var g = Grader.Grade(item, "function add(x, y){ return x > 50 ? x : x + y; }");
        return (g.Score >= 0 && g.Score <= g.MaxScore && g.MaxScore == 3m).ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property GradingArbitrarySourceNeverThrows(string source)
    {
        var g = Grader.Grade(Add, source ?? "");
        return (g.Tests.Length == 2).ToProperty();
    }
}
