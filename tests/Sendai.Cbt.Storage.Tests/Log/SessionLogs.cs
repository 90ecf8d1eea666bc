using Sendai.Cbt.Core.Tests.Scoring;
using Sendai.Cbt.Core.Tests.Sessions;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;

namespace Sendai.Cbt.Storage.Tests.Log;

/// <summary>Generates realistic session event logs.</summary>
internal static class SessionLogs
{
    public static readonly Item[] Items = [TestBank.Choice, TestBank.Text, TestBank.Numeric, TestBank.Order, TestBank.Cloze, TestBank.Essay, TestBank.Survey];

    public static TestForm Form(FormKind kind = FormKind.Practice) => new()
    {
        Id = "f", Version = "1", Title = "t", Kind = kind, TimeLimit = TimeSpan.FromMinutes(30),
        Sections = [new FormSection { Id = "s1", ShuffleItems = true, Items = [.. Items.Select(i => new FormItemRef(i.Id, 1, default))] }],
    };

    public static CompiledForm Compiled(TestForm form) => CompiledForm.Compile(new ItemBank(Items, forms: [form]), form);

    /// <summary>A session on one device; <paramref name="start"/> lets two devices continue the same session.</summary>
    public static List<SessionEvent> Run(int seed, int commands, string device = "A", IReadOnlyList<SessionEvent>? start = null, ManualTimeProvider? time = null)
    {
        var rng = new Random(seed);
        time ??= new ManualTimeProvider();
        var form = Form();
        var sink = new MemoryEventSink();
        using var s = start is null
            ? TestSession.Start(form, new SessionOptions { SessionId = "sess", StudentId = "s001", Seed = (ulong)seed, DeviceId = device, Practice = new PracticeOptions(5, 0.1m) }, sink, time, Compiled(form))
            : TestSession.Resume(start, device, sink, time, Compiled(form));
        var ids = Items.Select(i => i.Id).ToArray();
        ItemResponse[] answers = [ItemResponse.Choices("B"), ItemResponse.Raw("東京"), ItemResponse.Number(12.5m), ItemResponse.Order("C", "A", "B"),
            ItemResponse.Blanks("東京", null, "東"), ItemResponse.Essay("作文です", 2m), ItemResponse.Raw("3"), ItemResponse.NoResponse];
        for (int i = 0; i < commands; i++)
        {
            time.Advance(TimeSpan.FromSeconds(rng.Next(1, 20)));
            try
            {
                if (rng.Next(6) == 0) s.Flag(ids[rng.Next(ids.Length)], rng.Next(2) == 0);
                else s.Answer(ids[rng.Next(ids.Length)], answers[rng.Next(answers.Length)]);
            }
            catch (SessionException)
            {
            }
        }

        return [.. sink.Events];
    }
}
