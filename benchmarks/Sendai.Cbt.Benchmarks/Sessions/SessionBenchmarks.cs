using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;
using Sendai.Cbt.Storage.Log;
using Sendai.Cbt.Storage.Packs;

namespace Sendai.Cbt.Benchmarks.Sessions;

/// <summary>Generated events and packs for the session benchmarks.</summary>
public static class SessionData
{
    /// <summary>A start event and <paramref name="answers"/> answer events over 50 items.</summary>
    public static List<SessionEvent> Events(int answers)
    {
        var t = new DateTimeOffset(2026, 4, 10, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 50).Select(i => $"item-{i:000}").ToImmutableArray();
        var list = new List<SessionEvent>
        {
            new SessionStarted { EventId = Guid.CreateVersion7(t), Seq = 1, At = t, DeviceId = "bench", SessionId = "s", FormId = "f", FormVersion = "1", StudentId = "s001", Seed = 1, Mode = SessionMode.Test, Navigation = NavigationMode.Free, ItemOrder = ids },
        };
        for (int i = 0; i < answers; i++)
        {
            var at = t.AddSeconds(i + 1);
            list.Add(new AnswerGiven { EventId = Guid.CreateVersion7(at), Seq = i + 2, At = at, DeviceId = "bench", ItemId = ids[i % 50], Response = ItemResponse.Raw(i % 3 == 0 ? "B" : "とうきょう") });
        }

        return list;
    }

    /// <summary>A student pack of <paramref name="count"/> generated items (about 1.5 KB of HTML each, two ruby variants).</summary>
    public static byte[] StudentPack(int count)
    {
        string html = "<section class=\"cbt-item\" lang=\"ja\"><div class=\"cbt-prompt\"><p>つぎの<ruby>計算<rp>(</rp><rt>けいさん</rt><rp>)</rp></ruby>をしましょう。</p></div>"
            + string.Concat(Enumerable.Repeat("<label><input type=\"radio\" name=\"q\" value=\"A\"> ア　3/4 + 1/8</label>", 12)) + "</section>";
        var items = Enumerable.Range(0, count).Select(i => new StudentPackItem($"gen-{i:00000}", ItemType.Choice,
            new ItemMetadata { Subject = "算数", Grade = 5, Domain = "数と計算", Viewpoint = Viewpoint.Knowledge, Format = ItemFormat.Selected, Points = 1 },
            null, WritingMode.Horizontal, ImmutableDictionary<string, string>.Empty.Add("all", html + i).Add("none", html),
            new ResponseShape(["A", "B", "C", "D"], [], 0, false, null, null, null)));
        return ItemPackFile.ToBytes(new ItemPack { Kind = PackKind.Student, Name = "bench", StudentItems = [.. items] });
    }
}

/// <summary>Answer events per second through the durable log: fsync per event vs group commit.</summary>
[MemoryDiagnoser]
public class LogAppendBenchmarks
{
    private List<SessionEvent> _events = [];
    private string _dir = "";

    /// <summary>Events per operation.</summary>
    [Params(200)]
    public int Events { get; set; }

    /// <summary>Setup.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _events = SessionData.Events(Events - 1);
        _dir = Directory.CreateTempSubdirectory("cbt-bench-").FullName;
    }

    /// <summary>Cleanup.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    private void Write(LogWriterOptions options)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N"));
        using (var w = SessionLogWriter.Open(path, options))
        {
            foreach (var e in _events) w.Append(e);
            w.Flush();
        }

        File.Delete(path);
    }

    /// <summary>fsync after every event (the default: an acknowledged answer survives power loss).</summary>
    [Benchmark(Baseline = true)]
    public void FsyncPerEvent() => Write(new LogWriterOptions { Durability = LogDurability.PerEvent });

    /// <summary>Group commit of 32 events.</summary>
    [Benchmark]
    public void Batched32() => Write(new LogWriterOptions { Durability = LogDurability.Batched, BatchSize = 32 });
}

/// <summary>Replay throughput: read, check CRCs, decode and fold a log of 10,000 answer events.</summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    private byte[] _log = [];

    /// <summary>Setup.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string path = Path.GetTempFileName();
        SessionLog.WriteAll(path, SessionData.Events(10_000));
        _log = File.ReadAllBytes(path);
        File.Delete(path);
    }

    /// <summary>Read + fold.</summary>
    [Benchmark]
    public SessionState Replay10k() => SessionState.Replay(SessionLog.Read(_log, "bench").Events);
}

/// <summary>Loading a 10,000-item student pack (hash check + decode).</summary>
[MemoryDiagnoser]
public class PackLoadBenchmarks
{
    private byte[] _pack = [];

    /// <summary>Setup.</summary>
    [GlobalSetup]
    public void Setup() => _pack = SessionData.StudentPack(10_000);

    /// <summary>Load from bytes already in memory.</summary>
    [Benchmark]
    public int Load10k() => ItemPackFile.Read(_pack, "bench").Pack!.ItemCount;
}
