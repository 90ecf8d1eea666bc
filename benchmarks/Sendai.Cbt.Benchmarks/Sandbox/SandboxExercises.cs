using System.Collections.Immutable;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;

namespace Sendai.Cbt.Benchmarks.Sandbox;

/// <summary>The exercises the sandbox benchmarks grade: a FizzBuzz defined here (10 tests) and the samples in content/items/programming.</summary>
internal static class SandboxExercises
{
    public const string FizzBuzzSolution = """
        function fizzbuzz(n) {
          if (n % 15 === 0) return "FizzBuzz";
          if (n % 3 === 0) return "Fizz";
          if (n % 5 === 0) return "Buzz";
          return String(n);
        }
        """;

    public static ProgramItem FizzBuzz()
    {
        var cases = new (int N, string Expected)[] { (1, "1"), (2, "2"), (3, "Fizz"), (5, "Buzz"), (15, "FizzBuzz"), (30, "FizzBuzz"), (98, "98"), (99, "Fizz"), (100, "Buzz"), (7, "7") };
        return new ProgramItem
        {
            Id = "bench-fizzbuzz",
            Metadata = new ItemMetadata { Subject = "プログラミング", Grade = 6, Format = ItemFormat.Constructed, Points = 10 },
            Prompt = "",
            EntryFunction = "fizzbuzz",
            ReferenceSolution = FizzBuzzSolution,
            Tests = [.. cases.Select((c, i) => new ProgramTest { Number = i + 1, ArgumentsJson = $"[{c.N}]", ExpectedJson = $"\"{c.Expected}\"", Hidden = i >= 6 })],
        };
    }

    public static ProgramItem Load(string id)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Sendai.Cbt.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        var path = Path.Combine(dir, "content", "items", "programming", id + ".md");
        return (ProgramItem)new ItemParser().ParseText(path, File.ReadAllText(path)).Item!;
    }

    public static ProgramItem Get(string name) => name == "fizzbuzz" ? FizzBuzz() : Load(name);

    /// <summary>The reference solution with a distinct comment and a renamed local, so every submission is parsed afresh.</summary>
    public static string Variant(ProgramItem item, long n) => $"// submission {n}\nvar unused_{n} = {n};\n{item.ReferenceSolution}";
}
