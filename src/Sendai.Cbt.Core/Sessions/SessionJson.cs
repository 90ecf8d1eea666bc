using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Sessions;

/// <summary>
/// Canonical JSON of a session state and its events (for <c>cbt session replay --json</c>, and to compare a replayed
/// state with a live one: two states are equal when their JSON is). Keys in a fixed order, items in session order,
/// times as ISO 8601 UTC, numbers in invariant culture.
/// </summary>
public static class SessionJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The state as JSON.</summary>
    /// <param name="state">The state.</param>
    public static string State(SessionState state) => Write(w => WriteState(w, state));

    /// <summary>The state and every event (each with <c>"seq"</c>) as one JSON document: <c>{"state": …, "events": […]}</c>.</summary>
    /// <param name="state">The state.</param>
    /// <param name="events">The events in log order.</param>
    public static string Document(SessionState state, IEnumerable<SessionEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("state");
            WriteState(w, state);
            w.WriteStartArray("events");
            foreach (var e in events) WriteEvent(w, e);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Options)) body(w);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Name<T>(T value) where T : struct, Enum
    {
        var s = value.ToString();
        return char.ToLowerInvariant(s[0]) + s[1..];
    }

    private static void WriteState(Utf8JsonWriter w, SessionState s)
    {
        ArgumentNullException.ThrowIfNull(s);
        w.WriteStartObject();
        w.WriteString("sessionId", s.SessionId);
        w.WriteString("formId", s.FormId);
        w.WriteString("formVersion", s.FormVersion);
        w.WriteString("studentId", s.StudentId);
        w.WriteString("seed", s.Seed.ToString(CultureInfo.InvariantCulture));
        w.WriteString("mode", Name(s.Mode));
        w.WriteString("navigation", Name(s.Navigation));
        w.WriteBoolean("adaptive", s.Adaptive);
        w.WriteString("status", Name(s.Status));
        if (s.SubmitReason is { } r) w.WriteString("submitReason", Name(r)); else w.WriteNull("submitReason");
        if (s.EffectiveTimeLimit is { } l) w.WriteNumber("timeLimitSeconds", l.TotalSeconds); else w.WriteNull("timeLimitSeconds");
        if (s.StartedAt is { } a) w.WriteString("startedAt", Time(a)); else w.WriteNull("startedAt");
        if (s.SubmittedAt is { } b) w.WriteString("submittedAt", Time(b)); else w.WriteNull("submittedAt");
        w.WriteNumber("activeSeconds", s.ActiveTime.TotalSeconds);
        if (s.RunningSince is { } rs) w.WriteString("runningSince", Time(rs)); else w.WriteNull("runningSince");
        w.WriteNumber("current", s.Current);
        w.WriteNumber("answered", s.AnsweredCount);
        if (s.Mode == SessionMode.Practice) w.WriteNumber("practiceScore", s.PracticeScore);
        w.WriteNumber("appliedEvents", s.AppliedEvents);
        w.WriteNumber("ignoredEvents", s.IgnoredEvents);
        w.WriteStartArray("items");
        foreach (var id in s.ItemOrder)
        {
            var i = s.Items[id];
            w.WriteStartObject();
            w.WriteString("itemId", i.ItemId);
            w.WritePropertyName("response");
            WriteResponse(w, i.Response);
            w.WriteBoolean("flagged", i.Flagged);
            w.WriteBoolean("visited", i.Visited);
            w.WriteNumber("attempts", i.Attempts);
            if (i.HintsShown > 0) w.WriteNumber("hintsShown", i.HintsShown);
            if (i.Outcome is { } o) { w.WritePropertyName("outcome"); WriteOutcome(w, o); }
            if (i.Awarded is { } aw) w.WriteNumber("awarded", aw);
            if (i.AnswerSeq > 0)
            {
                w.WriteNumber("seq", i.AnswerSeq);
                w.WriteString("device", i.AnswerDevice);
                if (i.AnsweredAt is { } at) w.WriteString("answeredAt", Time(at));
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteOutcome(Utf8JsonWriter w, AnswerOutcome o)
    {
        w.WriteStartObject();
        w.WriteString("status", Name(o.Status));
        w.WriteNumber("score", o.Score);
        w.WriteNumber("maxScore", o.MaxScore);
        w.WriteString("reason", o.Reason);
        w.WriteEndObject();
    }

    private static void WriteResponse(Utf8JsonWriter w, ItemResponse r)
    {
        switch (r.Kind)
        {
            case ResponseKind.None:
                w.WriteNullValue();
                break;
            case ResponseKind.Parts:
                w.WriteStartArray();
                foreach (var p in r.Parts) { if (p is null) w.WriteNullValue(); else w.WriteStringValue(p); }
                w.WriteEndArray();
                break;
            case ResponseKind.Essay:
                w.WriteStartObject();
                w.WriteString("text", r.Parts[0]);
                if (r.RubricScore is { } sc) w.WriteNumber("score", sc); else w.WriteNull("score");
                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue(r.Parts[0]);
                break;
        }
    }

    private static void WriteEvent(Utf8JsonWriter w, SessionEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", e.Seq);
        w.WriteString("type", EventType(e));
        w.WriteString("at", Time(e.At));
        w.WriteString("device", e.DeviceId);
        w.WriteString("eventId", e.EventId.ToString("D"));
        switch (e)
        {
            case SessionStarted st:
                w.WriteString("sessionId", st.SessionId);
                w.WriteString("formId", st.FormId);
                w.WriteString("studentId", st.StudentId);
                w.WriteString("mode", Name(st.Mode));
                w.WriteNumber("timeMultiplier", st.TimeMultiplier);
                w.WriteStartArray("itemOrder");
                foreach (var id in st.ItemOrder) w.WriteStringValue(id);
                w.WriteEndArray();
                break;
            case AnswerGiven a:
                w.WriteString("itemId", a.ItemId);
                w.WritePropertyName("response");
                WriteResponse(w, a.Response);
                if (a.Outcome is { } o) { w.WritePropertyName("outcome"); WriteOutcome(w, o); }
                break;
            case ItemSelected sel: w.WriteString("itemId", sel.ItemId); break;
            case Navigated n: w.WriteNumber("index", n.Index); break;
            case FlagSet f: w.WriteString("itemId", f.ItemId); w.WriteBoolean("flagged", f.Flagged); break;
            case HintShown h: w.WriteString("itemId", h.ItemId); w.WriteNumber("hint", h.HintIndex); break;
            case SessionPaused p: w.WriteString("reason", Name(p.Reason)); break;
            case SessionSubmitted s: w.WriteString("reason", Name(s.Reason)); break;
        }

        w.WriteEndObject();
    }

    /// <summary>The short type name of an event as used in JSON (<c>answer</c>, <c>start</c>, <c>submit</c>…).</summary>
    /// <param name="e">The event.</param>
    public static string EventType(SessionEvent e) => e switch
    {
        SessionStarted => "start",
        AnswerGiven => "answer",
        ItemSelected => "select",
        Navigated => "navigate",
        FlagSet => "flag",
        HintShown => "hint",
        SessionPaused => "pause",
        SessionResumed => "resume",
        SessionSubmitted => "submit",
        _ => "unknown",
    };
}
