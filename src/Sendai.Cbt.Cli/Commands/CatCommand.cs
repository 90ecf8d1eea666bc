using System.CommandLine;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Sendai.Cbt.Analysis.Cat;
using Sendai.Cbt.Analysis.IO;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt cat simulate</c>: evaluates an adaptive test design on a calibrated bank.</summary>
internal static class CatCommand
{
    /// <summary>Builds the <c>cat</c> command with its <c>simulate</c> subcommand.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bank = new Option<string>("--bank") { Description = "Item parameters: JSON (the output of cbt irt --json, or an array of {id, model, a, d, c, area}) or CSV with columns id,model,a,d,c,area (d: intercepts separated by ;).", Required = true };
        var students = new Option<int>("--students") { Description = "Number of simulated students (θ ~ N(0, 1)).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (the result is reproducible).", DefaultValueFactory = _ => 1 };
        var maxLen = new Option<int>("--max-length") { Description = "Maximum test length (default 20).", DefaultValueFactory = _ => 20 };
        var minLen = new Option<int>("--min-length") { Description = "Minimum test length (default 5).", DefaultValueFactory = _ => 5 };
        var se = new Option<double>("--se") { Description = "Stop when SE(θ) ≤ this (0: fixed length; default 0.3).", DefaultValueFactory = _ => 0.3 };
        var rand = new Option<int>("--randomesque") { Description = "Choose among the k most informative items (default 5).", DefaultValueFactory = _ => 5 };
        var balance = new Option<bool>("--balance") { Description = "Content balancing: each content area (area column) in proportion to its share of the bank." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var sim = new Command("simulate", "Simulate adaptive tests on a bank: bias and RMSE of θ, test lengths, item exposure.");
        foreach (var o in new Option[] { bank, students, seed, maxLen, minLen, se, rand, balance, json }) sim.Options.Add(o);
        sim.SetAction(r => Simulate(r.GetValue(bank)!, r.GetValue(students), r.GetValue(seed), r.GetValue(maxLen), r.GetValue(minLen), r.GetValue(se), r.GetValue(rand), r.GetValue(balance), r.GetValue(json), stdout, stderr));
        var cmd = new Command("cat", "Computerised adaptive testing.");
        cmd.Subcommands.Add(sim);
        return cmd;
    }

    internal static int Simulate(string bankPath, int students, int seed, int maxLength, int minLength, double se, int randomesque, bool balance, bool json, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(bankPath)) { stderr.WriteLine($"cbt cat: file not found: {bankPath}"); return ExitCodes.IoError; }
        if (students < 1) { stderr.WriteLine("cbt cat: --students must be at least 1"); return ExitCodes.Usage; }
        ImmutableArray<Sendai.Cbt.Analysis.Irt.ItemParameters> items;
        try { items = ItemParameterFile.ReadFile(bankPath); }
        catch (FormatException e) { stderr.WriteLine($"cbt cat: {bankPath}: {e.Message}"); return ExitCodes.ContentErrors; }
        ImmutableDictionary<string, double>? targets = null;
        if (balance)
            targets = items.Where(i => i.ContentArea is not null).GroupBy(i => i.ContentArea!).ToImmutableDictionary(g => g.Key, g => (double)g.Count());
        var options = new CatOptions { MaxLength = maxLength, MinLength = minLength, SeTarget = se > 0 ? se : null, Randomesque = randomesque, ContentTargets = targets is { Count: > 0 } ? targets : null };
        CatSimulationResult r;
        try { r = CatSimulation.Run(items, students, seed, options); }
        catch (ArgumentException e) { stderr.WriteLine($"cbt cat: {e.Message}"); return ExitCodes.Usage; }
        var inv = CultureInfo.InvariantCulture;
        if (json)
        {
            var obj = new
            {
                students = r.Students, seed, bias = r.Bias, rmse = r.Rmse, meanSe = r.MeanSe, meanLength = r.MeanLength, minLength = r.MinLength, maxLength = r.MaxLength,
                lengths = r.LengthDistribution.ToDictionary(kv => kv.Key.ToString(inv), kv => kv.Value),
                maxExposure = r.MaxExposure, unusedItems = r.UnusedItems,
                exposure = r.Exposure.Select(e => new { id = e.ItemId, rate = e.Rate }),
            };
            stdout.WriteLine(JsonSerializer.Serialize(obj, new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Ok;
        }
        stdout.WriteLine(string.Create(inv, $"{r.Students} simulated students, bank of {items.Length} items, seed {seed}"));
        stdout.WriteLine(string.Create(inv, $"bias {r.Bias:0.0000}  RMSE {r.Rmse:0.0000}  mean SE {r.MeanSe:0.0000}"));
        stdout.WriteLine(string.Create(inv, $"test length: mean {r.MeanLength:0.00}, min {r.MinLength}, max {r.MaxLength}"));
        stdout.WriteLine(string.Create(inv, $"exposure: max {r.MaxExposure:0.000}, items never used {r.UnusedItems}"));
        foreach (var e in r.Exposure.OrderByDescending(e => e.Rate).Take(10)) stdout.WriteLine(string.Create(inv, $"  {e.ItemId,-12} {e.Rate:0.000}"));
        return ExitCodes.Ok;
    }
}
