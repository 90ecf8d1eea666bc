using BenchmarkDotNet.Running;

namespace Sendai.Cbt.Benchmarks;

/// <summary>Runs benchmarks through BenchmarkDotNet's switcher: <c>dotnet run -c Release --project benchmarks/Sendai.Cbt.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Stopwatch comparison interleaved in one process (see Sandbox/SandboxInterleaved.cs), outside BenchmarkDotNet.
        if (args is ["sandbox-interleaved", .. var rest]) { Sandbox.SandboxInterleaved.Run(rest); return; }
        if (args is ["bank-interleaved", .. var bankArgs]) { Markdown.BankInterleaved.Run(bankArgs); return; }
        // A plain loop for a sampling profiler (perf with DOTNET_PerfMapEnabled=1): loop parse|render|both N.
        if (args is ["loop", var what, var count]) { Markdown.BankInterleaved.Loop(what, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)); return; }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
