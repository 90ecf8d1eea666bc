using Xunit;

namespace Sendai.Cbt.Sandbox.Tests;

/// <summary>
/// The native wrappers (Hardening) behave like the former script prelude on ordinary programs: the same value
/// or the same kind of error for every use of the wrapped built-ins below.
/// </summary>
public class HardeningTests
{
    private static readonly Lazy<ProgramGrader> Script = new(() => new ProgramGrader(null, null, scriptPrelude: true));

    public static TheoryData<string> Expressions() =>
    [
        "'ab'.repeat(3)", "'ab'.repeat(0)", "'ab'.repeat('2')", "''.repeat(1e9)", "(() => { try { return 'a'.repeat(-1); } catch (e) { return e.name; } })()",
        "'5'.padStart(3, '0')", "'5'.padEnd(4)", "'abc'.padStart(2)", "'x'.padEnd(5, 'ab')",
        "'a'.concat(1, null, undefined, [2, 3], {})", "''.concat()", "String.prototype.concat.call(5, 6)",
        "'a-b-c'.replace('-', '+')", "'a-b-c'.replaceAll('-', '+')", "'a-b-c'.replace(/-/g, m => m + m)", "'abc'.replace(/b/, \"[$&$`$']\")",
        "'aaa'.replaceAll('', '.')", "'x1y2'.replace(/\\d/g, d => d * 2)", "/b/[Symbol.replace]('abc', 'B')",
        "(() => { try { return null.replace('a', 'b'); } catch (e) { return e.name; } })()",
        "[1, [2, [3, null]], undefined, 'x'].join()", "[1, 2, 3].join(' - ')", "[].join()", "Array.prototype.join.call({ length: 3, 0: 'a', 2: 'c' }, '+')",
        "Array.prototype.join.call('abc', '|')", "String([1, [2, 3]])", "[1.5, new Date(0).getTime(), 'x'].toLocaleString()", "[null, undefined, 1].toLocaleString()",
        "String.raw`a\\nb${1 + 1}c${'d'}`", "String.raw({ raw: ['x', 'y', 'z'] }, 1)",
        "JSON.stringify({ a: [1, { b: 'c' }], d: null, e: undefined, f() {} })", "JSON.stringify([1, 'a', { x: 1 }], null, 2)",
        "JSON.stringify({ a: 1, b: 2, c: { a: 3, d: 4 } }, ['a', 'c'])", "JSON.stringify({ a: 1, b: 'x' }, (k, v) => typeof v === 'number' ? v * 10 : v, '--')",
        "JSON.stringify('s')", "JSON.stringify(undefined)", "JSON.stringify({ toJSON() { return { t: 1 }; } })", "JSON.stringify(new Map([[1, 2]]))",
        "(() => { const o = {}; o.self = o; try { return JSON.stringify(o); } catch (e) { return e.name; } })()",
        "typeof Uint8Array + typeof ArrayBuffer + typeof DataView + typeof WeakRef + typeof Atomics",
        "[typeof ''.repeat, ''.repeat.length, ''.padEnd.name, [].join.length, JSON.stringify.length]",
        "Object.keys(String.prototype).length + Object.keys(Array.prototype).length",
    ];

    [Theory]
    [MemberData(nameof(Expressions))]
    public void NativeWrappersMatchTheScriptPrelude(string expression)
    {
        var item = TestItems.Item("f", TestItems.T(1, "[]", "null"));
        var source = "function f() { return " + expression + "; }";
        var native = TestItems.Grader.Grade(item, source);
        var script = Script.Value.Grade(item, source);
        Assert.Equal(script.Outcome, native.Outcome);
        Assert.Equal(script.Tests[0].Actual, native.Tests[0].Actual);
        Assert.Equal(script.Tests[0].ErrorMessage, native.Tests[0].ErrorMessage);
    }

    [Fact]
    public void JoinOfASymbolThrowsAsTheStandardSays()
    {
        // The script prelude converted elements with String(e), which accepts symbols; the standard (and V8) throw.
        var item = TestItems.Item("f", TestItems.T(1, "[]", "null"));
        var native = TestItems.Grader.Grade(item, "function f() { try { return [Symbol('s')].join(); } catch (e) { return e.name; } }");
        Assert.Equal("\"TypeError\"", native.Tests[0].Actual);
    }
}
