using Sendai.Cbt.Forms;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Sessions;

/// <summary>
/// One student taking one form: the command side of an event-sourced session. Every command checks the state,
/// writes one event to the sink (durable per its policy), and only then applies it to <see cref="State"/> — the same
/// fold <see cref="SessionState.Replay"/> uses, so the log always rebuilds the live state. Time comes from the
/// injected <see cref="TimeProvider"/>; a timer auto-submits at the deadline. Thread-safe (one lock).
/// </summary>
public sealed class TestSession : IDisposable
{
    private readonly object _gate = new();
    private readonly ISessionEventSink _sink;
    private readonly TimeProvider _time;
    private readonly string _device;
    private readonly Func<Guid>? _ids;
    private readonly CompiledForm? _scorer;
    private readonly IAdaptiveSelector? _adaptive;
    private SessionState _state = SessionState.Initial;
    private long _seq;
    private long _durable;
    private DateTimeOffset _lastAt = DateTimeOffset.MinValue;
    private ITimer? _timer;
    private bool _disposed;

    private TestSession(ISessionEventSink sink, TimeProvider time, string device, Func<Guid>? ids, CompiledForm? scorer, IAdaptiveSelector? adaptive)
    {
        _sink = sink;
        _time = time;
        _device = device;
        _ids = ids;
        _scorer = scorer;
        _adaptive = adaptive;
    }

    /// <summary>The current state.</summary>
    public SessionState State { get { lock (_gate) return _state; } }

    /// <summary>Highest durable sequence number written by this session object.</summary>
    public long DurableSeq { get { lock (_gate) return _durable; } }

    /// <summary>Starts a session.</summary>
    /// <param name="form">The form (its items in order; the order is shuffled by the seed when the form says so).</param>
    /// <param name="options">Session settings.</param>
    /// <param name="sink">Where events go (a log file, memory…).</param>
    /// <param name="time">The clock.</param>
    /// <param name="scorer">The compiled form: required for practice (feedback) and adaptive sessions, otherwise optional and unused.</param>
    /// <param name="adaptive">A selector for an adaptive (CAT) session, or null for a fixed form.</param>
    /// <exception cref="ArgumentException">Invalid options, or practice/adaptive without a scorer.</exception>
    public static TestSession Start(TestForm form, SessionOptions options, ISessionEventSink sink, TimeProvider time, CompiledForm? scorer = null, IAdaptiveSelector? adaptive = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        var mode = options.Mode ?? form.Kind switch { FormKind.Practice => SessionMode.Practice, FormKind.Survey => SessionMode.Questionnaire, _ => SessionMode.Test };
        if ((mode == SessionMode.Practice || adaptive is not null) && scorer is null)
            throw new ArgumentException("practice and adaptive sessions need the compiled form (answer keys) to score answers", nameof(scorer));
        var s = new TestSession(sink, time, options.DeviceId, options.EventIds, scorer, adaptive);
        lock (s._gate)
        {
            s.Emit(new SessionStarted
            {
                EventId = default, Seq = 0, At = default, DeviceId = "",
                SessionId = options.SessionId, FormId = form.Id, FormVersion = form.Version, StudentId = options.StudentId, Seed = options.Seed,
                Mode = mode, Navigation = adaptive is not null ? NavigationMode.Linear : options.Navigation,
                TimeLimit = form.TimeLimit, TimeMultiplier = options.TimeMultiplier,
                ItemOrder = adaptive is null ? SessionPlan.ItemOrder(form, options.Seed) : [],
                Adaptive = adaptive is not null,
                MaxAttempts = mode == SessionMode.Practice ? options.Practice.MaxAttempts : 1,
                RetryPenalty = mode == SessionMode.Practice ? options.Practice.RetryPenalty : 0m,
            });
            if (adaptive is not null) s.SelectNextAdaptive();
            s.ScheduleTimer();
        }

        return s;
    }

    /// <summary>
    /// Continues a session from its events (after a crash, a restart, or on another device after a merge). When the
    /// log ends with the clock running, the clock is stopped at the last recorded event and restarted now (a crash
    /// does not cost the student time): a <see cref="SessionPaused"/> (<see cref="PauseReason.Recovery"/>) and a
    /// <see cref="SessionResumed"/> event are written.
    /// </summary>
    /// <param name="events">The events so far (a replayed or merged log).</param>
    /// <param name="deviceId">This device; sequence numbers continue after its highest one.</param>
    /// <param name="sink">Where new events go.</param>
    /// <param name="time">The clock.</param>
    /// <param name="scorer">As for <see cref="Start"/>.</param>
    /// <param name="adaptive">As for <see cref="Start"/>.</param>
    /// <param name="eventIds">Event id generator, or null.</param>
    /// <exception cref="ArgumentException">The events contain no start.</exception>
    public static TestSession Resume(IEnumerable<SessionEvent> events, string deviceId, ISessionEventSink sink, TimeProvider time,
        CompiledForm? scorer = null, IAdaptiveSelector? adaptive = null, Func<Guid>? eventIds = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        var s = new TestSession(sink, time, deviceId, eventIds, scorer, adaptive);
        lock (s._gate)
        {
            foreach (var e in events)
            {
                s._state = s._state.Apply(e);
                if (e.DeviceId == deviceId && e.Seq > s._seq) s._seq = e.Seq;
                if (e.At > s._lastAt) s._lastAt = e.At;
            }

            s._durable = s._seq;
            if (s._state.Status == SessionStatus.NotStarted) throw new ArgumentException("the events contain no session start", nameof(events));
            if ((s._state.Mode == SessionMode.Practice || s._state.Adaptive) && scorer is null)
                throw new ArgumentException("practice and adaptive sessions need the compiled form", nameof(scorer));
            if (s._state.Adaptive && adaptive is null) throw new ArgumentException("an adaptive session needs its selector", nameof(adaptive));
            if (s._state.Status == SessionStatus.Running && s._state.Deadline is DateTimeOffset d && d <= s._lastAt)
            {
                s.TimeUp(); // the clock had run out before the crash
            }
            else if (s._state.Status == SessionStatus.Running)
            {
                s.Emit(new SessionPaused { EventId = default, Seq = 0, At = s._lastAt, DeviceId = "", Reason = PauseReason.Recovery });
                s.Emit(new SessionResumed { EventId = default, Seq = 0, At = default, DeviceId = "" });
                if (s._state.Adaptive && s._state.CurrentItemId is string cur && s._state.Items[cur].Attempts > 0) s.SelectNextAdaptive();
                s.ScheduleTimer();
            }
        }

        return s;
    }

    /// <summary>Answers (or changes the answer to) an item; <see cref="ItemResponse.NoResponse"/> clears it.</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="response">The response.</param>
    /// <exception cref="SessionException">Not allowed now (paused, submitted, time up, linear navigation, no attempts left…).</exception>
    public AnswerReceipt Answer(string itemId, ItemResponse response)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            RequireRunning();
            if (!_state.Items.TryGetValue(itemId, out var item)) throw new SessionException(SessionError.UnknownItem, $"item '{itemId}' is not in this session");
            if (_state.Navigation == NavigationMode.Linear && itemId != _state.CurrentItemId)
                throw new SessionException(SessionError.NotAllowedInLinear, $"linear navigation: only the current item '{_state.CurrentItemId}' can be answered");
            if (_state.Adaptive && item.Attempts > 0) throw new SessionException(SessionError.NotAllowedInLinear, "adaptive tests do not allow changing an answer");
            if (_state.Mode == SessionMode.Practice && item.Attempts >= _state.MaxAttempts)
                throw new SessionException(SessionError.NoAttemptsLeft, $"no attempts left for '{itemId}'");

            AnswerOutcome? outcome = null;
            if ((_state.Mode == SessionMode.Practice || _state.Adaptive) && _scorer is not null)
            {
                var scored = _scorer.ScoreResponse(itemId, response);
                outcome = new AnswerOutcome(scored.Status, scored.Score, scored.MaxScore, scored.Reason.Describe());
            }

            var receipt = Emit(new AnswerGiven { EventId = default, Seq = 0, At = default, DeviceId = "", ItemId = itemId, Response = response, Outcome = outcome });
            PracticeFeedback? feedback = null;
            if (_state.Mode == SessionMode.Practice && outcome is not null)
            {
                var st = _state.Items[itemId];
                var info = _scorer!.Items[_scorer.IndexOf(itemId)];
                string message = outcome.Status switch
                {
                    ResponseStatus.Correct => "せいかい！",
                    ResponseStatus.Partial => "おしい！もう少しです。",
                    ResponseStatus.NoResponse => "答えを入力しましょう。",
                    _ => st.Attempts < _state.MaxAttempts ? "ざんねん。もういちど考えてみよう。" : "ざんねん。解説を読んでみよう。",
                };
                feedback = new PracticeFeedback(outcome, st.Awarded ?? 0m, st.Attempts, _state.MaxAttempts - st.Attempts, info.Item.Explanation, message);
            }

            string? next = null;
            if (_state.Adaptive) next = SelectNextAdaptive();
            return new AnswerReceipt(receipt.Seq, receipt.Durable, feedback, next);
        }
    }

    /// <summary>Flags an item for review (or removes the flag).</summary>
    /// <param name="itemId">The item.</param>
    /// <param name="flagged">The new flag.</param>
    public SessionReceipt Flag(string itemId, bool flagged = true)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        lock (_gate)
        {
            RequireRunning();
            if (!_state.Items.ContainsKey(itemId)) throw new SessionException(SessionError.UnknownItem, $"item '{itemId}' is not in this session");
            return Emit(new FlagSet { EventId = default, Seq = 0, At = default, DeviceId = "", ItemId = itemId, Flagged = flagged });
        }
    }

    /// <summary>Moves to a position (free navigation: any; linear: only the next one).</summary>
    /// <param name="index">0-based position in <see cref="SessionState.ItemOrder"/>.</param>
    public SessionReceipt GoTo(int index)
    {
        lock (_gate)
        {
            RequireRunning();
            if (_state.Adaptive) throw new SessionException(SessionError.NotAllowedInLinear, "adaptive tests choose the next item themselves");
            if (index < 0 || index >= _state.ItemOrder.Length) throw new SessionException(SessionError.UnknownItem, $"position {index} is outside 0..{_state.ItemOrder.Length - 1}");
            if (_state.Navigation == NavigationMode.Linear && index != _state.Current + 1)
                throw new SessionException(SessionError.NotAllowedInLinear, "linear navigation: only the next item");
            return Emit(new Navigated { EventId = default, Seq = 0, At = default, DeviceId = "", Index = index });
        }
    }

    /// <summary>Moves to the next item.</summary>
    public SessionReceipt Next() => GoTo(State.Current + 1);

    /// <summary>Moves to the previous item (free navigation only).</summary>
    public SessionReceipt Previous() => GoTo(State.Current - 1);

    /// <summary>Practice: shows the next hint of an item.</summary>
    /// <param name="itemId">The item.</param>
    /// <returns>The hint (Markdown) and the receipt.</returns>
    public (string Hint, SessionReceipt Receipt) RevealHint(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        lock (_gate)
        {
            RequireRunning();
            if (_state.Mode != SessionMode.Practice) throw new SessionException(SessionError.WrongMode, "hints are shown in practice sessions only");
            if (!_state.Items.TryGetValue(itemId, out var st)) throw new SessionException(SessionError.UnknownItem, $"item '{itemId}' is not in this session");
            var hints = _scorer!.Items[_scorer.IndexOf(itemId)].Item.Hints;
            if (st.HintsShown >= hints.Length) throw new SessionException(SessionError.NoMoreHints, $"item '{itemId}' has no more hints");
            var receipt = Emit(new HintShown { EventId = default, Seq = 0, At = default, DeviceId = "", ItemId = itemId, HintIndex = st.HintsShown });
            return (hints[st.HintsShown], receipt);
        }
    }

    /// <summary>Stops the clock.</summary>
    public SessionReceipt Pause()
    {
        lock (_gate)
        {
            RequireRunning();
            var r = Emit(new SessionPaused { EventId = default, Seq = 0, At = default, DeviceId = "", Reason = PauseReason.Student });
            CancelTimer();
            return r;
        }
    }

    /// <summary>Starts the clock again.</summary>
    public SessionReceipt Resume()
    {
        lock (_gate)
        {
            if (_state.Status != SessionStatus.Paused) throw new SessionException(_state.Status == SessionStatus.Submitted ? SessionError.Submitted : SessionError.InvalidState, "the session is not paused");
            var r = Emit(new SessionResumed { EventId = default, Seq = 0, At = default, DeviceId = "" });
            ScheduleTimer();
            return r;
        }
    }

    /// <summary>Submits. Allowed while running or paused.</summary>
    public SessionReceipt Submit()
    {
        lock (_gate)
        {
            if (TimeUp()) throw new SessionException(SessionError.TimeUp, "the time ran out; the session was submitted automatically");
            if (_state.Status == SessionStatus.Submitted) throw new SessionException(SessionError.Submitted, "the session was already submitted");
            var r = Emit(new SessionSubmitted { EventId = default, Seq = 0, At = default, DeviceId = "", Reason = SubmitReason.Student });
            CancelTimer();
            return r;
        }
    }

    /// <summary>Auto-submits when the deadline has passed (the timer does it too); returns the state.</summary>
    public SessionState CheckTime()
    {
        lock (_gate)
        {
            TimeUp();
            return _state;
        }
    }

    /// <summary>Makes every event durable (for batched sinks); returns the highest durable sequence number.</summary>
    public long Flush()
    {
        lock (_gate)
        {
            _durable = Math.Max(_durable, _sink.Flush());
            return _durable;
        }
    }

    /// <summary>Stops the timer. Does not submit.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CancelTimer();
        }
    }

    private void RequireRunning()
    {
        if (TimeUp()) throw new SessionException(SessionError.TimeUp, "the time ran out; the session was submitted automatically");
        switch (_state.Status)
        {
            case SessionStatus.Paused: throw new SessionException(SessionError.Paused, "the session is paused");
            case SessionStatus.Submitted: throw new SessionException(SessionError.Submitted, "the session was submitted");
            case SessionStatus.NotStarted: throw new SessionException(SessionError.InvalidState, "the session has not started");
        }
    }

    /// <summary>Writes the time-out submission when the deadline has passed. True when the session ended by time-out (now or before).</summary>
    private bool TimeUp()
    {
        if (_state is { Status: SessionStatus.Submitted, SubmitReason: SubmitReason.TimeOut }) return true;
        if (_state.Deadline is DateTimeOffset deadline && _time.GetUtcNow() >= deadline)
        {
            Emit(new SessionSubmitted { EventId = default, Seq = 0, At = deadline, DeviceId = "", Reason = SubmitReason.TimeOut });
            CancelTimer();
            return true;
        }

        return false;
    }

    private string? SelectNextAdaptive()
    {
        var history = _state.ItemOrder
            .Select(id => _state.Items[id])
            .Where(i => i.Outcome is not null)
            .Select(i => new AdaptiveResponse(i.ItemId, i.Outcome!.Status, i.Outcome.Score, i.Outcome.MaxScore))
            .ToList();
        string? next = _adaptive!.SelectNext(history, _state.Seed);
        if (next is not null && (_scorer!.IndexOf(next) < 0 || _state.Items.ContainsKey(next))) next = null; // unknown or repeated: stop
        if (next is null)
        {
            Emit(new SessionSubmitted { EventId = default, Seq = 0, At = default, DeviceId = "", Reason = SubmitReason.AdaptiveComplete });
            CancelTimer();
            return null;
        }

        Emit(new ItemSelected { EventId = default, Seq = 0, At = default, DeviceId = "", ItemId = next });
        return next;
    }

    /// <summary>Stamps (seq, time, device, id), writes, then applies. <paramref name="template"/>'s At is used when set (time-out, recovery).</summary>
    private SessionReceipt Emit(SessionEvent template)
    {
        var now = template.At != default ? template.At : _time.GetUtcNow();
        if (now < _lastAt) now = _lastAt; // never decreases on one device: the log order is the time order
        var e = template with
        {
            Seq = _seq + 1,
            At = now,
            DeviceId = _device,
            EventId = _ids?.Invoke() ?? Guid.CreateVersion7(now),
        };
        long durable = _sink.Append(e); // throws on I/O failure: nothing applied, nothing acknowledged
        _seq = e.Seq;
        _lastAt = now;
        _durable = Math.Max(_durable, durable);
        _state = _state.Apply(e);
        return new SessionReceipt(e.Seq, _durable >= e.Seq);
    }

    private void ScheduleTimer()
    {
        CancelTimer();
        if (_disposed || _state.Deadline is not DateTimeOffset deadline) return;
        var due = deadline - _time.GetUtcNow();
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        _timer = _time.CreateTimer(_ => OnTimer(), null, due, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed) return;
            try
            {
                TimeUp();
            }
            catch (IOException)
            {
                // the log could not be written; the next command checks the time again and reports the failure
            }
        }
    }

    private void CancelTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
