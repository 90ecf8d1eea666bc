using System.Collections.Immutable;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Sessions;

/// <summary>
/// Where a session writes its events. <see cref="Append"/> returns only after the event is written; it returns the
/// highest sequence number that is durable (on disk per the sink's policy), so a caller acknowledges an answer only
/// when its number is covered. Implementations need not be thread-safe: a session calls them under its own lock.
/// </summary>
public interface ISessionEventSink
{
    /// <summary>Writes one event; returns the highest durable sequence number after the call.</summary>
    /// <param name="sessionEvent">The event.</param>
    long Append(SessionEvent sessionEvent);

    /// <summary>Makes every appended event durable; returns the highest durable sequence number.</summary>
    long Flush();
}

/// <summary>An in-memory sink (tests, previews): every event is "durable" at once.</summary>
public sealed class MemoryEventSink : ISessionEventSink
{
    private readonly List<SessionEvent> _events = [];

    /// <summary>Events in append order.</summary>
    public IReadOnlyList<SessionEvent> Events => _events;

    /// <inheritdoc />
    public long Append(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        _events.Add(sessionEvent);
        return sessionEvent.Seq;
    }

    /// <inheritdoc />
    public long Flush() => _events.Count == 0 ? 0 : _events[^1].Seq;
}

/// <summary>One answered item as an adaptive selector sees it.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Status">Correct, partial, wrong…</param>
/// <param name="Score">Points earned.</param>
/// <param name="MaxScore">Points possible.</param>
public sealed record AdaptiveResponse(string ItemId, ResponseStatus Status, decimal Score, decimal MaxScore);

/// <summary>
/// Chooses the items of an adaptive (CAT) session. Core defines it; the analysis package adapts its CAT engine
/// (<c>Sendai.Cbt.Analysis.Cat.CatSelector</c>). The choice must depend only on the history and the seed.
/// </summary>
public interface IAdaptiveSelector
{
    /// <summary>The next item id, or null when the test should stop.</summary>
    /// <param name="history">Items answered so far, in order.</param>
    /// <param name="seed">The session seed.</param>
    string? SelectNext(IReadOnlyList<AdaptiveResponse> history, ulong seed);
}

/// <summary>Practice settings.</summary>
/// <param name="MaxAttempts">Attempts per item (1 or more).</param>
/// <param name="RetryPenalty">Share of the points lost per retry, 0–1.</param>
public sealed record PracticeOptions(int MaxAttempts = 3, decimal RetryPenalty = 0.25m);

/// <summary>Settings of one session. Validated when the session starts; every problem is listed in one exception.</summary>
public sealed record SessionOptions
{
    /// <summary>Session id (unique per student and sitting).</summary>
    public required string SessionId { get; init; }
    /// <summary>Student id.</summary>
    public required string StudentId { get; init; }
    /// <summary>Seed of the item order (and of adaptive exposure control).</summary>
    public ulong Seed { get; init; }
    /// <summary>Mode; null: from the form's kind (test, practice, survey → questionnaire).</summary>
    public SessionMode? Mode { get; init; }
    /// <summary>Navigation (adaptive sessions are always linear).</summary>
    public NavigationMode Navigation { get; init; } = NavigationMode.Free;
    /// <summary>Extra-time accommodation: 1, 1.3, 1.5 (any value from 1 to 10).</summary>
    public decimal TimeMultiplier { get; init; } = 1m;
    /// <summary>Practice settings.</summary>
    public PracticeOptions Practice { get; init; } = new();
    /// <summary>Id of this device (events from several devices merge).</summary>
    public string DeviceId { get; init; } = "device";
    /// <summary>Event id generator; null: version-7 GUIDs from the event time.</summary>
    public Func<Guid>? EventIds { get; init; }

    internal void Validate()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(SessionId)) p.Add("SessionId is required");
        if (string.IsNullOrWhiteSpace(StudentId)) p.Add("StudentId is required");
        if (string.IsNullOrWhiteSpace(DeviceId)) p.Add("DeviceId is required");
        if (TimeMultiplier < 1m || TimeMultiplier > 10m) p.Add("TimeMultiplier must be between 1 and 10");
        if (Practice is null) p.Add("Practice is required");
        else
        {
            if (Practice.MaxAttempts is < 1 or > 100) p.Add("Practice.MaxAttempts must be between 1 and 100");
            if (Practice.RetryPenalty is < 0m or > 1m) p.Add("Practice.RetryPenalty must be between 0 and 1");
        }

        if (p.Count > 0) throw new ArgumentException("invalid session options: " + string.Join("; ", p));
    }
}

/// <summary>The acknowledgement of a command.</summary>
/// <param name="Seq">Sequence number of the event written.</param>
/// <param name="Durable">True when the event is durable (per the sink's policy); acknowledge to the student only then.</param>
public sealed record SessionReceipt(long Seq, bool Durable);

/// <summary>Practice feedback shown right after an answer.</summary>
/// <param name="Outcome">Status, points and reason.</param>
/// <param name="Awarded">Points after the retry penalty.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="AttemptsLeft">Attempts still allowed.</param>
/// <param name="Explanation">解説 (Markdown), or null.</param>
/// <param name="Message">A short message for the student in Japanese (せいかい！ / もういちど…).</param>
public sealed record PracticeFeedback(AnswerOutcome Outcome, decimal Awarded, int Attempt, int AttemptsLeft, string? Explanation, string Message);

/// <summary>The acknowledgement of an answer.</summary>
/// <param name="Seq">Sequence number of the answer event.</param>
/// <param name="Durable">True when durable.</param>
/// <param name="Feedback">Practice feedback, or null.</param>
/// <param name="NextItemId">Adaptive: the next item, or null when the test ended.</param>
public sealed record AnswerReceipt(long Seq, bool Durable, PracticeFeedback? Feedback, string? NextItemId);

/// <summary>What went wrong with a command.</summary>
public enum SessionError
{
    /// <summary>The session is paused.</summary>
    Paused,
    /// <summary>The session was submitted.</summary>
    Submitted,
    /// <summary>The time ran out; the session was auto-submitted.</summary>
    TimeUp,
    /// <summary>The item is not in the session.</summary>
    UnknownItem,
    /// <summary>Linear navigation: only the current item may be answered, and only forward moves are allowed.</summary>
    NotAllowedInLinear,
    /// <summary>Practice: no attempts left.</summary>
    NoAttemptsLeft,
    /// <summary>No more hints.</summary>
    NoMoreHints,
    /// <summary>The command does not apply in this mode.</summary>
    WrongMode,
    /// <summary>The session is not paused (resume) or not running (pause).</summary>
    InvalidState,
}

/// <summary>A command that is not allowed in the session's state. The state is unchanged and nothing was logged.</summary>
public sealed class SessionException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">Details.</param>
    public SessionException(SessionError error, string message) : base(message) => Error = error;

    /// <summary>What went wrong.</summary>
    public SessionError Error { get; }
}

/// <summary>The item order of a form for a seed.</summary>
public static class SessionPlan
{
    /// <summary>
    /// Item ids in the order a student sees them: sections shuffled (key: form id) when the form says so, items within a
    /// section shuffled (key: <c>formId/sectionId</c>) when the section says so — the same order the HTML form page shows.
    /// </summary>
    /// <param name="form">The form.</param>
    /// <param name="seed">The seed.</param>
    public static ImmutableArray<string> ItemOrder(TestForm form, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = ImmutableArray.CreateBuilder<string>();
        var sections = form.ShuffleSections ? SeededShuffle.Permutation(form.Sections.Length, [], seed, form.Id).Select(i => form.Sections[i]) : form.Sections;
        foreach (var s in sections)
        {
            var items = s.ShuffleItems ? SeededShuffle.Permutation(s.Items.Length, [], seed, form.Id + "/" + s.Id).Select(i => s.Items[i]) : s.Items;
            foreach (var r in items) result.Add(r.ItemId);
        }

        return result.ToImmutable();
    }
}
