using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Markdown.Parsing;

namespace Sendai.Cbt.Cli;

/// <summary>The command tree of <c>cbt</c>; output goes to the given writers so tests can run it in-process.</summary>
internal sealed class CliApp
{
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly TimeProvider _time;

    private readonly bool _interactive;

    private CliApp(TextWriter stdout, TextWriter stderr, TimeProvider time, bool interactive)
    {
        _out = stdout;
        _err = stderr;
        _time = time;
        _interactive = interactive;
    }

    /// <summary>Runs the command line and returns the exit code.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="time">The clock for timings.</param>
    /// <param name="interactive">True when stdout is a terminal: long steps show a Spectre.Console spinner.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider time, bool interactive = false)
    {
        var app = new CliApp(stdout, stderr, time, interactive);
        var root = app.BuildRoot();
        try
        {
            var result = root.Parse(args);
            if (result.Errors.Count > 0)
            {
                foreach (var e in result.Errors) stderr.WriteLine($"cbt: {e.Message}");
                return ExitCodes.Usage;
            }
            return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            stderr.WriteLine($"cbt: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: {e.Message}");
            return ExitCodes.IoError;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"cbt: internal error: {e}");
            return ExitCodes.InternalError;
        }
    }

    private RootCommand BuildRoot()
    {
        var root = new RootCommand("""
            Sendai.Cbt: computer-based tests and digital learning content for Japanese schools.
            Exit codes: 0 ok, 1 content has errors, 2 usage error, 3 file not found or not writable, 70 internal error.
            """);
        root.Subcommands.Add(ValidateCommand());
        foreach (var c in RenderCommands.Build(this)) root.Subcommands.Add(c);
        root.Subcommands.Add(Commands.SimulateCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.GradeCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.AnalyzeCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.ReportCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.PackCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.SessionCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.LogCommand.Create(_out, _err, _time));
        root.Subcommands.Add(Commands.RunExerciseCommand.Create(_out, _err));
        root.Subcommands.Add(Commands.IrtCommand.Create(_out, _err));
        root.Subcommands.Add(Commands.CatCommand.Create(_out, _err));
        root.Subcommands.Add(Commands.QtiCommand.Create(_out, _err, _time));
        return root;
    }

    /// <summary>Runs a long step, with a spinner when the output is a terminal.</summary>
    internal T Step<T>(string label, Func<T> work)
    {
        if (!_interactive) return work();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(_out), Interactive = InteractionSupport.Yes });
        return console.Status().Start(label, _ => work());
    }

    internal TextWriter Out => _out;
    internal TextWriter Err => _err;
    internal TimeProvider Time => _time;

    private Command ValidateCommand()
    {
        var dir = new Argument<string>("dir") { Description = "The bank folder (holding items/ and forms/)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors and the summary." };
        var cmd = new Command("validate", "Check every item and form of a bank; prints path:line:col: error|warning CODE: message. Exit 1 when there is an error.");
        cmd.Arguments.Add(dir);
        cmd.Options.Add(quiet);
        cmd.SetAction(r => Validate(r.GetValue(dir)!, r.GetValue(quiet)));
        return cmd;
    }

    internal int Validate(string dir, bool quiet)
    {
        var bank = LoadBank(dir, out _);
        int errors = PrintDiagnostics(bank, quiet);
        return errors > 0 ? ExitCodes.ContentErrors : ExitCodes.Ok;
    }

    internal ItemBank LoadBank(string dir, out TimeSpan elapsed)
    {
        if (!Directory.Exists(dir)) throw new CliException($"folder not found: {dir}", ExitCodes.IoError);
        long start = _time.GetTimestamp();
        var bank = BankLoading.Load(dir);
        elapsed = _time.GetElapsedTime(start);
        return bank;
    }

    internal int PrintDiagnostics(ItemBank bank, bool quiet)
    {
        int errors = 0, warnings = 0;
        foreach (var d in bank.Diagnostics)
        {
            if (d.Severity == Severity.Error) errors++;
            else if (d.Severity == Severity.Warning) warnings++;
            if (quiet && d.Severity != Severity.Error) continue;
            _out.WriteLine(d.ToString());
        }
        _out.WriteLine($"{bank.Items.Length} items, {bank.Stimuli.Length} stimuli, {bank.Forms.Length} forms: {errors} error(s), {warnings} warning(s)");
        return errors;
    }
}

/// <summary>A user-facing failure with an exit code (missing file, bad option value).</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
