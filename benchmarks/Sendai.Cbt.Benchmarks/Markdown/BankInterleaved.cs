using System.Diagnostics;
using System.Globalization;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Benchmarks.Markdown;

/// <summary>
/// Interleaved Stopwatch comparison for the issue #2 target on a shared, noisy machine: each round times
/// plain <c>Markdig.Markdown.ToHtml</c> of every body (the baseline), our parse alone, the student-view
/// render of already parsed items alone, and parse + render, in rotating order; the medians of the
/// per-round times and of the per-round ratios against the baseline are printed.
/// Run: <c>dotnet run -c Release --project benchmarks/Sendai.Cbt.Benchmarks -- bank-interleaved [rounds] [repeat]</c>.
/// </summary>
internal static class BankInterleaved
{
    public static void Run(string[] args)
    {
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
        int repeat = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var b = new BankRenderBenchmarks();
        b.Setup();
        var parsed = b.ParseAll();

        double Time(Func<int> f)
        {
            var sw = Stopwatch.StartNew();
            int sink = 0;
            for (int i = 0; i < repeat; i++) sink += f();
            var us = sw.Elapsed.TotalMicroseconds / repeat;
            return sink == int.MinValue ? double.NaN : us;
        }

        var cases = new (string Name, Func<int> Run)[]
        {
            ("Markdig.ToHtml (baseline)", b.MarkdigToHtml),
            ("parse", b.ParseOnly),
            ("render (parsed items)", () => b.RenderOnly(parsed)),
            ("parse + render", b.ParseAndRender),
            ("Markdig.Parse (default)", b.MarkdigParseDefault),
            ("Markdig.Parse (our pipeline)", b.MarkdigParseCbt),
            ("decode + front matter", b.FrontMatterOnly),
            ("decode", b.DecodeOnly),

        };
        // Warm-up long enough for tiered compilation to reach its optimised code for every case (call
        // counts, then a background recompilation); a short warm-up measures the baseline half-jitted.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < TimeSpan.FromSeconds(3)) foreach (var c in cases) Time(c.Run);

        var times = cases.Select(_ => new List<double>()).ToArray();
        var ratios = cases.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            var t = new double[cases.Length];
            for (int k = 0; k < cases.Length; k++)
            {
                int idx = (k + r) % cases.Length;
                t[idx] = Time(cases[idx].Run);
            }
            for (int k = 0; k < cases.Length; k++) { times[k].Add(t[k]); ratios[k].Add(t[k] / t[0]); }
        }
        Console.WriteLine(FormattableString.Invariant($"{b.FileCount} files, {rounds} rounds × {repeat} passes, one thread, load average {Timing.LoadAverage()}"));
        for (int k = 0; k < cases.Length; k++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            cases[k].Run();
            double kb = (GC.GetAllocatedBytesForCurrentThread() - before) / 1024.0;
            var pause = GC.GetTotalPauseDuration();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 200; i++) cases[k].Run();
            double gcShare = (GC.GetTotalPauseDuration() - pause).TotalMicroseconds / sw.Elapsed.TotalMicroseconds;
            Console.WriteLine(FormattableString.Invariant($"{cases[k].Name,-28} median {Timing.Median(times[k]),9:F1} µs   ratio to baseline {Timing.Median(ratios[k]):F2}× (quartiles {Quantile(ratios[k], 0.25):F2}–{Quantile(ratios[k], 0.75):F2})   allocated {kb,7:F0} KB   GC pauses {gcShare:P0}"));
        }
    }

    /// <summary>Runs one case in a loop with nothing else around it, for a sampling profiler.</summary>
    public static void Loop(string what, int count)
    {
        var b = new BankRenderBenchmarks();
        b.Setup();
        var parsed = b.ParseAll();
        Func<int> f = what switch
        {
            "render" => () => b.RenderOnly(parsed),
            "both" => b.ParseAndRender,
            "baseline" => b.MarkdigToHtml,
            _ => b.ParseOnly,
        };
        for (int i = 0; i < count; i++) f();
    }

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
