using Sendai.Cbt.Analysis.Cat;
using Sendai.Cbt.Analysis.Irt;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;
using Sendai.Cbt.Sessions;
using Xunit;

namespace Sendai.Cbt.Analysis.Tests;

public class CatSessionTests
{
    [Fact]
    public void Adaptive_form_runs_through_the_session_api_and_replays_without_the_selector()
    {
        var items = Enumerable.Range(0, 40).Select(i => (Item)new ChoiceItem
        {
            Id = $"q{i:00}", Prompt = "p", AllowMultiple = false,
            Metadata = new ItemMetadata { Subject = "算数", Grade = 5, Format = ItemFormat.Selected, Points = 1 },
            Choices = [new("A", "1", true), new("B", "2", false)],
        }).ToArray();
        var form = new TestForm { Id = "cat", Version = "1", Title = "CAT", Sections = [new FormSection { Id = "pool", Items = [.. items.Select(i => new FormItemRef(i.Id, 1, default))] }] };
        var compiled = CompiledForm.Compile(new ItemBank(items, forms: [form]), form);
        var bank = items.Select((it, i) => new ItemParameters(it.Id, IrtModel.TwoPL, 1.2, [-2.0 + i * 0.1]));
        var selector = new CatSelector(new CatEngine(bank, new CatOptions { MinLength = 5, MaxLength = 12, SeTarget = 0.45 }));
        var sink = new MemoryEventSink();
        using var s = TestSession.Start(form, new SessionOptions { SessionId = "c", StudentId = "s", Seed = 3 }, sink, TimeProvider.System, compiled, selector);
        int answered = 0;
        while (s.State.Status == SessionStatus.Running)
        {
            var id = s.State.CurrentItemId!;
            s.Answer(id, ItemResponse.Choices(int.Parse(id[1..]) % 3 == 0 ? "B" : "A"));
            answered++;
        }

        Assert.Equal(SubmitReason.AdaptiveComplete, s.State.SubmitReason);
        Assert.InRange(answered, 5, 12);
        Assert.Equal(answered, s.State.ItemOrder.Length);
        Assert.Equal(SessionJson.State(s.State), SessionJson.State(SessionState.Replay(sink.Events)));
        // the same seed and answers choose the same items
        var sink2 = new MemoryEventSink();
        using var again = TestSession.Start(form, new SessionOptions { SessionId = "c", StudentId = "s", Seed = 3 }, sink2, TimeProvider.System, compiled, selector);
        while (again.State.Status == SessionStatus.Running)
        {
            var id = again.State.CurrentItemId!;
            again.Answer(id, ItemResponse.Choices(int.Parse(id[1..]) % 3 == 0 ? "B" : "A"));
        }

        Assert.Equal(s.State.ItemOrder.ToArray(), again.State.ItemOrder.ToArray());
    }
}
