using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sendai.Cbt.Items;
using Sendai.Cbt.Sandbox;

namespace Sendai.Cbt.Benchmarks.Sandbox;

/// <summary>
/// Interleaved Stopwatch comparison for a shared, noisy machine: in each round the same number of distinct
/// FizzBuzz submissions is graded by the former script prelude, by the native hardening and by Node.js
/// <c>vm</c> (node-baseline.js, fresh context and per-test timeout; its own in-process timing, so process
/// start-up is excluded), in rotating order; the medians of the per-round times and ratios are printed.
/// Run: <c>dotnet run -c Release --project benchmarks/Sendai.Cbt.Benchmarks -- sandbox-interleaved [rounds] [batch] [exercise]</c>.
/// </summary>
internal static class SandboxInterleaved
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        int batch = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var exercise = args.Length > 2 ? args[2] : "fizzbuzz";
        var item = SandboxExercises.Get(exercise);
        var script = new ProgramGrader(null, null, scriptPrelude: true);
        var native = new ProgramGrader();
        script.WarmUp();
        native.WarmUp();
        var node = NodeRunner.Create(item);
        long next = 0;

        double Jint(ProgramGrader grader)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < batch; i++)
            {
                var grade = grader.Grade(item, SandboxExercises.Variant(item, next++));
                if (grade.Outcome != ProgramOutcome.Passed) throw new InvalidOperationException(grade.Feedback);
            }
            return sw.Elapsed.TotalMicroseconds / batch;
        }

        // Warm-up rounds, not recorded (tiered JIT, first node start).
        for (int i = 0; i < 3; i++) { Jint(script); Jint(native); node?.MicrosecondsPerSubmission(batch); }

        var s = new List<double>(); var n = new List<double>(); var v = new List<double>();
        var speedup = new List<double>(); var nodeRatio = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            double a = 0, b = 0, c = double.NaN;
            switch (r % 3)
            {
                case 0: a = Jint(script); b = Jint(native); if (node is not null) c = node.MicrosecondsPerSubmission(batch); break;
                case 1: b = Jint(native); if (node is not null) c = node.MicrosecondsPerSubmission(batch); a = Jint(script); break;
                default: if (node is not null) c = node.MicrosecondsPerSubmission(batch); a = Jint(script); b = Jint(native); break;
            }
            s.Add(a); n.Add(b); speedup.Add(a / b);
            if (!double.IsNaN(c)) { v.Add(c); nodeRatio.Add(c / b); }
            Console.WriteLine(FormattableString.Invariant($"round {r + 1,3}: script prelude {a,7:F1} µs  native {b,7:F1} µs  node vm {c,7:F1} µs  speed-up {a / b:F2}×  vs node {c / b:F2}×"));
        }
        Console.WriteLine(FormattableString.Invariant($"exercise {exercise}, {rounds} rounds × {batch} distinct submissions, one thread, load average {Timing.LoadAverage()}"));
        Console.WriteLine(FormattableString.Invariant($"median µs/submission: script prelude {Timing.Median(s):F1} ({1e6 / Timing.Median(s):F0}/s), native {Timing.Median(n):F1} ({1e6 / Timing.Median(n):F0}/s), node vm {(v.Count > 0 ? Timing.Median(v) : double.NaN):F1}"));
        Console.WriteLine(FormattableString.Invariant($"median ratio: native vs script prelude {Timing.Median(speedup):F2}×, native vs node vm {(nodeRatio.Count > 0 ? Timing.Median(nodeRatio) : double.NaN):F2}×"));
    }

    /// <summary>Runs node-baseline.js on the exercise; <c>null</c> when node is not on the PATH.</summary>
    private sealed class NodeRunner(string node, string script, string itemJson)
    {
        public static NodeRunner? Create(ProgramItem item)
        {
            var node = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
                .Select(d => Path.Combine(d, "node")).FirstOrDefault(File.Exists);
            if (node is null) { Console.WriteLine("node not found: Node.js baseline skipped"); return null; }
            var json = Path.Combine(Path.GetTempPath(), $"cbt-node-interleaved-{Environment.ProcessId}.json");
            File.WriteAllText(json, JsonSerializer.Serialize(new
            {
                entry = item.EntryFunction,
                solution = item.ReferenceSolution,
                tests = item.Tests.Select(t => new { args = JsonDocument.Parse(t.ArgumentsJson).RootElement, expected = JsonDocument.Parse(t.ExpectedJson).RootElement }),
            }));
            return new NodeRunner(node, Path.Combine(AppContext.BaseDirectory, "Sandbox", "node-baseline.js"), json);
        }

        public double MicrosecondsPerSubmission(int count)
        {
            var psi = new ProcessStartInfo(node, [script, itemJson, count.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            using var doc = JsonDocument.Parse(output);
            return doc.RootElement.GetProperty("seconds").GetDouble() * 1e6 / count;
        }
    }
}
