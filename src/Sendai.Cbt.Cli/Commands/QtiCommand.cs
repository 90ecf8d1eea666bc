using System.Collections.Immutable;
using System.CommandLine;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Qti;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt qti export</c> and <c>cbt qti import</c>: QTI 3.0 / 2.2 content packages (see docs/qti.md).</summary>
internal static class QtiCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var qti = new Command("qti", "Exchange items and tests with TAO/MEXCBT-style systems as IMS QTI content packages.");
        qti.Subcommands.Add(Export(stdout, stderr));
        qti.Subcommands.Add(Import(stdout, stderr));
        qti.Subcommands.Add(QtiResultsCommand.Create(stdout, stderr, time));
        return qti;
    }

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var source = new Argument<string>("source") { Description = "A bank folder (holding items/ and forms/), or one form file (forms/x.yaml) to export that form and its items." };
        var output = new Option<string>("-o", "--out") { Description = "The package to write (.zip), or a folder.", Required = true };
        var version = new Option<string>("--qti") { Description = "QTI version: 3.0 (default) or 2.2.", DefaultValueFactory = _ => "3.0" };
        var cmd = new Command("export", "Export a bank or a form as a QTI content package (imsmanifest.xml, items, tests, media). Exit 1 when the bank has errors.");
        cmd.Arguments.Add(source);
        cmd.Options.Add(output);
        cmd.Options.Add(version);
        cmd.SetAction(r => RunExport(r.GetValue(source)!, r.GetValue(output)!, r.GetValue(version) ?? "3.0", stdout, stderr));
        return cmd;
    }

    private static Command Import(TextWriter stdout, TextWriter stderr)
    {
        var source = new Argument<string>("package") { Description = "A QTI package (.zip), an extracted package folder, or one QTI item file." };
        var output = new Option<string>("-o", "--out") { Description = "The bank folder to write items/ and forms/ into.", Required = true };
        var cmd = new Command("import", "Import QTI 3.0 / 2.x items and tests as Markdown items and YAML forms. Everything that cannot be represented is reported. Exit 1 when something could not be imported.");
        cmd.Arguments.Add(source);
        cmd.Options.Add(output);
        cmd.SetAction(r => RunImport(r.GetValue(source)!, r.GetValue(output)!, stdout, stderr));
        return cmd;
    }

    private const int Ok = 0, ContentErrors = 1, Usage = 2, Missing = 3;

    internal static int RunExport(string source, string output, string versionText, TextWriter stdout, TextWriter stderr)
    {
        QtiVersion version;
        switch (versionText.Trim())
        {
            case "3.0": case "3": case "3p0": version = QtiVersion.V3p0; break;
            case "2.2": case "2": case "2p2": version = QtiVersion.V2p2; break;
            default: stderr.WriteLine($"cbt: --qti must be 3.0 or 2.2 (found '{versionText}')"); return Usage;
        }
        string bankDir;
        ImmutableArray<string>? formIds = null;
        if (Directory.Exists(source)) bankDir = source;
        else if (File.Exists(source) && (source.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
        {
            var formsDir = Path.GetDirectoryName(Path.GetFullPath(source))!;
            bankDir = Path.GetDirectoryName(formsDir)!;
            var parsed = FormParser.Parse(source, File.ReadAllBytes(source));
            if (parsed.Form is null)
            {
                foreach (var d in parsed.Diagnostics) stdout.WriteLine(d);
                return ContentErrors;
            }
            formIds = [parsed.Form.Id];
        }
        else
        {
            stderr.WriteLine($"cbt: not found (or not a form .yaml): {source}");
            return Missing;
        }
        var bank = BankLoading.Load(bankDir);
        int errors = 0;
        foreach (var d in bank.Diagnostics.Where(d => d.Severity == Severity.Error)) { stdout.WriteLine(d); errors++; }
        if (errors > 0)
        {
            stdout.WriteLine($"{errors} error(s) in the bank: fix them first (cbt validate {bankDir})");
            return ContentErrors;
        }
        QtiExportResult result;
        try
        {
            if (output.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(output));
                if (dir is not null) Directory.CreateDirectory(dir);
                using var stream = File.Create(output);
                result = QtiExporter.ExportPackage(bank, stream, new QtiExportOptions { Version = version, FormIds = formIds });
            }
            else result = QtiExporter.ExportDirectory(bank, output, new QtiExportOptions { Version = version, FormIds = formIds });
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"cbt: {e.Message}");
            return Usage;
        }
        foreach (var d in result.Diagnostics.Where(d => d.Severity != Severity.Info)) stdout.WriteLine(d);
        int infos = result.Diagnostics.Count(d => d.Severity == Severity.Info);
        stdout.WriteLine($"QTI {(version == QtiVersion.V3p0 ? "3.0" : "2.2")}: {result.ItemCount} items, {result.TestCount} tests, {result.Files.Length} files → {output}" +
            (infos > 0 ? $" ({infos} notes on approximations; see docs/qti.md)" : ""));
        return result.Diagnostics.Any(d => d.Severity == Severity.Error) ? ContentErrors : Ok;
    }

    internal static int RunImport(string source, string output, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(source) && !Directory.Exists(source))
        {
            stderr.WriteLine($"cbt: not found: {source}");
            return Missing;
        }
        var result = QtiImporter.Import(source);
        foreach (var d in result.Diagnostics) stdout.WriteLine(d);
        result.WriteTo(output);
        int errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
        stdout.WriteLine($"{result.Items.Length} items, {result.Stimuli.Length} stimuli, {result.Forms.Length} forms written to {output}: {errors} error(s), {result.Diagnostics.Count(d => d.Severity == Severity.Warning)} warning(s)");
        return errors > 0 ? ContentErrors : Ok;
    }
}
