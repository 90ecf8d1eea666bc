using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using MessagePack;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;

namespace Sendai.Cbt.Storage.Log;

/// <summary>
/// MessagePack encoding of one <see cref="SessionEvent"/> (the payload of a log record), schema in docs/sessions.md:
/// <c>[1, type, eventId(bin16), seq, atUtcTicks, deviceId, field…]</c>. Decimals are invariant strings (exact).
/// Readers ignore trailing fields they do not know (forward compatible) and enforce caps on every count and string.
/// </summary>
internal static class EventCodec
{
    public const int PayloadVersion = 1;
    public const int MaxStringBytes = 256 * 1024;
    public const int MaxParts = 256;
    public const int MaxItems = 10_000;
    public const int MaxTrailingFields = 64;

    private enum Kind { Started = 1, Selected = 2, Navigated = 3, Answer = 4, Flag = 5, Hint = 6, Paused = 7, Resumed = 8, Submitted = 9 }

    public static void Write(IBufferWriter<byte> output, SessionEvent e)
    {
        var w = new MessagePackWriter(output);
        var (kind, fields) = e switch
        {
            SessionStarted => (Kind.Started, 13),
            ItemSelected => (Kind.Selected, 1),
            Navigated => (Kind.Navigated, 1),
            AnswerGiven => (Kind.Answer, 3),
            FlagSet => (Kind.Flag, 2),
            HintShown => (Kind.Hint, 2),
            SessionPaused => (Kind.Paused, 1),
            SessionResumed => (Kind.Resumed, 0),
            SessionSubmitted => (Kind.Submitted, 1),
            _ => throw new ArgumentException($"unknown event type {e.GetType().Name}", nameof(e)),
        };
        w.WriteArrayHeader(6 + fields);
        w.Write(PayloadVersion);
        w.Write((int)kind);
        w.Write(e.EventId.ToByteArray(bigEndian: true));
        w.Write(e.Seq);
        w.Write(e.At.UtcTicks);
        w.Write(e.DeviceId);
        switch (e)
        {
            case SessionStarted s:
                w.Write(s.SessionId);
                w.Write(s.FormId);
                w.Write(s.FormVersion);
                w.Write(s.StudentId);
                w.Write(s.Seed);
                w.Write((int)s.Mode);
                w.Write((int)s.Navigation);
                if (s.TimeLimit is TimeSpan l) w.Write(l.Ticks); else w.WriteNil();
                w.Write(Dec(s.TimeMultiplier));
                w.WriteArrayHeader(s.ItemOrder.IsDefault ? 0 : s.ItemOrder.Length);
                if (!s.ItemOrder.IsDefault) foreach (var id2 in s.ItemOrder) w.Write(id2);
                w.Write(s.Adaptive);
                w.Write(s.MaxAttempts);
                w.Write(Dec(s.RetryPenalty));
                break;
            case ItemSelected s: w.Write(s.ItemId); break;
            case Navigated n: w.Write(n.Index); break;
            case AnswerGiven a:
                w.Write(a.ItemId);
                WriteResponse(ref w, a.Response);
                if (a.Outcome is { } o)
                {
                    w.WriteArrayHeader(4);
                    w.Write((int)o.Status);
                    w.Write(Dec(o.Score));
                    w.Write(Dec(o.MaxScore));
                    w.Write(o.Reason);
                }
                else
                {
                    w.WriteNil();
                }

                break;
            case FlagSet f: w.Write(f.ItemId); w.Write(f.Flagged); break;
            case HintShown h: w.Write(h.ItemId); w.Write(h.HintIndex); break;
            case SessionPaused p: w.Write((int)p.Reason); break;
            case SessionSubmitted s: w.Write((int)s.Reason); break;
        }

        w.Flush();
    }

    public static byte[] ToBytes(SessionEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, e);
        return buffer.WrittenSpan.ToArray();
    }

    private static string Dec(decimal d) => d.ToString(CultureInfo.InvariantCulture);

    private static void WriteResponse(ref MessagePackWriter w, ItemResponse r)
    {
        w.WriteArrayHeader(3);
        w.Write((int)r.Kind);
        w.WriteArrayHeader(r.Parts.IsDefault ? 0 : r.Parts.Length);
        if (!r.Parts.IsDefault)
        {
            foreach (var p in r.Parts) { if (p is null) w.WriteNil(); else w.Write(p); }
        }

        if (r.RubricScore is { } s) w.Write(Dec(s)); else w.WriteNil();
    }

    /// <summary>Decodes a payload. Throws <see cref="FormatException"/> with a clear message for anything unexpected.</summary>
    public static SessionEvent Read(ReadOnlyMemory<byte> payload)
    {
        try
        {
            var r = new MessagePackReader(payload);
            int n = r.ReadArrayHeader();
            if (n < 6) throw new FormatException($"event has {n} fields; at least 6 expected");
            int version = r.ReadInt32();
            if (version != PayloadVersion) throw new FormatException($"event payload version {version} is not supported (this library reads {PayloadVersion})");
            var kind = (Kind)r.ReadInt32();
            var idBytes = r.ReadBytes() ?? throw new FormatException("event id is nil");
            if (idBytes.Length != 16) throw new FormatException("event id is not 16 bytes");
            var eventId = new Guid(idBytes.ToArray(), bigEndian: true);
            long seq = r.ReadInt64();
            long ticks = r.ReadInt64();
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) throw new FormatException("event time out of range");
            var at = new DateTimeOffset(ticks, TimeSpan.Zero);
            string device = Str(ref r);
            int used;
            SessionEvent e;
            switch (kind)
            {
                case Kind.Started:
                {
                    Need(n, 6 + 13);
                    string sessionId = Str(ref r), formId = Str(ref r), formVersion = Str(ref r), studentId = Str(ref r);
                    ulong seed = r.ReadUInt64();
                    var mode = Enum<SessionMode>(r.ReadInt32());
                    var nav = Enum<NavigationMode>(r.ReadInt32());
                    TimeSpan? limit = r.TryReadNil() ? null : Span(r.ReadInt64());
                    decimal mult = ReadDec(ref r);
                    int count = r.ReadArrayHeader();
                    if (count > MaxItems) throw new FormatException($"{count} items; at most {MaxItems}");
                    var order = ImmutableArray.CreateBuilder<string>(count);
                    for (int i = 0; i < count; i++) order.Add(Str(ref r));
                    bool adaptive = r.ReadBoolean();
                    int attempts = r.ReadInt32();
                    decimal penalty = ReadDec(ref r);
                    e = new SessionStarted
                    {
                        EventId = eventId, Seq = seq, At = at, DeviceId = device, SessionId = sessionId, FormId = formId, FormVersion = formVersion,
                        StudentId = studentId, Seed = seed, Mode = mode, Navigation = nav, TimeLimit = limit, TimeMultiplier = mult,
                        ItemOrder = order.MoveToImmutable(), Adaptive = adaptive, MaxAttempts = attempts, RetryPenalty = penalty,
                    };
                    used = 13;
                    break;
                }
                case Kind.Selected:
                    Need(n, 7);
                    e = new ItemSelected { EventId = eventId, Seq = seq, At = at, DeviceId = device, ItemId = Str(ref r) };
                    used = 1;
                    break;
                case Kind.Navigated:
                    Need(n, 7);
                    e = new Navigated { EventId = eventId, Seq = seq, At = at, DeviceId = device, Index = r.ReadInt32() };
                    used = 1;
                    break;
                case Kind.Answer:
                {
                    Need(n, 9);
                    string item = Str(ref r);
                    var response = ReadResponse(ref r);
                    AnswerOutcome? outcome = null;
                    if (!r.TryReadNil())
                    {
                        int k = r.ReadArrayHeader();
                        if (k != 4) throw new FormatException("answer outcome is not [status, score, max, reason]");
                        outcome = new AnswerOutcome(Enum<ResponseStatus>(r.ReadInt32()), ReadDec(ref r), ReadDec(ref r), Str(ref r));
                    }

                    e = new AnswerGiven { EventId = eventId, Seq = seq, At = at, DeviceId = device, ItemId = item, Response = response, Outcome = outcome };
                    used = 3;
                    break;
                }
                case Kind.Flag:
                    Need(n, 8);
                    e = new FlagSet { EventId = eventId, Seq = seq, At = at, DeviceId = device, ItemId = Str(ref r), Flagged = r.ReadBoolean() };
                    used = 2;
                    break;
                case Kind.Hint:
                    Need(n, 8);
                    e = new HintShown { EventId = eventId, Seq = seq, At = at, DeviceId = device, ItemId = Str(ref r), HintIndex = r.ReadInt32() };
                    used = 2;
                    break;
                case Kind.Paused:
                    Need(n, 7);
                    e = new SessionPaused { EventId = eventId, Seq = seq, At = at, DeviceId = device, Reason = Enum<PauseReason>(r.ReadInt32()) };
                    used = 1;
                    break;
                case Kind.Resumed:
                    e = new SessionResumed { EventId = eventId, Seq = seq, At = at, DeviceId = device };
                    used = 0;
                    break;
                case Kind.Submitted:
                    Need(n, 7);
                    e = new SessionSubmitted { EventId = eventId, Seq = seq, At = at, DeviceId = device, Reason = Enum<SubmitReason>(r.ReadInt32()) };
                    used = 1;
                    break;
                default:
                    throw new FormatException($"unknown event type {(int)kind}");
            }

            int extra = n - 6 - used;
            if (extra > MaxTrailingFields) throw new FormatException($"{extra} unknown trailing fields");
            for (int i = 0; i < extra; i++) Responses.ResponsePack.SkipBounded(ref r, 1);
            if (!r.End) throw new FormatException($"{payload.Length - r.Consumed} bytes after the event");
            return e;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new FormatException($"event payload cannot be read: {ex.Message}", ex);
        }
    }

    private static void Need(int n, int min)
    {
        if (n < min) throw new FormatException($"event has {n} fields; {min} expected");
    }

    private static TimeSpan Span(long ticks) => ticks >= 0 ? TimeSpan.FromTicks(ticks) : throw new FormatException("negative time limit");

    private static T Enum<T>(int value) where T : struct, Enum
    {
        var e = (T)System.Enum.ToObject(typeof(T), value);
        return System.Enum.IsDefined(e) && Convert.ToInt32(e, CultureInfo.InvariantCulture) == value ? e : throw new FormatException($"{value} is not a valid {typeof(T).Name}");
    }

    private static string Str(ref MessagePackReader r)
    {
        if (r.NextMessagePackType != MessagePackType.String) throw new FormatException($"expected a string, found {r.NextMessagePackType}");
        return StrOrNull(ref r)!;
    }

    private static string? StrOrNull(ref MessagePackReader r)
    {
        if (r.TryReadNil()) return null;
        if (r.NextMessagePackType != MessagePackType.String) throw new FormatException($"expected a string, found {r.NextMessagePackType}");
        var seq = r.ReadStringSequence() ?? throw new FormatException("string is nil");
        if (seq.Length > MaxStringBytes) throw new FormatException($"string of {seq.Length} bytes; at most {MaxStringBytes}");
        return System.Text.Encoding.UTF8.GetString(seq.IsSingleSegment ? seq.FirstSpan : seq.ToArray());
    }

    private static decimal ReadDec(ref MessagePackReader r)
    {
        string s = Str(ref r);
        return s.Length <= 40 && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : throw new FormatException($"'{Trim(s)}' is not a decimal");
    }

    private static string Trim(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static ItemResponse ReadResponse(ref MessagePackReader r)
    {
        int n = r.ReadArrayHeader();
        if (n != 3) throw new FormatException("response is not [kind, parts, rubric]");
        var kind = Enum<ResponseKind>(r.ReadInt32());
        int count = r.ReadArrayHeader();
        if (count > MaxParts) throw new FormatException($"{count} response parts; at most {MaxParts}");
        var parts = new string?[count];
        for (int i = 0; i < count; i++) parts[i] = StrOrNull(ref r);
        decimal? rubric = r.TryReadNil() ? null : ReadDec(ref r);
        switch (kind)
        {
            case ResponseKind.None:
                return ItemResponse.NoResponse;
            case ResponseKind.Raw:
                if (count != 1 || parts[0] is null) throw new FormatException("raw response needs one string");
                return ItemResponse.Raw(parts[0]!);
            case ResponseKind.Essay:
                if (count != 1) throw new FormatException("essay response needs one part");
                return ItemResponse.Essay(parts[0], rubric);
            default:
                return ItemResponse.Blanks(parts);
        }
    }
}
