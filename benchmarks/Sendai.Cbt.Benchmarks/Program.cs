using BenchmarkDotNet.Running;

namespace Sendai.Cbt.Benchmarks;

/// <summary>Runs benchmarks through BenchmarkDotNet's switcher: <c>dotnet run -c Release --project benchmarks/Sendai.Cbt.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
