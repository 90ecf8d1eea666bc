using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;
using Sendai.Cbt.Storage.Responses;

namespace Sendai.Cbt.Storage.Log;

/// <summary>The result of merging logs.</summary>
/// <param name="Events">The union of the events, each once, in (time, device, seq, id) order.</param>
/// <param name="Duplicates">Events seen more than once (same id) and kept once.</param>
/// <param name="Diagnostics">Conflicts: the same id with different content (the encoding that sorts first is kept, so the result does not depend on the order of the inputs).</param>
public sealed record MergeResult(ImmutableArray<SessionEvent> Events, int Duplicates, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Offline sync: logs of the same session from several devices merge by event id. The merge is a set union followed
/// by a total order, so it is commutative, associative and idempotent: merging a log with itself, or merging again
/// after a sync, changes nothing; no answer is lost or duplicated.
/// </summary>
public static class SessionSync
{
    /// <summary>Merges event lists.</summary>
    /// <param name="logs">The logs (each in any order).</param>
    public static MergeResult Merge(params IEnumerable<SessionEvent>[] logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var byId = new Dictionary<Guid, (SessionEvent Event, byte[] Bytes)>();
        int duplicates = 0;
        var diags = ImmutableArray.CreateBuilder<Diagnostic>();
        var conflicts = new SortedSet<Guid>();
        foreach (var log in logs)
        {
            foreach (var e in log)
            {
                var bytes = EventCodec.ToBytes(e);
                if (byId.TryGetValue(e.EventId, out var seen))
                {
                    duplicates++;
                    if (!seen.Bytes.AsSpan().SequenceEqual(bytes))
                    {
                        conflicts.Add(e.EventId);
                        if (bytes.AsSpan().SequenceCompareTo(seen.Bytes) < 0) byId[e.EventId] = (e, bytes);
                    }
                }
                else
                {
                    byId.Add(e.EventId, (e, bytes));
                }
            }
        }

        foreach (var id in conflicts)
            diags.Add(new Diagnostic(DiagnosticCodes.LogMergeConflict, Severity.Warning, "merge", 0, 0, $"event {id} differs between logs; one version kept"));
        var ordered = byId.Values.Select(v => v.Event)
            .OrderBy(e => e.At.UtcTicks)
            .ThenBy(e => e.DeviceId, StringComparer.Ordinal)
            .ThenBy(e => e.Seq)
            .ThenBy(e => e.EventId)
            .ToImmutableArray();
        return new MergeResult(ordered, duplicates, diags.ToImmutable());
    }

    /// <summary>
    /// Compaction: the final responses of finished sessions as a response batch (docs/formats.md), which the grading
    /// path reads directly. One row per session (student id), columns in <paramref name="itemIds"/> order.
    /// </summary>
    /// <param name="sessions">Folded session states (typically submitted).</param>
    /// <param name="itemIds">Column order (the form's item order); null: every item seen, in first-seen order.</param>
    public static ResponseBatch ToBatch(IReadOnlyList<SessionState> sessions, IReadOnlyList<string>? itemIds = null)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0) throw new ArgumentException("no sessions", nameof(sessions));
        var ids = itemIds?.ToImmutableArray() ?? sessions.SelectMany(s => s.ItemOrder).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var rows = ImmutableArray.CreateBuilder<StudentResponses>(sessions.Count);
        foreach (var s in sessions)
        {
            var responses = ids.Select(id => s.Items.TryGetValue(id, out var st) ? st.Response : ItemResponse.NoResponse).ToImmutableArray();
            rows.Add(new StudentResponses(s.StudentId, responses, rows.Count + 1));
        }

        return new ResponseBatch
        {
            FormId = sessions[0].FormId,
            FormVersion = sessions[0].FormVersion,
            ItemIds = ids,
            Students = rows.MoveToImmutable(),
            Source = "sessions",
        };
    }

    /// <summary>Writes the compacted results (<see cref="ToBatch"/>) as a MessagePack response batch and flushes it to disk.</summary>
    /// <param name="path">Target file (replaced atomically).</param>
    /// <param name="sessions">Session states.</param>
    /// <param name="itemIds">Column order, or null.</param>
    public static void WriteResults(string path, IReadOnlyList<SessionState> sessions, IReadOnlyList<string>? itemIds = null)
    {
        var batch = ToBatch(sessions, itemIds);
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            fs.Write(ResponsePack.Write(batch));
            fs.Flush(true);
        }

        File.Move(tmp, path, overwrite: true);
    }
}
