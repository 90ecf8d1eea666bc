using System.Collections.Immutable;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Sandbox.Tests;

internal static class TestItems
{
    public static ProgramTest T(int n, string args, string expected, bool hidden = false, ProgramComparison cmp = ProgramComparison.Exact, double tol = 0, decimal points = 1m)
        => new() { Number = n, ArgumentsJson = args, ExpectedJson = expected, Hidden = hidden, Comparison = cmp, Tolerance = tol, Points = points };

    public static ProgramItem Item(string entry, params ProgramTest[] tests) => new()
    {
        Id = "test-" + entry,
        Metadata = new ItemMetadata { Subject = "プログラミング", Grade = 6, Format = ItemFormat.Constructed, Points = tests.Sum(t => t.Points) },
        Prompt = "",
        EntryFunction = entry,
        Tests = [.. tests],
    };

    /// <summary>add(a, b) with one visible and one hidden test.</summary>
    public static readonly ProgramItem Add = Item("add", T(1, "[2, 3]", "5"), T(2, "[10, 4]", "14", hidden: true));
    private static readonly Lazy<ProgramGrader> Warm = new(() => { var g = new ProgramGrader(); g.WarmUp(); return g; });

    /// <summary>A shared grader, warmed up once so that wall-clock limits mean the same in every test.</summary>
    public static ProgramGrader Grader => Warm.Value;

    public const string AddCorrect = "function add(a, b) { return a + b; }";
}
