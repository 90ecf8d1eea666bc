using System.CommandLine;
using Sendai.Cbt.Sessions;
using Sendai.Cbt.Storage.Log;

namespace Sendai.Cbt.Cli.Commands;

/// <summary><c>cbt log verify FILE</c> and <c>cbt log merge FILE… -o OUT</c>.</summary>
internal static class LogCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var cmd = new Command("log", "Session logs: verify integrity, merge logs from several devices.");
        var file = new Argument<string>("file") { Description = "Session log." };
        var verify = new Command("verify", "Integrity report; exit code 0 when the log is intact.");
        verify.Arguments.Add(file);
        verify.SetAction(r => Verify(r.GetValue(file)!, stdout, stderr));
        cmd.Subcommands.Add(verify);

        var files = new Argument<string[]>("files") { Description = "Logs of the same session from several devices.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("-o", "--out") { Description = "Merged log.", Required = true };
        var merge = new Command("merge", "Merge logs by event id (idempotent: no answer lost or duplicated).");
        merge.Arguments.Add(files);
        merge.Options.Add(output);
        merge.SetAction(r => Merge(r.GetValue(files)!, r.GetValue(output)!, stdout, stderr));
        cmd.Subcommands.Add(merge);
        return cmd;
    }

    /// <summary>Reads a log for a command; returns an exit code when the file is missing or unreadable, null when <paramref name="read"/> is set.</summary>
    internal static int? TryRead(string path, TextWriter stderr, out LogReadResult read)
    {
        read = null!;
        if (!File.Exists(path))
        {
            stderr.WriteLine($"cbt: {path}: file not found");
            return ExitCodes.IoError;
        }

        try
        {
            read = SessionLog.Read(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot read {path}: {e.Message}");
            return ExitCodes.IoError;
        }
    }

    internal static int Verify(string path, TextWriter stdout, TextWriter stderr)
    {
        if (TryRead(path, stderr, out var r) is int failed) return failed;

        foreach (var d in r.Diagnostics) stdout.WriteLine(d);
        var state = SessionState.Replay(r.Events);
        stdout.WriteLine($"{path}: {r.Records} records, {r.Events.Length} events, {r.Events.OfType<AnswerGiven>().Count()} answers, last seq {(r.Events.IsEmpty ? 0 : r.Events.Max(e => e.Seq))}, valid bytes {r.ValidLength}, torn bytes {r.TornBytes}");
        stdout.WriteLine(r.Intact ? $"intact (session {state.SessionId}, {state.Status.ToString().ToLowerInvariant()})"
            : r.Corrupt ? "CORRUPT: records after the first bad one cannot be trusted" : "damaged: see the diagnostics above (a torn tail is cut off when the log is reopened)");
        return r.Intact ? ExitCodes.Ok : ExitCodes.ContentErrors;
    }

    internal static int Merge(string[] files, string output, TextWriter stdout, TextWriter stderr)
    {
        var logs = new List<IEnumerable<SessionEvent>>();
        bool damaged = false;
        foreach (var f in files)
        {
            if (!File.Exists(f))
            {
                stderr.WriteLine($"cbt: {f}: file not found");
                return ExitCodes.IoError;
            }

            var r = SessionLog.Read(f);
            foreach (var d in r.Diagnostics) stderr.WriteLine(d);
            damaged |= r.Corrupt;
            logs.Add(r.Events);
        }

        var m = SessionSync.Merge([.. logs]);
        foreach (var d in m.Diagnostics) stderr.WriteLine(d);
        try
        {
            SessionLog.WriteAll(output, m.Events);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot write {output}: {e.Message}");
            return ExitCodes.IoError;
        }

        stdout.WriteLine($"merged {files.Length} logs: {m.Events.Length} events ({m.Duplicates} duplicates dropped) → {output}");
        return damaged ? ExitCodes.ContentErrors : ExitCodes.Ok;
    }
}
