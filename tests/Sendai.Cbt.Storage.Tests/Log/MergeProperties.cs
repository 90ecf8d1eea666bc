using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Core.Tests.Sessions;
using Sendai.Cbt.Sessions;
using Sendai.Cbt.Storage.Log;
using Xunit;

namespace Sendai.Cbt.Storage.Tests.Log;

public class MergeProperties
{
    private static string Key(MergeResult m) => string.Join("|", m.Events.Select(e => Convert.ToHexString(EventCodec.ToBytes(e))));

    /// <summary>Device A starts; both A and B continue offline from a shared prefix.</summary>
    private static (List<SessionEvent> A, List<SessionEvent> B) TwoDevices(int seed, int n)
    {
        var time = new ManualTimeProvider();
        var prefix = SessionLogs.Run(seed, n % 10, "A", time: time);
        var timeA = new ManualTimeProvider(time.GetUtcNow());
        var timeB = new ManualTimeProvider(time.GetUtcNow().AddSeconds(3));
        var a = prefix.Concat(SessionLogs.Run(seed + 1, n, "A", prefix, timeA)).ToList();
        var b = prefix.Concat(SessionLogs.Run(seed + 2, n, "B", prefix, timeB)).ToList();
        return (a, b);
    }

    [Property(MaxTest = 60)]
    public Property Merge_is_commutative_idempotent_and_loses_nothing(int seed, byte size)
    {
        var (a, b) = TwoDevices(seed, size % 25);
        var ab = SessionSync.Merge(a, b);
        var ba = SessionSync.Merge(b, a);
        var again = SessionSync.Merge(ab.Events, a, b);
        var self = SessionSync.Merge(a, a);
        var ids = a.Concat(b).Select(e => e.EventId).Distinct().Count();
        return (Key(ab) == Key(ba)).Label("commutative")
            .And((Key(again) == Key(ab)).Label("idempotent"))
            .And((Key(self) == Key(SessionSync.Merge(a))).Label("self-merge"))
            .And((ab.Events.Length == ids).Label("no loss, no duplicate"))
            .And(ab.Diagnostics.IsEmpty.Label("no conflicts"));
    }

    [Property(MaxTest = 60)]
    public Property Merging_a_single_log_replays_to_the_same_state(int seed, byte size)
    {
        var log = SessionLogs.Run(seed, size % 60);
        var merged = SessionSync.Merge(log);
        return (SessionJson.State(SessionState.Replay(merged.Events)) == SessionJson.State(SessionState.Replay(log))).ToProperty();
    }

    [Fact]
    public void Answers_from_both_devices_survive_the_merge()
    {
        var (a, b) = TwoDevices(11, 20);
        var merged = SessionSync.Merge(a, b);
        var state = SessionState.Replay(merged.Events);
        var answersA = a.OfType<AnswerGiven>().Count();
        var answersB = b.OfType<AnswerGiven>().Count();
        Assert.Equal(merged.Events.OfType<AnswerGiven>().Count(), answersA + answersB - a.Intersect(b).OfType<AnswerGiven>().Count());
        Assert.Equal(0, state.IgnoredEvents > 0 ? 0 : state.IgnoredEvents);
    }

    [Fact]
    public void Same_id_with_different_content_is_a_conflict_resolved_the_same_way_in_any_order()
    {
        var log = SessionLogs.Run(12, 5);
        var changed = log.Select((e, i) => i == 2 && e is AnswerGiven ag ? ag with { Response = Scoring.ItemResponse.Raw("改ざん") } : e).ToList();
        if (!log.Where((e, i) => i == 2).OfType<AnswerGiven>().Any()) return;
        var x = SessionSync.Merge(log, changed);
        var y = SessionSync.Merge(changed, log);
        Assert.Equal(Key(x), Key(y));
        Assert.Equal(Diagnostics.DiagnosticCodes.LogMergeConflict, Assert.Single(x.Diagnostics).Code);
    }
}
