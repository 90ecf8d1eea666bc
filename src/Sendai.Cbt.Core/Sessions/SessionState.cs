using System.Collections.Immutable;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Sessions;

/// <summary>Where a session stands.</summary>
public enum SessionStatus
{
    /// <summary>No <see cref="SessionStarted"/> event yet.</summary>
    NotStarted = 0,
    /// <summary>The clock runs.</summary>
    Running = 1,
    /// <summary>The clock is stopped.</summary>
    Paused = 2,
    /// <summary>Ended; no further answers.</summary>
    Submitted = 3,
}

/// <summary>The state of one item in a session.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Response">The current response (<see cref="ItemResponse.NoResponse"/> when none).</param>
/// <param name="Flagged">Flagged for review.</param>
/// <param name="Visited">The student has been on the item.</param>
/// <param name="Attempts">Answers given (each change counts; in practice, each attempt).</param>
/// <param name="HintsShown">Practice hints shown.</param>
/// <param name="Outcome">The scored outcome of the latest answer (practice and adaptive), or null.</param>
/// <param name="Awarded">Practice: points of the latest attempt after the retry penalty; null otherwise.</param>
/// <param name="AnswerSeq">Sequence number of the event that set the current response (0: none).</param>
/// <param name="AnswerDevice">Device of that event, or null.</param>
/// <param name="AnsweredAt">When it was set, or null.</param>
public sealed record ItemState(string ItemId, ItemResponse Response, bool Flagged, bool Visited, int Attempts, int HintsShown,
    AnswerOutcome? Outcome, decimal? Awarded, long AnswerSeq, string? AnswerDevice, DateTimeOffset? AnsweredAt)
{
    internal static ItemState Empty(string id) => new(id, ItemResponse.NoResponse, false, false, 0, 0, null, null, 0, null, null);
}

/// <summary>
/// The state of a session: a pure, total fold over its events (<see cref="Apply"/>). Events that are not valid in the
/// current state (an answer after submission, after the deadline, to an unknown item…) change nothing but
/// <see cref="IgnoredEvents"/>, so a merged log from several devices always folds. Immutable.
/// </summary>
public sealed record SessionState
{
    /// <summary>The state before any event.</summary>
    public static SessionState Initial { get; } = new();

    /// <summary>Session id (empty before start).</summary>
    public string SessionId { get; init; } = "";
    /// <summary>Form id.</summary>
    public string FormId { get; init; } = "";
    /// <summary>Form version.</summary>
    public string FormVersion { get; init; } = "";
    /// <summary>Student id.</summary>
    public string StudentId { get; init; } = "";
    /// <summary>Seed of the item order.</summary>
    public ulong Seed { get; init; }
    /// <summary>Mode.</summary>
    public SessionMode Mode { get; init; }
    /// <summary>Navigation.</summary>
    public NavigationMode Navigation { get; init; }
    /// <summary>Adaptive session.</summary>
    public bool Adaptive { get; init; }
    /// <summary>Practice: attempts per item.</summary>
    public int MaxAttempts { get; init; } = 1;
    /// <summary>Practice: penalty per retry.</summary>
    public decimal RetryPenalty { get; init; }
    /// <summary>Time limit × multiplier, or null when untimed.</summary>
    public TimeSpan? EffectiveTimeLimit { get; init; }
    /// <summary>Status.</summary>
    public SessionStatus Status { get; init; }
    /// <summary>Why it was submitted, or null.</summary>
    public SubmitReason? SubmitReason { get; init; }
    /// <summary>Start time, or null.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>Submission time (never after the deadline), or null.</summary>
    public DateTimeOffset? SubmittedAt { get; init; }
    /// <summary>Clock time used up to the last pause (or submission).</summary>
    public TimeSpan ActiveTime { get; init; }
    /// <summary>When the clock last started, while running; null otherwise.</summary>
    public DateTimeOffset? RunningSince { get; init; }
    /// <summary>Item ids in the order shown (adaptive: those selected so far).</summary>
    public ImmutableArray<string> ItemOrder { get; init; } = [];
    /// <summary>0-based current position.</summary>
    public int Current { get; init; }
    /// <summary>Per-item state by id.</summary>
    public ImmutableDictionary<string, ItemState> Items { get; init; } = ImmutableDictionary<string, ItemState>.Empty.WithComparers(StringComparer.Ordinal);
    /// <summary>Events applied.</summary>
    public long AppliedEvents { get; init; }
    /// <summary>Events that changed nothing (invalid in the state they arrived in).</summary>
    public long IgnoredEvents { get; init; }

    /// <summary>The current item id, or null.</summary>
    public string? CurrentItemId => Current >= 0 && Current < ItemOrder.Length ? ItemOrder[Current] : null;

    /// <summary>When the clock runs out, while running with a limit; otherwise null.</summary>
    public DateTimeOffset? Deadline => Status == SessionStatus.Running && EffectiveTimeLimit is TimeSpan l && RunningSince is DateTimeOffset r ? r + (l - ActiveTime) : null;

    /// <summary>Time used at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    public TimeSpan Elapsed(DateTimeOffset now) => RunningSince is DateTimeOffset r && now > r ? ActiveTime + (now - r) : ActiveTime;

    /// <summary>Time left at <paramref name="now"/> (never negative), or null when untimed.</summary>
    /// <param name="now">The current time.</param>
    public TimeSpan? Remaining(DateTimeOffset now) => EffectiveTimeLimit is TimeSpan l ? (l - Elapsed(now) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero) : null;

    /// <summary>Practice: the sum of awarded points.</summary>
    public decimal PracticeScore => Items.Values.Sum(i => i.Awarded ?? 0m);

    /// <summary>Items answered (response is not 無解答).</summary>
    public int AnsweredCount => Items.Values.Count(i => !i.Response.IsNoResponse);

    /// <summary>Folds events from <see cref="Initial"/>.</summary>
    /// <param name="events">Events in log order.</param>
    public static SessionState Replay(IEnumerable<SessionEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var s = Initial;
        foreach (var e in events) s = s.Apply(e);
        return s;
    }

    /// <summary>The state after <paramref name="e"/>. Total: never throws for any event.</summary>
    /// <param name="e">The event.</param>
    public SessionState Apply(SessionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var next = Transition(e);
        return next is null ? this with { IgnoredEvents = IgnoredEvents + 1 } : next with { AppliedEvents = AppliedEvents + 1 };
    }

    private static TimeSpan NonNegative(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private SessionState? Transition(SessionEvent e)
    {
        if (e is SessionStarted st)
        {
            if (Status != SessionStatus.NotStarted) return null;
            var order = st.ItemOrder.IsDefault ? [] : st.ItemOrder.Distinct(StringComparer.Ordinal).ToImmutableArray();
            var items = Items.SetItems(order.Select(id => KeyValuePair.Create(id, ItemState.Empty(id))));
            if (order.Length > 0) items = items.SetItem(order[0], items[order[0]] with { Visited = true });
            decimal mult = st.TimeMultiplier is >= 1m and <= 10m ? st.TimeMultiplier : 1m;
            return this with
            {
                SessionId = st.SessionId, FormId = st.FormId, FormVersion = st.FormVersion, StudentId = st.StudentId, Seed = st.Seed,
                Mode = st.Mode, Navigation = st.Adaptive ? NavigationMode.Linear : st.Navigation, Adaptive = st.Adaptive,
                MaxAttempts = Math.Max(1, st.MaxAttempts), RetryPenalty = Math.Clamp(st.RetryPenalty, 0m, 1m),
                EffectiveTimeLimit = st.TimeLimit is TimeSpan l && l > TimeSpan.Zero ? TimeSpan.FromTicks((long)(l.Ticks * mult)) : null,
                Status = SessionStatus.Running, StartedAt = st.At, RunningSince = st.At, ItemOrder = order, Current = 0, Items = items,
            };
        }

        if (Status is SessionStatus.NotStarted or SessionStatus.Submitted) return null;
        if (e is SessionSubmitted sub)
        {
            var at = Deadline is DateTimeOffset dl && sub.At > dl ? dl : sub.At;
            var active = Status == SessionStatus.Running && RunningSince is DateTimeOffset r ? ActiveTime + NonNegative(at - r) : ActiveTime;
            return this with { Status = SessionStatus.Submitted, SubmitReason = sub.Reason, SubmittedAt = at, ActiveTime = active, RunningSince = null };
        }

        if (Deadline is DateTimeOffset deadline && e.At > deadline) return null; // late: the clock had run out
        switch (e)
        {
            case SessionPaused when Status == SessionStatus.Running && RunningSince is DateTimeOffset r:
                return this with { Status = SessionStatus.Paused, ActiveTime = ActiveTime + NonNegative(e.At - r), RunningSince = null };
            case SessionResumed when Status == SessionStatus.Paused:
                return this with { Status = SessionStatus.Running, RunningSince = e.At };
            case SessionPaused or SessionResumed:
                return null;
        }

        if (Status != SessionStatus.Running) return null; // nothing else happens while paused
        switch (e)
        {
            case ItemSelected sel when Adaptive && !Items.ContainsKey(sel.ItemId) && (ItemOrder.Length == 0 || Answered(ItemOrder[^1])):
            {
                var order = ItemOrder.Add(sel.ItemId);
                return this with { ItemOrder = order, Current = order.Length - 1, Items = Items.Add(sel.ItemId, ItemState.Empty(sel.ItemId) with { Visited = true }) };
            }
            case Navigated nav when !Adaptive && nav.Index >= 0 && nav.Index < ItemOrder.Length
                                    && (Navigation == NavigationMode.Free || nav.Index == Current + 1):
            {
                var id = ItemOrder[nav.Index];
                return this with { Current = nav.Index, Items = Items.SetItem(id, Items[id] with { Visited = true }) };
            }
            case AnswerGiven ans when Items.TryGetValue(ans.ItemId, out var item) && ans.Response is not null
                                      && (Navigation == NavigationMode.Free || ans.ItemId == CurrentItemId)
                                      && !(Adaptive && item.Attempts > 0)
                                      && !(Mode == SessionMode.Practice && item.Attempts >= MaxAttempts):
            {
                int attempts = item.Attempts + 1;
                decimal? awarded = Mode == SessionMode.Practice && ans.Outcome is { } o
                    ? o.Score * Math.Max(0m, 1m - RetryPenalty * (attempts - 1))
                    : null;
                var updated = item with
                {
                    Response = ans.Response, Attempts = attempts, Outcome = ans.Outcome, Awarded = awarded,
                    AnswerSeq = ans.Seq, AnswerDevice = ans.DeviceId, AnsweredAt = ans.At,
                };
                return this with { Items = Items.SetItem(ans.ItemId, updated) };
            }
            case FlagSet flag when Items.TryGetValue(flag.ItemId, out var item):
                return this with { Items = Items.SetItem(flag.ItemId, item with { Flagged = flag.Flagged }) };
            case HintShown hint when Mode == SessionMode.Practice && hint.HintIndex >= 0 && Items.TryGetValue(hint.ItemId, out var item):
                return this with { Items = Items.SetItem(hint.ItemId, item with { HintsShown = Math.Max(item.HintsShown, hint.HintIndex + 1) }) };
            default:
                return null;
        }
    }

    private bool Answered(string itemId) => Items.TryGetValue(itemId, out var i) && i.Attempts > 0;
}
