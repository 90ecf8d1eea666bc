using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Sessions;

namespace Sendai.Cbt.Storage.Log;

/// <summary>When appended events reach the disk.</summary>
public enum LogDurability
{
    /// <summary>Every event is flushed to the device (fsync) before <see cref="SessionLogWriter.Append"/> returns: an acknowledged answer survives power loss.</summary>
    PerEvent,
    /// <summary>Group commit: fsync after <see cref="LogWriterOptions.BatchSize"/> events or <see cref="LogWriterOptions.BatchInterval"/>, whichever comes first; events are acknowledged only once flushed.</summary>
    Batched,
}

/// <summary>Options of a <see cref="SessionLogWriter"/>.</summary>
public sealed record LogWriterOptions
{
    /// <summary>Flush policy.</summary>
    public LogDurability Durability { get; init; } = LogDurability.PerEvent;
    /// <summary>Batched: events per fsync (1–10,000).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Batched: longest time an event waits for its fsync (checked on each append and flush).</summary>
    public TimeSpan BatchInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>What reading a log found.</summary>
/// <param name="Events">Every readable event in file order.</param>
/// <param name="Records">Record frames that passed their CRC.</param>
/// <param name="ValidLength">Bytes up to the end of the last good frame (where an append continues).</param>
/// <param name="TornBytes">Bytes of an incomplete final record (power loss during a write), cut off on recovery; 0 when none.</param>
/// <param name="Diagnostics">Problems, each with a stable code (CBT05xx) and the byte offset as the column.</param>
public sealed record LogReadResult(ImmutableArray<SessionEvent> Events, int Records, long ValidLength, long TornBytes, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when the log is intact: no torn tail, no corrupt or unreadable record.</summary>
    public bool Intact => TornBytes == 0 && Diagnostics.IsEmpty;

    /// <summary>True when records after <see cref="ValidLength"/> were lost to corruption (not just a torn tail): appending is refused.</summary>
    public bool Corrupt => Diagnostics.Any(d => d.Code is DiagnosticCodes.LogCorrupt or DiagnosticCodes.LogNotALog or DiagnosticCodes.LogLimitExceeded);
}

/// <summary>
/// The append-only session log: a 16-byte header (<c>SCBTLOG\0</c>, u32 version 1, u32 reserved) and records
/// <c>[u32 length][u32 CRC-32C of length and payload][payload: MessagePack event]</c>, little-endian. See docs/sessions.md.
/// </summary>
public static class SessionLog
{
    /// <summary>File magic.</summary>
    public static ReadOnlySpan<byte> Magic => "SCBTLOG\0"u8;
    /// <summary>Format version.</summary>
    public const int FormatVersion = 1;
    /// <summary>Header bytes.</summary>
    public const int HeaderSize = 16;
    /// <summary>Frame header bytes (length + CRC).</summary>
    public const int FrameHeaderSize = 8;
    /// <summary>Largest payload accepted (1 MiB).</summary>
    public const int MaxRecordBytes = 1 << 20;
    /// <summary>Largest log file read (256 MiB).</summary>
    public const long MaxFileBytes = 256L << 20;

    internal static byte[] Header()
    {
        var h = new byte[HeaderSize];
        Magic.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(8), FormatVersion);
        return h;
    }

    /// <summary>Reads a log file. Never throws for bad content; a missing file throws <see cref="FileNotFoundException"/>.</summary>
    /// <param name="path">The file.</param>
    public static LogReadResult Read(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (fs.Length > MaxFileBytes)
            return new LogReadResult([], 0, 0, 0, [Diag(DiagnosticCodes.LogLimitExceeded, path, 0, $"log of {fs.Length} bytes; at most {MaxFileBytes} are read")]);
        var bytes = new byte[fs.Length];
        fs.ReadExactly(bytes);
        return Read(bytes, path);
    }

    /// <summary>Reads a log from bytes. Never throws for bad content.</summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="source">Name used in diagnostics.</param>
    public static LogReadResult Read(ReadOnlyMemory<byte> bytes, string source)
    {
        var span = bytes.Span;
        var diags = ImmutableArray.CreateBuilder<Diagnostic>();
        var events = ImmutableArray.CreateBuilder<SessionEvent>();
        if (bytes.Length > MaxFileBytes)
            return new LogReadResult([], 0, 0, 0, [Diag(DiagnosticCodes.LogLimitExceeded, source, 0, $"log of {bytes.Length} bytes; at most {MaxFileBytes} are read")]);
        if (span.Length < HeaderSize || !span[..8].SequenceEqual(Magic))
        {
            // an empty file, or a header cut short by power loss right after creation, holds no record: torn, not corrupt
            if (span.Length < HeaderSize && Magic[..Math.Min(span.Length, 8)].SequenceEqual(span[..Math.Min(span.Length, 8)]))
                return new LogReadResult([], 0, 0, span.Length, span.Length == 0 ? [] : [Diag(DiagnosticCodes.LogTornTail, source, 0, $"header cut short ({span.Length} bytes)", Severity.Warning)]);
            return new LogReadResult([], 0, 0, 0, [Diag(DiagnosticCodes.LogNotALog, source, 0, "not a session log (bad magic)")]);
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (version != FormatVersion)
            return new LogReadResult([], 0, 0, 0, [Diag(DiagnosticCodes.LogNotALog, source, 8, $"log format version {version} is not supported (this library reads {FormatVersion})")]);

        long pos = HeaderSize;
        long torn = 0;
        int records = 0;
        while (pos < span.Length)
        {
            long left = span.Length - pos;
            if (left < FrameHeaderSize)
            {
                torn = left;
                diags.Add(Diag(DiagnosticCodes.LogTornTail, source, pos, $"final record cut short: {left} bytes of a frame header", Severity.Warning));
                break;
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)pos..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(pos + 4)..]);
            bool restZero = span[(int)pos..].IndexOfAnyExcept((byte)0) < 0;
            if (length == 0 || length > MaxRecordBytes)
            {
                if (restZero) { torn = left; diags.Add(Diag(DiagnosticCodes.LogTornTail, source, pos, $"zero-filled tail of {left} bytes", Severity.Warning)); }
                else diags.Add(Diag(DiagnosticCodes.LogCorrupt, source, pos, $"record length {length} at byte {pos} is outside 1..{MaxRecordBytes}; the rest of the log ({left} bytes) cannot be read"));
                break;
            }

            if (FrameHeaderSize + (long)length > left)
            {
                torn = left;
                diags.Add(Diag(DiagnosticCodes.LogTornTail, source, pos, $"final record cut short: {left - FrameHeaderSize} of {length} payload bytes", Severity.Warning));
                break;
            }

            var payload = span.Slice((int)pos + FrameHeaderSize, (int)length);
            uint actual = Crc32C.Append(Crc32C.Compute(span.Slice((int)pos, 4)), payload);
            long end = pos + FrameHeaderSize + length;
            if (actual != crc)
            {
                bool last = end == span.Length || span[(int)end..].IndexOfAnyExcept((byte)0) < 0;
                if (last) { torn = left; diags.Add(Diag(DiagnosticCodes.LogTornTail, source, pos, "final record fails its CRC (torn write)", Severity.Warning)); }
                else diags.Add(Diag(DiagnosticCodes.LogCorrupt, source, pos, $"record at byte {pos} fails its CRC; the rest of the log ({left} bytes) is not trusted"));
                break;
            }

            records++;
            try
            {
                events.Add(EventCodec.Read(bytes.Slice((int)pos + FrameHeaderSize, (int)length)));
            }
            catch (FormatException e)
            {
                diags.Add(Diag(DiagnosticCodes.LogUnreadableRecord, source, pos, $"record {records} at byte {pos}: {e.Message}; skipped"));
            }

            pos = end;
        }

        long valid = span.Length - torn;
        if (diags.Any(d => d.Code == DiagnosticCodes.LogCorrupt)) valid = pos;
        return new LogReadResult(events.ToImmutable(), records, valid, torn, diags.ToImmutable());
    }

    internal static Diagnostic Diag(string code, string source, long offset, string message, Severity severity = Severity.Error) =>
        new(code, severity, source, 0, (int)Math.Min(offset, int.MaxValue), message);

    /// <summary>Writes a complete log (a merge result, a copy) to a new file and flushes it to disk.</summary>
    /// <param name="path">Target (replaced).</param>
    /// <param name="events">Events in order.</param>
    public static void WriteAll(string path, IEnumerable<SessionEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(Header());
            var buffer = new ArrayBufferWriter<byte>(1024);
            foreach (var e in events)
            {
                buffer.Clear();
                Frame(buffer, e);
                fs.Write(buffer.WrittenSpan);
            }

            fs.Flush(true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Appends one framed record to <paramref name="buffer"/>.</summary>
    internal static void Frame(ArrayBufferWriter<byte> buffer, SessionEvent e)
    {
        int start = buffer.WrittenCount;
        buffer.GetSpan(FrameHeaderSize);
        buffer.Advance(FrameHeaderSize);
        EventCodec.Write(buffer, e);
        int length = buffer.WrittenCount - start - FrameHeaderSize;
        if (length > MaxRecordBytes) throw new ArgumentException($"event of {length} bytes exceeds the record limit of {MaxRecordBytes}", nameof(e));
        // ArrayBufferWriter exposes its written data read-only; patch the header through the underlying memory
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer.WrittenMemory).Span.Slice(start);
        BinaryPrimitives.WriteUInt32LittleEndian(written, (uint)length);
        uint crc = Crc32C.Append(Crc32C.Compute(written[..4]), written.Slice(FrameHeaderSize, length));
        BinaryPrimitives.WriteUInt32LittleEndian(written[4..], crc);
    }
}

/// <summary>
/// Appends session events to a log file; a durable <see cref="ISessionEventSink"/>. Opening an existing log reads it,
/// cuts off a torn final record and continues after the last good one; a log corrupt in the middle is refused (see
/// <c>cbt log verify</c>). Not thread-safe (a session calls it under its lock).
/// </summary>
public sealed class SessionLogWriter : ISessionEventSink, IDisposable
{
    private readonly FileStream _fs;
    private readonly LogWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private long _length;
    private long _lastSeq;
    private long _durableSeq;
    private int _pending;
    private long _pendingSince;
    private bool _faulted;

    private SessionLogWriter(FileStream fs, LogWriterOptions options, TimeProvider time, long length, LogReadResult existing)
    {
        _fs = fs;
        _options = options;
        _time = time;
        _length = length;
        Existing = existing;
        _lastSeq = _durableSeq = existing.Events.IsEmpty ? 0 : existing.Events.Max(e => e.Seq);
    }

    /// <summary>What was in the file when it was opened (empty for a new log). Its events are what a session resumes from.</summary>
    public LogReadResult Existing { get; }

    /// <summary>Highest durable sequence number.</summary>
    public long DurableSeq => _durableSeq;

    /// <summary>Opens (or creates) a log for appending.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Flush policy; null for per-event fsync.</param>
    /// <param name="time">Clock for the batch interval; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="InvalidDataException">The file is not a log, or is corrupt before its end (appending would hide lost records).</exception>
    public static SessionLogWriter Open(string path, LogWriterOptions? options = null, TimeProvider? time = null)
    {
        options ??= new LogWriterOptions();
        if (options.BatchSize is < 1 or > 10_000 || options.BatchInterval < TimeSpan.Zero)
            throw new ArgumentException("BatchSize must be 1–10,000 and BatchInterval not negative", nameof(options));
        var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        try
        {
            LogReadResult existing;
            if (fs.Length == 0)
            {
                existing = new LogReadResult([], 0, 0, 0, []);
            }
            else
            {
                if (fs.Length > SessionLog.MaxFileBytes) throw new InvalidDataException($"{path}: log larger than {SessionLog.MaxFileBytes} bytes");
                var bytes = new byte[fs.Length];
                fs.ReadExactly(bytes);
                existing = SessionLog.Read(bytes, path);
                if (existing.Corrupt) throw new InvalidDataException($"{path}: {string.Join("; ", existing.Diagnostics.Select(d => d.Message))}");
            }

            long length = existing.ValidLength;
            if (length < SessionLog.HeaderSize)
            {
                fs.SetLength(0);
                fs.Position = 0;
                fs.Write(SessionLog.Header());
                length = SessionLog.HeaderSize;
                fs.Flush(true);
            }
            else if (fs.Length != length)
            {
                fs.SetLength(length); // cut off the torn tail
                fs.Flush(true);
            }

            fs.Position = length;
            return new SessionLogWriter(fs, options, time ?? TimeProvider.System, length, existing);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public long Append(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        if (_faulted) throw new IOException("the log writer failed earlier; reopen the log");
        _buffer.Clear();
        SessionLog.Frame(_buffer, sessionEvent);
        try
        {
            _fs.Write(_buffer.WrittenSpan);
            _length += _buffer.WrittenCount;
            _lastSeq = Math.Max(_lastSeq, sessionEvent.Seq);
            if (_options.Durability == LogDurability.PerEvent)
            {
                _fs.Flush(true);
                _durableSeq = _lastSeq;
            }
            else
            {
                if (_pending++ == 0) _pendingSince = _time.GetTimestamp();
                if (_pending >= _options.BatchSize || _time.GetElapsedTime(_pendingSince) >= _options.BatchInterval) Sync();
            }
        }
        catch (IOException)
        {
            Fault();
            throw;
        }

        return _durableSeq;
    }

    /// <inheritdoc />
    public long Flush()
    {
        if (_faulted) throw new IOException("the log writer failed earlier; reopen the log");
        try
        {
            Sync();
        }
        catch (IOException)
        {
            Fault();
            throw;
        }

        return _durableSeq;
    }

    private void Sync()
    {
        _fs.Flush(true);
        _durableSeq = _lastSeq;
        _pending = 0;
    }

    private void Fault() => _faulted = true; // a partly written frame is a torn tail: the next open cuts it off

    /// <summary>Flushes and closes.</summary>
    public void Dispose()
    {
        try
        {
            if (!_faulted) _fs.Flush(true);
        }
        finally
        {
            _fs.Dispose();
        }
    }
}
