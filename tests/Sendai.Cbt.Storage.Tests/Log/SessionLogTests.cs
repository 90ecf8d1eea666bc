using System.Text;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Sessions;
using Sendai.Cbt.Storage.Log;
using Sendai.Cbt.Storage.Responses;
using Xunit;

namespace Sendai.Cbt.Storage.Tests.Log;

public sealed class SessionLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cbt-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0u, Crc32C.Compute([]));
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray();
        Assert.Equal(Crc32C.Compute(data), Crc32C.Append(Crc32C.Compute(data.AsSpan(0, 333)), data.AsSpan(333)));
    }

    [Fact]
    public void Events_round_trip_through_the_log_file()
    {
        var events = SessionLogs.Run(1, 60);
        string path = PathOf("a.cbtlog");
        using (var w = SessionLogWriter.Open(path))
        {
            foreach (var e in events) Assert.Equal(e.Seq, w.Append(e));
        }

        var read = SessionLog.Read(path);
        Assert.True(read.Intact);
        Assert.Equal(events.Count, read.Events.Length);
        for (int i = 0; i < events.Count; i++) Assert.Equal(EventCodec.ToBytes(events[i]), EventCodec.ToBytes(read.Events[i]));
        Assert.Equal(SessionJson.State(SessionState.Replay(events)), SessionJson.State(SessionState.Replay(read.Events)));
    }

    [Fact]
    public void Batched_writer_acknowledges_only_flushed_events()
    {
        var events = SessionLogs.Run(2, 40);
        using var w = SessionLogWriter.Open(PathOf("b.cbtlog"), new LogWriterOptions { Durability = LogDurability.Batched, BatchSize = 10, BatchInterval = TimeSpan.FromHours(1) });
        var acks = events.Select(w.Append).ToList();
        Assert.Equal(0, acks[8]);
        Assert.Equal(10, acks[9]);
        Assert.Equal(events[^1].Seq, w.Flush());
    }

    [Fact]
    public void A_torn_final_record_is_cut_off_and_earlier_records_are_kept()
    {
        var events = SessionLogs.Run(3, 30);
        string path = PathOf("c.cbtlog");
        SessionLog.WriteAll(path, events);
        var full = File.ReadAllBytes(path);
        for (int cut = 1; cut < 40; cut++)
        {
            var torn = full[..^cut];
            var r = SessionLog.Read(torn, "torn");
            Assert.False(r.Corrupt);
            Assert.True(r.TornBytes > 0);
            Assert.Equal(events.Count - 1, r.Events.Length);
            Assert.Equal(DiagnosticCodes.LogTornTail, Assert.Single(r.Diagnostics).Code);
        }

        // reopen for append: the tail is cut, the session resumes, the next event continues cleanly
        File.WriteAllBytes(path, full[..^5]);
        using (var w = SessionLogWriter.Open(path))
        {
            Assert.Equal(events.Count - 1, w.Existing.Events.Length);
            var time = new Core.Tests.Sessions.ManualTimeProvider(events[^1].At.AddMinutes(1));
            using var s = TestSession.Resume(w.Existing.Events, "A", w, time, SessionLogs.Compiled(SessionLogs.Form()));
            s.Answer("choice", Scoring.ItemResponse.Choices("B"));
        }

        var after = SessionLog.Read(path);
        Assert.True(after.Intact);
        Assert.Equal(events.Count - 1 + 3, after.Events.Length);
    }

    [Fact]
    public void Zero_filled_tail_after_power_loss_is_torn_not_corrupt()
    {
        var events = SessionLogs.Run(4, 10);
        string path = PathOf("z.cbtlog");
        SessionLog.WriteAll(path, events);
        var bytes = File.ReadAllBytes(path).Concat(new byte[4096]).ToArray();
        var r = SessionLog.Read(bytes, "z");
        Assert.False(r.Corrupt);
        Assert.Equal(events.Count, r.Events.Length);
        Assert.Equal(4096, r.TornBytes);
    }

    [Fact]
    public void Corruption_in_the_middle_is_reported_and_appending_is_refused()
    {
        var events = SessionLogs.Run(5, 30);
        string path = PathOf("m.cbtlog");
        SessionLog.WriteAll(path, events);
        var bytes = File.ReadAllBytes(path);
        bytes[SessionLog.HeaderSize + 40] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var r = SessionLog.Read(path);
        Assert.True(r.Corrupt);
        Assert.Contains(r.Diagnostics, d => d.Code == DiagnosticCodes.LogCorrupt);
        Assert.Throws<InvalidDataException>(() => SessionLogWriter.Open(path).Dispose());
    }

    [Fact]
    public void Not_a_log_is_a_clear_diagnostic()
    {
        var r = SessionLog.Read(Encoding.UTF8.GetBytes("student_id,q1\ns001,A\n"), "x.csv");
        Assert.Equal(DiagnosticCodes.LogNotALog, Assert.Single(r.Diagnostics).Code);
    }

    [Fact]
    public void Compaction_writes_a_response_batch_the_grading_path_reads()
    {
        var events = SessionLogs.Run(6, 50);
        var state = SessionState.Replay(events);
        string path = PathOf("results.msgpack");
        SessionSync.WriteResults(path, [state], [.. SessionLogs.Items.Select(i => i.Id)]);
        var batch = ResponsePack.Read(File.ReadAllBytes(path), path);
        Assert.Empty(batch.Diagnostics);
        var row = Assert.Single(batch.Students);
        Assert.Equal("s001", row.StudentId);
        for (int i = 0; i < batch.ItemIds.Length; i++)
            Assert.Equal(state.Items[batch.ItemIds[i]].Response.ToCell(), row.Responses[i].ToCell());
    }
}
