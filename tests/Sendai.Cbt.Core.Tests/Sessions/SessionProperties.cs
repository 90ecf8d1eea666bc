using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;

namespace Sendai.Cbt.Core.Tests.Sessions;

public class SessionProperties
{
    /// <summary>Runs random commands (most are valid, some are refused) against a live session.</summary>
    internal static (TestSession Session, MemoryEventSink Sink) RunRandom(int seed, int commands, FormKind kind = FormKind.Practice)
    {
        var rng = new Random(seed);
        var time = new ManualTimeProvider();
        var form = SessionTests.Form(kind, limit: rng.Next(3) == 0 ? TimeSpan.FromMinutes(rng.Next(1, 20)) : null, shuffle: true);
        var sink = new MemoryEventSink();
        var nav = rng.Next(2) == 0 ? NavigationMode.Free : NavigationMode.Linear;
        var s = TestSession.Start(form, SessionTests.Options(nav, rng.Next(3) switch { 0 => 1m, 1 => 1.3m, _ => 1.5m }, (ulong)seed), sink, time, SessionTests.Compiled(form));
        var ids = SessionTests.Items.Select(i => i.Id).ToArray();
        string[] answers = ["A", "B", "東京", "とうきょう", "12.5", "3", ""];
        for (int i = 0; i < commands; i++)
        {
            time.Advance(TimeSpan.FromSeconds(rng.Next(0, 120)));
            try
            {
                switch (rng.Next(10))
                {
                    case < 5:
                        var id = nav == NavigationMode.Linear && rng.Next(4) > 0 ? s.State.CurrentItemId ?? ids[0] : ids[rng.Next(ids.Length)];
                        s.Answer(id, rng.Next(8) == 0 ? ItemResponse.NoResponse : ItemResponse.Raw(answers[rng.Next(answers.Length)]));
                        break;
                    case 5: s.Flag(ids[rng.Next(ids.Length)], rng.Next(2) == 0); break;
                    case 6: s.GoTo(rng.Next(-1, ids.Length + 1)); break;
                    case 7: if (rng.Next(2) == 0) s.Pause(); else s.Resume(); break;
                    case 8: s.RevealHint(ids[rng.Next(ids.Length)]); break;
                    default: if (rng.Next(15) == 0) s.Submit(); else s.Next(); break;
                }
            }
            catch (SessionException)
            {
                // refused commands write nothing
            }
        }

        return (s, sink);
    }

    [Property(MaxTest = 200)]
    public Property Replay_of_the_log_equals_the_live_state(int seed, byte commands, bool practice)
    {
        var (s, sink) = RunRandom(seed, commands % 80, practice ? FormKind.Practice : FormKind.Test);
        using (s)
        {
            var live = SessionJson.State(s.State);
            var replayed = SessionJson.State(SessionState.Replay(sink.Events));
            return (live == replayed && s.State.IgnoredEvents == 0).Label($"live:\n{live}\nreplayed:\n{replayed}");
        }
    }
}
