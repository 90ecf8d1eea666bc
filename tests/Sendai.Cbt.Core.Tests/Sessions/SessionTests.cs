using System.Collections.Immutable;
using Sendai.Cbt.Core.Tests.Scoring;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Sessions;

public class SessionTests
{
    internal static readonly Item[] Items = [TestBank.Choice, TestBank.Text, TestBank.Numeric, TestBank.Order, TestBank.Cloze, TestBank.Survey];

    internal static TestForm Form(FormKind kind = FormKind.Test, TimeSpan? limit = null, bool shuffle = false) => new()
    {
        Id = "f", Version = "1", Title = "t", Kind = kind, TimeLimit = limit,
        Sections =
        [
            new FormSection { Id = "s1", Items = [.. Items.Take(3).Select(i => new FormItemRef(i.Id, 1, default))] },
            new FormSection { Id = "s2", ShuffleItems = shuffle, Items = [.. Items.Skip(3).Select(i => new FormItemRef(i.Id, 1, default))] },
        ],
    };

    internal static CompiledForm Compiled(TestForm form)
    {
        var hinted = Items.Select(i => i.Id == "text" ? i with { Hints = ["ヒント1", "ヒント2"], Explanation = "首都です。" } : i).ToArray();
        return CompiledForm.Compile(new ItemBank(hinted, forms: [form]), form);
    }

    internal static SessionOptions Options(NavigationMode nav = NavigationMode.Free, decimal mult = 1m, ulong seed = 7) => new()
    {
        SessionId = "sess-1", StudentId = "s001", Seed = seed, Navigation = nav, TimeMultiplier = mult, DeviceId = "tablet-A",
    };

    private static void AssertReplayMatches(TestSession session, MemoryEventSink sink) =>
        Assert.Equal(SessionJson.State(session.State), SessionJson.State(SessionState.Replay(sink.Events)));

    [Fact]
    public void Item_order_follows_the_form_and_the_seed()
    {
        var form = Form(shuffle: true);
        var a = SessionPlan.ItemOrder(form, 1);
        Assert.Equal(a.ToArray(), SessionPlan.ItemOrder(form, 1).ToArray());
        Assert.Equal(new[] { "choice", "text", "num" }, a.Take(3).ToArray());
        Assert.Equal(Items.Skip(3).Select(i => i.Id).Order().ToArray(), a.Skip(3).Order().ToArray());
        var orders = Enumerable.Range(0, 20).Select(s => string.Join(",", SessionPlan.ItemOrder(form, (ulong)s))).Distinct().Count();
        Assert.True(orders > 1);
    }

    [Fact]
    public void Test_session_answers_changes_flags_and_submits_and_replays_to_the_same_state()
    {
        var time = new ManualTimeProvider();
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(Form(), Options(), sink, time);
        Assert.Equal(SessionMode.Test, s.State.Mode);
        var r1 = s.Answer("choice", ItemResponse.Choices("A"));
        Assert.True(r1.Durable);
        Assert.Null(r1.Feedback); // no feedback in a test
        time.Advance(TimeSpan.FromSeconds(30));
        s.Answer("choice", ItemResponse.Choices("B"));
        s.Flag("text");
        s.GoTo(4);
        s.Answer("cloze", ItemResponse.Blanks("東京", null, "東"));
        s.Previous();
        s.Answer("text", ItemResponse.Text("とうきょう"));
        s.Answer("text", ItemResponse.NoResponse); // cleared
        s.Submit();
        var st = s.State;
        Assert.Equal(SessionStatus.Submitted, st.Status);
        Assert.Equal(SubmitReason.Student, st.SubmitReason);
        Assert.Equal("B", st.Items["choice"].Response.ToCell());
        Assert.Equal(2, st.Items["choice"].Attempts);
        Assert.True(st.Items["text"].Flagged);
        Assert.True(st.Items["text"].Response.IsNoResponse);
        Assert.Equal(2, st.AnsweredCount);
        Assert.Null(st.Items["choice"].Outcome);
        Assert.Equal(Enumerable.Range(1, sink.Events.Count).Select(i => (long)i), sink.Events.Select(e => e.Seq));
        AssertReplayMatches(s, sink);
        var ex = Assert.Throws<SessionException>(() => s.Answer("num", ItemResponse.Number(1)));
        Assert.Equal(SessionError.Submitted, ex.Error);
    }

    [Fact]
    public void Linear_navigation_allows_only_the_current_item_and_forward_moves()
    {
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(Form(), Options(NavigationMode.Linear), sink, new ManualTimeProvider());
        s.Answer("choice", ItemResponse.Choices("B"));
        Assert.Equal(SessionError.NotAllowedInLinear, Assert.Throws<SessionException>(() => s.Answer("text", ItemResponse.Text("x"))).Error);
        s.Next();
        Assert.Equal(SessionError.NotAllowedInLinear, Assert.Throws<SessionException>(() => s.Previous()).Error);
        Assert.Equal(SessionError.NotAllowedInLinear, Assert.Throws<SessionException>(() => s.GoTo(4)).Error);
        s.Answer("text", ItemResponse.Text("東京"));
        Assert.Equal(1, s.State.Current);
        AssertReplayMatches(s, sink);
    }

    [Theory]
    [InlineData("1", 600)]
    [InlineData("1.3", 780)]
    [InlineData("1.5", 900)]
    public void Time_limit_with_accommodation_auto_submits_at_the_deadline(string multiplier, int seconds)
    {
        var time = new ManualTimeProvider();
        var t0 = time.GetUtcNow();
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(Form(limit: TimeSpan.FromMinutes(10)), Options(mult: decimal.Parse(multiplier, System.Globalization.CultureInfo.InvariantCulture)), sink, time);
        Assert.Equal(TimeSpan.FromSeconds(seconds), s.State.EffectiveTimeLimit);
        time.Advance(TimeSpan.FromSeconds(100));
        s.Pause(); // the clock stops
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(SessionError.Paused, Assert.Throws<SessionException>(() => s.Answer("choice", ItemResponse.Choices("B"))).Error);
        s.Resume();
        s.Answer("choice", ItemResponse.Choices("B"));
        time.Advance(TimeSpan.FromSeconds(seconds - 100 - 1));
        Assert.Equal(SessionStatus.Running, s.State.Status);
        time.Advance(TimeSpan.FromSeconds(2)); // the timer fires
        var st = s.State;
        Assert.Equal(SessionStatus.Submitted, st.Status);
        Assert.Equal(SubmitReason.TimeOut, st.SubmitReason);
        Assert.Equal(t0 + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(seconds), st.SubmittedAt);
        Assert.Equal(TimeSpan.FromSeconds(seconds), st.ActiveTime);
        Assert.Equal(SessionError.TimeUp, Assert.Throws<SessionException>(() => s.Answer("text", ItemResponse.Text("x"))).Error);
        Assert.Equal("B", st.Items["choice"].Response.ToCell());
        AssertReplayMatches(s, sink);
    }

    [Fact]
    public void A_command_after_the_deadline_submits_even_without_the_timer()
    {
        var time = new ManualTimeProvider();
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(Form(limit: TimeSpan.FromMinutes(1)), Options(), sink, time);
        s.Dispose(); // no timer
        time.Set(time.GetUtcNow() + TimeSpan.FromMinutes(5));
        Assert.Equal(SessionError.TimeUp, Assert.Throws<SessionException>(() => s.Answer("choice", ItemResponse.Choices("B"))).Error);
        Assert.Equal(SubmitReason.TimeOut, s.State.SubmitReason);
        Assert.Equal(TimeSpan.FromMinutes(1), s.State.ActiveTime);
    }

    [Fact]
    public void Practice_gives_feedback_explanation_hints_and_penalised_retries()
    {
        var form = Form(FormKind.Practice);
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(form, Options() with { Practice = new PracticeOptions(3, 0.25m) }, sink, new ManualTimeProvider(), Compiled(form));
        Assert.Equal(SessionMode.Practice, s.State.Mode);
        var (hint, _) = s.RevealHint("text");
        Assert.Equal("ヒント1", hint);
        var first = s.Answer("text", ItemResponse.Text("おおさか"));
        Assert.NotNull(first.Feedback);
        Assert.Equal(ResponseStatus.Wrong, first.Feedback!.Outcome.Status);
        Assert.Equal("首都です。", first.Feedback.Explanation);
        Assert.Equal(2, first.Feedback.AttemptsLeft);
        var second = s.Answer("text", ItemResponse.Text("東京"));
        Assert.Equal(ResponseStatus.Correct, second.Feedback!.Outcome.Status);
        Assert.Equal(1m, second.Feedback.Outcome.Score);
        Assert.Equal(0.75m, second.Feedback.Awarded);
        Assert.Equal("せいかい！", second.Feedback.Message);
        s.Answer("text", ItemResponse.Text("東京"));
        Assert.Equal(0.5m, s.State.Items["text"].Awarded);
        Assert.Equal(SessionError.NoAttemptsLeft, Assert.Throws<SessionException>(() => s.Answer("text", ItemResponse.Text("東京"))).Error);
        s.RevealHint("text");
        Assert.Equal(SessionError.NoMoreHints, Assert.Throws<SessionException>(() => s.RevealHint("text")).Error);
        Assert.Equal(0.5m, s.State.PracticeScore);
        AssertReplayMatches(s, sink);
    }

    [Fact]
    public void Practice_needs_the_answer_keys()
    {
        Assert.Throws<ArgumentException>(() => TestSession.Start(Form(FormKind.Practice), Options(), new MemoryEventSink(), new ManualTimeProvider()));
    }

    [Fact]
    public void Questionnaire_answers_are_recorded_not_scored()
    {
        var form = Form(FormKind.Survey);
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(form, Options(), sink, new ManualTimeProvider(), Compiled(form));
        Assert.Equal(SessionMode.Questionnaire, s.State.Mode);
        var r = s.Answer("survey", ItemResponse.Raw("4"));
        Assert.Null(r.Feedback);
        Assert.Null(s.State.Items["survey"].Outcome);
        Assert.Equal(SessionError.WrongMode, Assert.Throws<SessionException>(() => s.RevealHint("text")).Error);
        s.Submit();
        AssertReplayMatches(s, sink);
    }

    private sealed class ScriptedSelector(params string[] order) : IAdaptiveSelector
    {
        public List<int> HistoryLengths { get; } = [];

        public string? SelectNext(IReadOnlyList<AdaptiveResponse> history, ulong seed)
        {
            HistoryLengths.Add(history.Count);
            return history.Count < order.Length ? order[history.Count] : null;
        }
    }

    [Fact]
    public void Adaptive_sessions_use_the_same_api_and_record_each_selection()
    {
        var form = Form();
        var sink = new MemoryEventSink();
        var selector = new ScriptedSelector("num", "choice");
        using var s = TestSession.Start(form, Options(), sink, new ManualTimeProvider(), Compiled(form), selector);
        Assert.True(s.State.Adaptive);
        Assert.Equal("num", s.State.CurrentItemId);
        var r = s.Answer("num", ItemResponse.Number(12.5m));
        Assert.Equal("choice", r.NextItemId);
        Assert.Equal(ResponseStatus.Correct, s.State.Items["num"].Outcome!.Status);
        Assert.Equal(SessionError.NotAllowedInLinear, Assert.Throws<SessionException>(() => s.Answer("num", ItemResponse.Number(1))).Error);
        r = s.Answer("choice", ItemResponse.Choices("A"));
        Assert.Null(r.NextItemId);
        Assert.Equal(SubmitReason.AdaptiveComplete, s.State.SubmitReason);
        Assert.Equal(new[] { "num", "choice" }, s.State.ItemOrder.ToArray());
        Assert.Equal(new[] { 0, 1, 2 }, selector.HistoryLengths.ToArray());
        AssertReplayMatches(s, sink); // replay needs no selector
    }

    [Fact]
    public void Resume_after_a_crash_stops_the_clock_at_the_last_event()
    {
        var time = new ManualTimeProvider();
        var sink = new MemoryEventSink();
        var s = TestSession.Start(Form(limit: TimeSpan.FromMinutes(10)), Options(), sink, time);
        time.Advance(TimeSpan.FromMinutes(2));
        s.Answer("choice", ItemResponse.Choices("B"));
        s.Dispose(); // "crash"
        time.Advance(TimeSpan.FromMinutes(30));
        var sink2 = new MemoryEventSink();
        using var resumed = TestSession.Resume(sink.Events, "tablet-A", sink2, time);
        Assert.Equal(SessionStatus.Running, resumed.State.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), resumed.State.Elapsed(time.GetUtcNow()));
        Assert.Equal(new[] { 3L, 4L }, sink2.Events.Select(e => e.Seq).ToArray());
        Assert.IsType<SessionPaused>(sink2.Events[0]);
        resumed.Answer("text", ItemResponse.Text("東京"));
        Assert.Equal(SessionJson.State(resumed.State), SessionJson.State(SessionState.Replay(sink.Events.Concat(sink2.Events))));
    }

    [Fact]
    public void Fold_is_total_and_ignores_events_that_do_not_apply()
    {
        var t = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var state = SessionState.Replay([
            new AnswerGiven { EventId = Guid.NewGuid(), Seq = 1, At = t, DeviceId = "d", ItemId = "x", Response = ItemResponse.Raw("1") },
            new SessionResumed { EventId = Guid.NewGuid(), Seq = 2, At = t, DeviceId = "d" },
        ]);
        Assert.Equal(SessionStatus.NotStarted, state.Status);
        Assert.Equal(2, state.IgnoredEvents);
    }

    [Fact]
    public void Options_are_validated_with_every_problem_listed()
    {
        var ex = Assert.Throws<ArgumentException>(() => TestSession.Start(Form(), Options() with { SessionId = "", TimeMultiplier = 0.5m, Practice = new PracticeOptions(0, 2) }, new MemoryEventSink(), new ManualTimeProvider()));
        Assert.Contains("SessionId", ex.Message);
        Assert.Contains("TimeMultiplier", ex.Message);
        Assert.Contains("MaxAttempts", ex.Message);
        Assert.Contains("RetryPenalty", ex.Message);
    }
}
