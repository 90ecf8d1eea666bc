using BenchmarkDotNet.Attributes;
using Sendai.Cbt.Items;
using Sendai.Cbt.Sandbox;

namespace Sendai.Cbt.Benchmarks.Sandbox;

/// <summary>
/// Submissions graded per second (each with all of its tests, every source distinct so that parsing is
/// measured), on one thread and on all cores. Throughput = OperationsPerInvoke / mean time.
/// </summary>
[MemoryDiagnoser]
public class SandboxThroughputBenchmarks
{
    private const int Batch = 256;
    private ProgramGrader _grader = null!;
    private ProgramGrader _scriptPrelude = null!;
    private ProgramItem _item = null!;
    private string[] _sources = [];
    private long _next;

    [Params("fizzbuzz", "prog-reverse-string", "prog-is-prime", "prog-sort", "prog-binary-search", "prog-recursion", "prog-sum-array", "prog-max")]
    public string Exercise { get; set; } = "fizzbuzz";

    [GlobalSetup]
    public void Setup()
    {
        _grader = new ProgramGrader();
        _grader.WarmUp();
        _scriptPrelude = new ProgramGrader(null, null, scriptPrelude: true);
        _scriptPrelude.WarmUp();
        _item = SandboxExercises.Get(Exercise);
        // Enough distinct sources for every invocation of the run (the parser never sees the same text twice in a row).
        _sources = [.. Enumerable.Range(0, 1 << 16).Select(i => SandboxExercises.Variant(_item, i))];
        var check = _grader.Grade(_item, _sources[0]);
        if (check.Outcome != ProgramOutcome.Passed) throw new InvalidOperationException(check.Feedback);
    }

    private string NextSource() => _sources[(int)(Interlocked.Increment(ref _next) & ((1 << 16) - 1))];

    [Benchmark(OperationsPerInvoke = Batch, Description = "one thread")]
    public decimal OneThread()
    {
        decimal total = 0;
        for (int i = 0; i < Batch; i++) total += _grader.Grade(_item, NextSource()).Score;
        return total;
    }

    /// <summary>The former hardening (a JavaScript prelude run in every engine), for comparison with <see cref="OneThread"/>.</summary>
    [Benchmark(OperationsPerInvoke = Batch, Description = "one thread, script prelude")]
    public decimal OneThreadScriptPrelude()
    {
        decimal total = 0;
        for (int i = 0; i < Batch; i++) total += _scriptPrelude.Grade(_item, NextSource()).Score;
        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "all cores")]
    public decimal AllCores()
    {
        decimal total = 0;
        var lockObj = new object();
        Parallel.For(0, Batch, () => 0m, (_, _, sum) => sum + _grader.Grade(_item, NextSource()).Score, sum => { lock (lockObj) total += sum; });
        return total;
    }
}

/// <summary>Baseline in the same run: Node.js <c>vm</c> with a fresh context per submission and a per-test timeout (node-baseline.js). Skipped when node is absent.</summary>
public class NodeVmBaselineBenchmarks
{
    private const int Count = 2000;
    private string? _node;
    private string _script = "";
    private string _itemsJson = "";

    [Params("fizzbuzz", "prog-is-prime", "prog-sort")]
    public string Exercise { get; set; } = "fizzbuzz";

    [GlobalSetup]
    public void Setup()
    {
        _node = FindNode();
        var dir = AppContext.BaseDirectory;
        _script = Path.Combine(dir, "Sandbox", "node-baseline.js");
        var item = SandboxExercises.Get(Exercise);
        var tmp = Path.Combine(Path.GetTempPath(), $"cbt-node-{Exercise}-{Environment.ProcessId}.json");
        File.WriteAllText(tmp, System.Text.Json.JsonSerializer.Serialize(new
        {
            entry = item.EntryFunction,
            solution = item.ReferenceSolution,
            tests = item.Tests.Select(t => new { args = System.Text.Json.JsonDocument.Parse(t.ArgumentsJson).RootElement, expected = System.Text.Json.JsonDocument.Parse(t.ExpectedJson).RootElement }),
        }));
        _itemsJson = tmp;
        if (_node is null) Console.WriteLine("// node not found: Node.js baseline skipped");
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "node vm")]
    public string NodeVm()
    {
        if (_node is null) return "";
        var psi = new System.Diagnostics.ProcessStartInfo(_node, [_script, _itemsJson, Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    private static string? FindNode()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "node");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
