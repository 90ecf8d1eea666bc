using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using Sendai.Cbt.Core.Tests.Scoring;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Storage.Log;
using Sendai.Cbt.Storage.Packs;
using Sendai.Cbt.Storage.Responses;
using Xunit;

namespace Sendai.Cbt.Storage.Tests.Log;

/// <summary>
/// Generated corruptions (bit flips, truncations, random bytes, overwritten runs, huge length prefixes, inserted bytes)
/// of the log, pack and batch readers, with a fixed seed. Half of the mutated logs and packs get their CRC / SHA-256
/// repaired so that the decoders behind the checks are exercised too. Every case must end in a result (diagnostics),
/// never an exception, a hang or a runaway allocation.
/// </summary>
public class FuzzTests
{
    private const int Cases = 1500;

    internal static ItemPack StudentPack() => new()
    {
        Kind = PackKind.Student, Name = "fuzz",
        StudentItems = [.. TestBank.All().Select(i => new StudentPackItem(i.Id, i.Type, i.Metadata, null, i.Writing,
            ImmutableDictionary<string, string>.Empty.Add("all", $"<p>{i.Id}</p>").Add("none", "<p>x</p>"), ResponseShape.Of(i)))],
        Forms = [TestBank.Compile().Form],
    };

    internal static ItemPack TeacherPack() => new()
    {
        Kind = PackKind.Teacher, Name = "fuzz",
        TeacherItems = [.. TestBank.All().Select(i => new TeacherPackItem(i, "<p>t</p>"))],
        Forms = [TestBank.Compile().Form],
    };

    private static byte[] Mutate(byte[] input, Random rng, int headerSize)
    {
        var b = input.ToList();
        int ops = rng.Next(1, 4);
        for (int k = 0; k < ops && b.Count > 0; k++)
        {
            switch (rng.Next(7))
            {
                case 0: { int i = rng.Next(b.Count); b[i] ^= (byte)(1 << rng.Next(8)); break; }
                case 1: { int at = rng.Next(b.Count); b.RemoveRange(at, Math.Min(rng.Next(1, 64), b.Count - at)); break; }
                case 2: { int i = rng.Next(b.Count); int n = Math.Min(rng.Next(1, 32), b.Count - i); for (int j = 0; j < n; j++) b[i + j] = (byte)rng.Next(256); break; }
                case 3: b.InsertRange(rng.Next(b.Count), Enumerable.Range(0, rng.Next(1, 16)).Select(_ => (byte)rng.Next(256))); break;
                case 4:
                {
                    // a huge length / count: 0xFFFFFFFF-ish in a random place (MessagePack array32/str32 headers too)
                    int i = rng.Next(b.Count);
                    byte[] huge = rng.Next(3) switch { 0 => [0xdd, 0x7f, 0xff, 0xff, 0xff], 1 => [0xdb, 0xff, 0xff, 0xff, 0xf0], _ => [0xff, 0xff, 0xff, 0x7f] };
                    for (int j = 0; j < huge.Length && i + j < b.Count; j++) b[i + j] = huge[j];
                    break;
                }
                case 5: b = [.. b.Take(rng.Next(b.Count))]; break;
                default: { int i = rng.Next(headerSize, Math.Max(headerSize + 1, b.Count)); if (i < b.Count) b[i] = (byte)rng.Next(256); break; }
            }
        }

        return [.. b];
    }

    private static void Guard(Action read, string what, int i)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        try
        {
            read();
        }
        catch (Exception e)
        {
            Assert.Fail($"{what} case {i}: {e}");
        }

        Assert.True(sw.ElapsedMilliseconds < 2000, $"{what} case {i} took {sw.ElapsedMilliseconds} ms");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L << 20, $"{what} case {i} allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void Log_reader_survives_corruption()
    {
        var rng = new Random(20260410);
        var events = SessionLogs.Run(9, 40);
        string path = Path.GetTempFileName();
        SessionLog.WriteAll(path, events);
        var log = File.ReadAllBytes(path);
        File.Delete(path);
        int readable = 0;
        for (int i = 0; i < Cases; i++)
        {
            var bad = Mutate(log, rng, SessionLog.HeaderSize);
            if (i % 2 == 0) RepairCrcs(bad);
            Guard(() =>
            {
                var r = SessionLog.Read(bad, "fuzz");
                if (!r.Events.IsEmpty) readable++;
                _ = Sessions.SessionState.Replay(r.Events); // the fold is total
                _ = SessionSync.Merge(r.Events, events);
            }, "log", i);
        }

        Assert.True(readable > Cases / 4);
    }

    /// <summary>Recomputes every frame's CRC so that corrupt payloads reach the event decoder.</summary>
    private static void RepairCrcs(byte[] bytes)
    {
        int pos = SessionLog.HeaderSize;
        while (pos + 8 <= bytes.Length)
        {
            uint len = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos));
            if (len == 0 || len > SessionLog.MaxRecordBytes || pos + 8 + len > bytes.Length) return;
            uint crc = Crc32C.Append(Crc32C.Compute(bytes.AsSpan(pos, 4)), bytes.AsSpan(pos + 8, (int)len));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(pos + 4), crc);
            pos += 8 + (int)len;
        }
    }

    [Fact]
    public void Pack_reader_survives_corruption()
    {
        var rng = new Random(7);
        var packs = new[] { ItemPackFile.ToBytes(StudentPack()), ItemPackFile.ToBytes(TeacherPack()) };
        foreach (var p in packs) Assert.True(ItemPackFile.Read(p, "ok").Ok);
        int decodedAfterRepair = 0;
        for (int i = 0; i < Cases; i++)
        {
            var bad = Mutate(packs[i % 2], rng, ItemPackFile.HeaderSize);
            if (i % 3 != 0 && bad.Length >= ItemPackFile.HeaderSize)
            {
                // repair length and hash so that the payload decoder sees the corruption
                BinaryPrimitives.WriteInt64LittleEndian(bad.AsSpan(16), bad.Length - ItemPackFile.HeaderSize);
                SHA256.HashData(bad.AsSpan(ItemPackFile.HeaderSize), bad.AsSpan(24, 32));
            }

            Guard(() =>
            {
                var r = ItemPackFile.Read(bad, "fuzz");
                if (r.Pack is not null) decodedAfterRepair++;
                Assert.True(r.Ok || !r.Diagnostics.IsEmpty);
            }, "pack", i);
        }

        Assert.True(decodedAfterRepair < Cases);
    }

    [Fact]
    public void Batch_reader_survives_corruption()
    {
        var rng = new Random(11);
        var form = TestBank.Compile();
        var batch = ResponsePack.Write(ResponseSimulator.Generate(form, 20, 3));
        for (int i = 0; i < Cases; i++)
        {
            var bad = Mutate(batch, rng, 0);
            Guard(() =>
            {
                var r = ResponsePack.Read(bad, "fuzz");
                _ = r.Students.Length;
            }, "batch", i);
        }
    }
}
