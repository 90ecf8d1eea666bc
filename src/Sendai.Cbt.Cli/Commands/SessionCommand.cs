using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;
using Sendai.Cbt.Storage.Log;

namespace Sendai.Cbt.Cli.Commands;

/// <summary>
/// <c>cbt session play|replay|stress</c>: a simulated student writing a crash-safe log, the state rebuilt from a log,
/// and a kill-at-random-moments stress test of the log.
/// </summary>
internal static class SessionCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var cmd = new Command("session", "Test sessions: play a simulated student, replay a log, stress the log with crashes.");
        cmd.Subcommands.Add(Play(stdout, stderr, time));
        cmd.Subcommands.Add(Replay(stdout, stderr));
        cmd.Subcommands.Add(Stress(stdout, stderr));
        return cmd;
    }

    private static Command Play(TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        var form = new Option<string>("--form") { Description = "Form id.", Required = true };
        var log = new Option<string>("--log") { Description = "Session log file (created, or resumed when it exists).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the item order and of the simulated answers.", DefaultValueFactory = _ => 1 };
        var delay = new Option<int>("--delay-ms") { Description = "Pause between answers (ms).", DefaultValueFactory = _ => 0 };
        var bank = new Option<string>("--bank") { Description = "Bank folder (default: content).", DefaultValueFactory = _ => "content" };
        var device = new Option<string>("--device") { Description = "Device id (default: device-1).", DefaultValueFactory = _ => "device-1" };
        var batch = new Option<int>("--batch") { Description = "Group commit: fsync every N events (default 1: fsync per event).", DefaultValueFactory = _ => 1 };
        var cmd = new Command("play", "A simulated student answers the form; prints 'ack <seq>' after each answer is durable.");
        foreach (var o in new Option[] { form, log, seed, delay, bank, device, batch }) cmd.Options.Add(o);
        cmd.SetAction(r => RunPlay(r.GetValue(bank)!, r.GetValue(form)!, r.GetValue(log)!, r.GetValue(seed), r.GetValue(delay), r.GetValue(device)!, r.GetValue(batch), stdout, stderr, time));
        return cmd;
    }

    internal static int RunPlay(string bankDir, string formId, string logPath, int seed, int delayMs, string device, int batch, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        if (delayMs < 0 || batch < 1 || batch > 10_000)
        {
            stderr.WriteLine("cbt: --delay-ms must not be negative and --batch must be 1–10000");
            return ExitCodes.Usage;
        }

        var compiled = ScoringCommandSupport.LoadForm(bankDir, formId, stderr, out int exit);
        if (compiled is null) return exit;
        var simulated = ResponseSimulator.Students(compiled, 1, seed).First();
        var answers = compiled.Items.Select((info, i) => (info.Id, simulated.Responses[i])).ToDictionary(p => p.Id, p => p.Item2, StringComparer.Ordinal);
        SessionLogWriter writer;
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(logPath));
            if (dir is not null) Directory.CreateDirectory(dir);
            writer = SessionLogWriter.Open(logPath, new LogWriterOptions
            {
                Durability = batch == 1 ? LogDurability.PerEvent : LogDurability.Batched, BatchSize = batch,
            }, time);
        }
        catch (InvalidDataException e)
        {
            stderr.WriteLine($"cbt: {e.Message}");
            return ExitCodes.ContentErrors;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cbt: cannot open {logPath}: {e.Message}");
            return ExitCodes.IoError;
        }

        using (writer)
        {
            if (writer.Existing.TornBytes > 0) stderr.WriteLine($"cbt: {logPath}: cut off a torn final record ({writer.Existing.TornBytes} bytes)");
            using var session = writer.Existing.Events.IsEmpty
                ? TestSession.Start(compiled.Form, new SessionOptions { SessionId = $"{formId}-{seed}", StudentId = simulated.StudentId, Seed = (ulong)seed, DeviceId = device, Mode = SessionMode.Test }, writer, time)
                : TestSession.Resume(writer.Existing.Events, device, writer, time);
            long acked = session.DurableSeq;
            var pending = new List<long>();
            void Ack(long durable)
            {
                foreach (var s in pending.Where(s => s <= durable)) stdout.WriteLine($"ack {s.ToString(CultureInfo.InvariantCulture)}");
                pending.RemoveAll(s => s <= durable);
                stdout.Flush();
            }

            try
            {
                while (session.State.Status == SessionStatus.Running)
                {
                    var st = session.State;
                    var next = st.ItemOrder.Select((id, i) => (id, i)).FirstOrDefault(p => st.Items[p.id].Attempts == 0);
                    if (next.id is null) break;
                    if (st.Current != next.i) session.GoTo(next.i);
                    var receipt = session.Answer(next.id, answers.GetValueOrDefault(next.id) ?? ItemResponse.NoResponse);
                    pending.Add(receipt.Seq);
                    Ack(session.DurableSeq);
                    if (delayMs > 0) Thread.Sleep(delayMs);
                }

                if (session.State.Status == SessionStatus.Running) session.Submit();
                Ack(session.Flush());
            }
            catch (SessionException e)
            {
                Ack(session.Flush());
                stderr.WriteLine($"cbt: session ended: {e.Message}");
            }

            var final = session.State;
            stderr.WriteLine($"cbt: {final.Status.ToString().ToLowerInvariant()}; {final.AnsweredCount}/{final.ItemOrder.Length} answered; log {logPath}");
        }

        return ExitCodes.Ok;
    }

    private static Command Replay(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("file") { Description = "Session log." };
        var json = new Option<bool>("--json") { Description = "Print the state and every event (each with \"seq\") as JSON." };
        var results = new Option<string?>("--results") { Description = "Also write the final responses as a MessagePack response batch (compaction)." };
        var cmd = new Command("replay", "Rebuild the session state from its log.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(json);
        cmd.Options.Add(results);
        cmd.SetAction(r => RunReplay(r.GetValue(file)!, r.GetValue(json), r.GetValue(results), stdout, stderr));
        return cmd;
    }

    internal static int RunReplay(string path, bool json, string? results, TextWriter stdout, TextWriter stderr)
    {
        if (LogCommand.TryRead(path, stderr, out var read) is int failed) return failed;

        foreach (var d in read.Diagnostics) stderr.WriteLine(d);
        var state = SessionState.Replay(read.Events);
        if (json)
        {
            stdout.WriteLine(SessionJson.Document(state, read.Events));
        }
        else
        {
            stdout.WriteLine($"session {state.SessionId}  form {state.FormId} v{state.FormVersion}  student {state.StudentId}  mode {state.Mode.ToString().ToLowerInvariant()}");
            stdout.WriteLine($"status {state.Status.ToString().ToLowerInvariant()}{(state.SubmitReason is { } sr ? $" ({sr.ToString().ToLowerInvariant()})" : "")}  answered {state.AnsweredCount}/{state.ItemOrder.Length}  active {state.ActiveTime.TotalSeconds:0.#} s  events {read.Events.Length}");
            int n = 0;
            foreach (var id in state.ItemOrder)
            {
                var i = state.Items[id];
                stdout.WriteLine($"  {++n,3}. {id,-28} {(i.Response.IsNoResponse ? "(無解答)" : i.Response.ToCell())}{(i.Flagged ? "  [見直し]" : "")}{(i.AnswerSeq > 0 ? $"  seq {i.AnswerSeq}" : "")}");
            }
        }

        if (results is not null && state.Status != SessionStatus.NotStarted)
        {
            try
            {
                SessionSync.WriteResults(results, [state]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"cbt: cannot write {results}: {e.Message}");
                return ExitCodes.IoError;
            }
        }

        return read.Corrupt || read.Diagnostics.Any(d => d.Severity == Diagnostics.Severity.Error) ? ExitCodes.ContentErrors : ExitCodes.Ok;
    }

    private static Command Stress(TextWriter stdout, TextWriter stderr)
    {
        var iterations = new Option<int>("--iterations") { Description = "Kill/recover rounds.", DefaultValueFactory = _ => 100 };
        var form = new Option<string>("--form") { Description = "Form id.", DefaultValueFactory = _ => "g5-math-check" };
        var bank = new Option<string>("--bank") { Description = "Bank folder (default: content).", DefaultValueFactory = _ => "content" };
        var seed = new Option<int>("--seed") { Description = "Seed of the kill moments.", DefaultValueFactory = _ => 1 };
        var child = new Option<string?>("--child") { Description = "Command that runs 'session play' (default: this cbt).", Hidden = true };
        var cmd = new Command("stress", "Kill a writer process (SIGKILL) at random moments; check that every acknowledged answer survives.");
        foreach (var o in new Option[] { iterations, form, bank, seed, child }) cmd.Options.Add(o);
        cmd.SetAction(r => RunStress(r.GetValue(iterations), r.GetValue(form)!, r.GetValue(bank)!, r.GetValue(seed), r.GetValue(child), stdout, stderr));
        return cmd;
    }

    /// <summary>How to start this program again: the apphost itself, or <c>dotnet cbt.dll</c>.</summary>
    private static (string File, List<string> Args) Self()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        var args = new List<string>();
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            args.Add(System.Reflection.Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly"));
        return (process, args);
    }

    internal static int RunStress(int iterations, string formId, string bankDir, int seed, string? child, TextWriter stdout, TextWriter stderr)
    {
        if (iterations < 1)
        {
            stderr.WriteLine("cbt: --iterations must be at least 1");
            return ExitCodes.Usage;
        }

        var (file, prefix) = child is null ? Self() : (child.Split(' ')[0], child.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList());
        var rng = new Random(seed);
        string dir = Directory.CreateTempSubdirectory("cbt-stress-").FullName;
        int failures = 0, kills = 0, totalAcks = 0;
        var sw = Stopwatch.StartNew();
        try
        {
            for (int it = 0; it < iterations; it++)
            {
                string log = Path.Combine(dir, $"s{it}.cbtlog");
                var acked = new HashSet<long>();
                // up to three crashes per session, then one run to completion
                for (int round = 0; round < 4; round++)
                {
                    bool kill = round < 3;
                    var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                    foreach (var a in prefix) psi.ArgumentList.Add(a);
                    foreach (var a in new[] { "session", "play", "--form", formId, "--bank", bankDir, "--log", log, "--seed", (seed + it).ToString(CultureInfo.InvariantCulture), "--delay-ms", rng.Next(20, 150).ToString(CultureInfo.InvariantCulture) })
                        psi.ArgumentList.Add(a);
                    using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the writer");
                    p.ErrorDataReceived += (_, _) => { };
                    p.BeginErrorReadLine();
                    var reader = Task.Run(() =>
                    {
                        string? line;
                        while ((line = p.StandardOutput.ReadLine()) is not null)
                        {
                            if (line.StartsWith("ack ", StringComparison.Ordinal) && long.TryParse(line.AsSpan(4), CultureInfo.InvariantCulture, out long s))
                                lock (acked) acked.Add(s);
                        }
                    });
                    if (kill && !p.WaitForExit(rng.Next(100, 1500)))
                    {
                        p.Kill(); // SIGKILL on Unix
                        kills++;
                    }

                    p.WaitForExit();
                    reader.Wait();
                    if (!File.Exists(log))
                    {
                        if (acked.Count > 0) { failures++; stderr.WriteLine($"iteration {it}: the log vanished"); break; }
                        continue; // killed before it created the log
                    }

                    var check = SessionLog.Read(log);
                    if (check.Corrupt)
                    {
                        failures++;
                        stderr.WriteLine($"iteration {it}: log corrupt: {string.Join("; ", check.Diagnostics)}");
                        break;
                    }

                    var present = check.Events.OfType<AnswerGiven>().Select(e => e.Seq).ToHashSet();
                    long[] lost;
                    lock (acked) lost = [.. acked.Where(s => !present.Contains(s))];
                    if (lost.Length > 0)
                    {
                        failures++;
                        stderr.WriteLine($"iteration {it}: acknowledged answers missing after recovery: {string.Join(", ", lost)}");
                        break;
                    }

                    if (!kill && SessionState.Replay(check.Events).Status != SessionStatus.Submitted)
                    {
                        failures++;
                        stderr.WriteLine($"iteration {it}: the session did not finish after recovery");
                    }
                }

                totalAcks += acked.Count;
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }

        stdout.WriteLine($"{iterations} sessions, {kills} kills (SIGKILL), {totalAcks} acknowledged answers, {failures} failures, {sw.Elapsed.TotalSeconds:0.0} s");
        return failures == 0 ? ExitCodes.Ok : ExitCodes.ContentErrors;
    }
}
