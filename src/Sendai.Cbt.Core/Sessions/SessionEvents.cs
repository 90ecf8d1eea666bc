using System.Collections.Immutable;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Sessions;

/// <summary>What a session is for.</summary>
public enum SessionMode
{
    /// <summary>A scored test: no feedback until the teacher releases results.</summary>
    Test = 0,
    /// <summary>Practice (ワークシート, 自習): feedback and the explanation after each answer, hints, retries with a penalty.</summary>
    Practice = 1,
    /// <summary>A questionnaire (健康観察): answers are recorded, never scored.</summary>
    Questionnaire = 2,
}

/// <summary>How a student may move between items.</summary>
public enum NavigationMode
{
    /// <summary>Any item in any order; answers may be changed until submission.</summary>
    Free = 0,
    /// <summary>Forward only: the student answers the current item and moves on; no going back (adaptive forms are always linear).</summary>
    Linear = 1,
}

/// <summary>Why a session was submitted.</summary>
public enum SubmitReason
{
    /// <summary>The student submitted.</summary>
    Student = 0,
    /// <summary>The time limit (× the accommodation multiplier) ran out: auto-submitted.</summary>
    TimeOut = 1,
    /// <summary>An adaptive test reached its stopping rule.</summary>
    AdaptiveComplete = 2,
}

/// <summary>Why a session was paused.</summary>
public enum PauseReason
{
    /// <summary>The student or proctor paused.</summary>
    Student = 0,
    /// <summary>Written on recovery after a crash: the clock stopped at the last recorded event.</summary>
    Recovery = 1,
}

/// <summary>The scored outcome of an answer, recorded in the event (practice and adaptive sessions) so that replay needs no answer key.</summary>
/// <param name="Status">Correct, partial, wrong…</param>
/// <param name="Score">Points of this attempt before any retry penalty.</param>
/// <param name="MaxScore">Points possible.</param>
/// <param name="Reason">The reason in Japanese (see <see cref="ScoreReason.Describe"/>).</param>
public sealed record AnswerOutcome(ResponseStatus Status, decimal Score, decimal MaxScore, string Reason);

/// <summary>
/// One fact of a session. The session state is a fold over its events (<see cref="SessionState.Apply"/>), so a log
/// replayed rebuilds exactly the live state. Events are immutable.
/// </summary>
public abstract record SessionEvent
{
    /// <summary>Globally unique id; logs from several devices merge by it (a repeated id is the same event).</summary>
    public required Guid EventId { get; init; }
    /// <summary>Sequence number on the writing device (1, 2, 3…); the acknowledgement number of an answer.</summary>
    public required long Seq { get; init; }
    /// <summary>When it happened (from the injected <see cref="TimeProvider"/>; never decreases on one device).</summary>
    public required DateTimeOffset At { get; init; }
    /// <summary>The device that wrote it.</summary>
    public required string DeviceId { get; init; }
}

/// <summary>The session began: everything needed to rebuild it without the form.</summary>
public sealed record SessionStarted : SessionEvent
{
    /// <summary>Session id.</summary>
    public required string SessionId { get; init; }
    /// <summary>Form id.</summary>
    public required string FormId { get; init; }
    /// <summary>Form version.</summary>
    public required string FormVersion { get; init; }
    /// <summary>Student id.</summary>
    public required string StudentId { get; init; }
    /// <summary>Seed of the item order.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Mode.</summary>
    public required SessionMode Mode { get; init; }
    /// <summary>Navigation.</summary>
    public required NavigationMode Navigation { get; init; }
    /// <summary>The form's time limit before the multiplier, or null.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>Accommodation multiplier (1, 1.3, 1.5…).</summary>
    public decimal TimeMultiplier { get; init; } = 1m;
    /// <summary>Item ids in the order shown (empty for adaptive sessions: items arrive as <see cref="ItemSelected"/>).</summary>
    public required ImmutableArray<string> ItemOrder { get; init; }
    /// <summary>True for adaptive (CAT) sessions.</summary>
    public bool Adaptive { get; init; }
    /// <summary>Practice: attempts allowed per item.</summary>
    public int MaxAttempts { get; init; } = 1;
    /// <summary>Practice: share of the points lost per retry (0.25 = a second attempt earns at most 75 %).</summary>
    public decimal RetryPenalty { get; init; }
}

/// <summary>An adaptive session chose its next item (the choice is recorded, so replay needs no selector).</summary>
public sealed record ItemSelected : SessionEvent
{
    /// <summary>The item.</summary>
    public required string ItemId { get; init; }
}

/// <summary>The student moved to an item.</summary>
public sealed record Navigated : SessionEvent
{
    /// <summary>0-based position in the item order.</summary>
    public required int Index { get; init; }
}

/// <summary>An answer was given or changed (<see cref="ItemResponse.NoResponse"/> clears it).</summary>
public sealed record AnswerGiven : SessionEvent
{
    /// <summary>The item.</summary>
    public required string ItemId { get; init; }
    /// <summary>The response.</summary>
    public required ItemResponse Response { get; init; }
    /// <summary>The scored outcome (practice and adaptive sessions), or null.</summary>
    public AnswerOutcome? Outcome { get; init; }
}

/// <summary>An item was flagged for review, or the flag was removed.</summary>
public sealed record FlagSet : SessionEvent
{
    /// <summary>The item.</summary>
    public required string ItemId { get; init; }
    /// <summary>The new flag.</summary>
    public required bool Flagged { get; init; }
}

/// <summary>A practice hint was shown.</summary>
public sealed record HintShown : SessionEvent
{
    /// <summary>The item.</summary>
    public required string ItemId { get; init; }
    /// <summary>0-based hint index.</summary>
    public required int HintIndex { get; init; }
}

/// <summary>The clock stopped.</summary>
public sealed record SessionPaused : SessionEvent
{
    /// <summary>Why.</summary>
    public PauseReason Reason { get; init; }
}

/// <summary>The clock runs again.</summary>
public sealed record SessionResumed : SessionEvent;

/// <summary>The session ended.</summary>
public sealed record SessionSubmitted : SessionEvent
{
    /// <summary>Why.</summary>
    public required SubmitReason Reason { get; init; }
}
