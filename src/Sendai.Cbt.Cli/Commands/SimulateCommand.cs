using System.CommandLine;
using System.Text;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt simulate --form F --students N --seed S --out FILE [--bank DIR]</c>: writes a simulated response set (.csv or .msgpack).</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var form = new Option<string>("--form") { Description = "Form id.", Required = true };
        var students = new Option<int>("--students") { Description = "Number of students (ids s001…).", DefaultValueFactory = _ => 40 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same responses.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output file: .csv (teachers) or .msgpack (grading path).", Required = true };
        var bank = new Option<string>("--bank") { Description = "Bank folder (default: content).", DefaultValueFactory = _ => "content" };
        var cmd = new Command("simulate", "Generate realistic responses for a form from a seeded 2PL IRT model.");
        foreach (var o in new Option[] { form, students, seed, output, bank }) cmd.Options.Add(o);
        cmd.SetAction(r => Run(r.GetValue(bank)!, r.GetValue(form)!, r.GetValue(students), r.GetValue(seed), r.GetValue(output)!, stdout, stderr, time));
        return cmd;
    }

    internal static int Run(string bankDir, string formId, int students, int seed, string output, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (students < 0)
        {
            stderr.WriteLine("cbt: --students must not be negative");
            return ExitCodes.Usage;
        }

        bool csv = output.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !output.EndsWith(".msgpack", StringComparison.OrdinalIgnoreCase))
        {
            stderr.WriteLine("cbt: --out must end with .csv or .msgpack");
            return ExitCodes.Usage;
        }

        var compiled = ScoringCommandSupport.LoadForm(bankDir, formId, stderr, out int exit);
        if (compiled is null) return exit;
        long start = time.GetTimestamp();
        var dir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (dir is not null) Directory.CreateDirectory(dir);
        var itemIds = compiled.Items.Select(i => i.Id).ToArray();
        var generated = ResponseSimulator.Students(compiled, students, seed);
        if (csv)
        {
            using var w = new StreamWriter(output, false, new UTF8Encoding(false));
            ResponseCsv.Write(w, itemIds, generated.ToList());
        }
        else
        {
            using var f = File.Create(output);
            ResponsePack.Write(f, compiled.Form.Id, compiled.Form.Version, itemIds, generated, students);
        }

        stdout.WriteLine($"wrote {students} students × {itemIds.Length} items (seed {seed}) to {output} in {time.GetElapsedTime(start).TotalMilliseconds:0} ms");
        return ExitCodes.Ok;
    }
}
