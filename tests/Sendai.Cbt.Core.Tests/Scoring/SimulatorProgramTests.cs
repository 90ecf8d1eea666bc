using Sendai.Cbt.Scoring;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Scoring;

public sealed class SimulatorProgramTests
{
    private static readonly CompiledForm Form = TestBank.Compile([TestBank.Choice, TestBank.ProgramWithSolution, TestBank.Program]);

    [Fact]
    public void Program_items_get_the_reference_or_plausible_wrong_javascript()
    {
        var batch = ResponseSimulator.Generate(Form, 2000, 3, new SimulationOptions { NoResponseRate = 0 });
        int p = Form.IndexOf("prog-sum");
        var answers = batch.Students.Select(s => s.Responses[p]).Where(r => !r.IsNoResponse).Select(r => r.Parts[0]!).ToList();
        var reference = TestBank.ProgramWithSolution.ReferenceSolution!;
        int right = answers.Count(a => a == reference);
        var wrong = answers.Where(a => a != reference).ToList();
        Assert.InRange(right, 200, 1800);
        Assert.Contains(wrong, a => a.Contains("i <= a.length", StringComparison.Ordinal));          // off-by-one loop bound
        Assert.Contains(wrong, a => a.Contains("for (;;)", StringComparison.Ordinal));               // endless loop (rare)
        Assert.Contains(wrong, a => a.Contains("String(r)", StringComparison.Ordinal));              // wrong type
        Assert.Contains(wrong, a => a == TestBank.ProgramWithSolution.StarterCode);                  // unfinished
        Assert.InRange(wrong.Count(a => a.Contains("for (;;)", StringComparison.Ordinal)), 1, wrong.Count / 10);
        // every wrapped variant still defines the entry function, and the original is renamed
        Assert.All(wrong.Where(a => a.Contains("__reference", StringComparison.Ordinal)), a => Assert.Contains("function sum(...args)", a));
        // an item without a reference solution keeps the old behaviour (starter code, here empty: no response)
        int q = Form.IndexOf("prog");
        Assert.All(batch.Students, s => Assert.True(s.Responses[q].IsNoResponse));
    }

    [Fact]
    public void Program_answers_are_deterministic_and_leave_other_items_unchanged()
    {
        var a = ResponseSimulator.Generate(Form, 300, 9);
        var b = ResponseSimulator.Generate(Form, 300, 9);
        Assert.Equal(a.Students.Select(s => string.Join('|', s.Responses.Select(r => r.ToCell()))),
                     b.Students.Select(s => string.Join('|', s.Responses.Select(r => r.ToCell()))));
        // no extra random draws: an item after the program item gets the same answers as when the program item has no reference
        var withReference = TestBank.Compile([TestBank.ProgramWithSolution, TestBank.Choice]);
        var without = TestBank.Compile([TestBank.Program, TestBank.Choice]);
        Assert.Equal(ResponseSimulator.Generate(withReference, 300, 9).Students.Select(s => s.Responses[1].ToCell()),
                     ResponseSimulator.Generate(without, 300, 9).Students.Select(s => s.Responses[1].ToCell()));
    }
}

public sealed class MatrixSumTests
{
    [Theory]
    [InlineData(40, 5000, 60_000)]
    [InlineData(13, 3000, int.MaxValue / 4)] // rows overflow 32 bits: scalar path, frequent flushes
    [InlineData(1, 10, 7)]
    public void Vectorised_row_and_column_sums_equal_the_plain_loop(int n, int rows, int maxCell)
    {
        var rng = new Random(n * 31 + rows);
        var units = new int[n * rows];
        for (int i = 0; i < units.Length; i++) units[i] = rng.Next(4) == 0 ? maxCell : rng.Next(maxCell);
        var totals = new long[rows];
        var sums = new long[n];
        GradingEngine.SumRowsAndColumns(units, n, maxCell, totals, sums);
        for (int s = 0; s < rows; s++) Assert.Equal(Enumerable.Range(0, n).Sum(i => (long)units[s * n + i]), totals[s]);
        for (int i = 0; i < n; i++) Assert.Equal(Enumerable.Range(0, rows).Sum(s => (long)units[s * n + i]), sums[i]);
    }
}
