using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Scoring;

public sealed class GradingTests
{
    private static readonly CompiledForm Form = TestBank.Compile();

    private static ResponseBatch Batch(params StudentResponses[] students) => new()
    {
        FormId = "f", ItemIds = [.. Form.Items.Select(i => i.Id)], Students = [.. students], Source = "t.csv",
    };

    [Fact]
    public void Totals_subscores_viewpoint_grades_and_item_statistics()
    {
        var batch = ResponseSimulator.Generate(Form, 40, 7);
        var result = Grading.Grade(Form, batch);
        Assert.Equal(40, result.AcceptedRows);
        var s = result.Student(0);
        Assert.Equal(Form.MaxScore, s.MaxScore);
        Assert.Equal(s.Score, s.Subscores.Where(x => x.Kind == SubscoreKind.Section).Sum(x => x.Score));
        Assert.Equal(s.Score, s.Subscores.Where(x => x.Kind == SubscoreKind.Format).Sum(x => x.Score));
        Assert.All(s.Viewpoints, v => Assert.Equal(new GradeCutPoints().Grade(v.Percent), v.Grade));
        foreach (var it in result.Items)
        {
            Assert.Equal(40, it.Correct + it.Partial + it.Wrong + it.Invalid + it.NoResponse + it.Pending + it.Unscored);
        }

        var choice = result.Items.Single(i => i.ItemId == "choice");
        Assert.Equal(["A", "B", "C", "D"], choice.Answers.Select(a => a.Answer));
        Assert.Equal(40 - choice.NoResponse, choice.Answers.Sum(a => a.Count));
    }

    [Fact]
    public void Duplicates_rejected_invalid_cells_reported_unknown_items_reported()
    {
        var ids = Form.Items.Select(i => i.Id).Append("ghost").ToArray();
        var batch = new ResponseBatch
        {
            FormId = "f", ItemIds = [.. ids], Source = "r.csv",
            Students =
            [
                new StudentResponses("s1", [ItemResponse.Raw("Q")], 2),
                new StudentResponses("s2", [ItemResponse.Raw("B")], 3),
                new StudentResponses("s1", [ItemResponse.Raw("B")], 4),
            ],
        };
        var result = Grading.Grade(Form, batch);
        Assert.Equal(2, result.AcceptedRows);
        Assert.Equal(1, result.RejectedRows);
        var dup = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.DuplicateStudent);
        Assert.Equal(4, dup.Line);
        var inv = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.InvalidResponse);
        Assert.Equal((2, 2), (inv.Line, inv.Column));
        var unk = Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.UnknownResponseItem);
        Assert.Equal(ids.Length + 1, unk.Column);
        Assert.Equal(ResponseStatus.Invalid, result.Matrix.Status(0, 0));
        Assert.Equal(ResponseStatus.Correct, result.Matrix.Status(1, 0));
        Assert.Equal(ResponseStatus.NoResponse, result.Matrix.Status(1, 1));
    }

    [Fact]
    public void Explain_gives_status_raw_and_reason_per_item()
    {
        var d = Form.Explain("s1", new Dictionary<string, ItemResponse> { ["text"] = ItemResponse.Raw("とうきょう"), ["choice"] = ItemResponse.Raw("B") });
        Assert.Equal(Form.Items.Length, d.Responses.Length);
        var t = d.Responses.Single(r => r.ItemId == "text");
        Assert.Equal("とうきょう", t.Raw);
        Assert.Equal(ResponseStatus.Partial, t.Status);
        Assert.Equal(2.5m, d.Result.Score);
        Assert.Equal(ResponseStatus.NoResponse, d.Responses.Single(r => r.ItemId == "num").Status);
    }

    private static ResponseBatch Simulated(int seed, int n) => ResponseSimulator.Generate(Form, n, seed);

    [Property(MaxTest = 25)]
    public bool Scores_lie_between_zero_and_max(PositiveInt seed)
    {
        var r = Grading.Grade(Form, Simulated(seed.Get, 30));
        for (int s = 0; s < r.AcceptedRows; s++)
        {
            if (r.Total(s) < 0 || r.Total(s) > Form.MaxScore) return false;
            for (int i = 0; i < r.Matrix.ItemCount; i++)
            {
                var sc = r.Matrix.Score(s, i);
                if (sc < 0 || sc > r.Matrix.MaxScore(i)) return false;
                if (r.Matrix.Status(s, i) == ResponseStatus.Partial && sc >= r.Matrix.MaxScore(i)) return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Any_raw_text_scores_within_bounds_and_never_throws(NonNull<string> raw)
    {
        foreach (var item in Form.Items)
        {
            var r = Form.ScoreResponse(item.Id, ItemResponse.Raw(raw.Get));
            if (r.Score < 0 || r.Score > r.MaxScore) return false;
            if (r.Status == ResponseStatus.Correct && r.Score != r.MaxScore && r.MaxScore > 0) return false;
        }

        return true;
    }

    [Property(MaxTest = 15)]
    public bool Results_do_not_depend_on_student_order_or_threads(PositiveInt seed)
    {
        var batch = Simulated(seed.Get, 700);
        var a = Grading.Grade(Form, batch, 1);
        var shuffled = batch with { Students = [.. batch.Students.OrderBy(s => (s.StudentId.GetHashCode() ^ seed.Get))] };
        var b = Grading.Grade(Form, shuffled, 4);
        if (!a.Items.Select(Key).SequenceEqual(b.Items.Select(Key))) return false;
        var totalsA = Enumerable.Range(0, a.AcceptedRows).ToDictionary(i => a.Matrix.StudentIds[i], a.Total);
        return Enumerable.Range(0, b.AcceptedRows).All(i => totalsA[b.Matrix.StudentIds[i]] == b.Total(i)) && a.MeanScore == b.MeanScore;
    }

    internal static string Key(ItemStatistics s) =>
        $"{s.ItemId}|{s.Correct}|{s.Partial}|{s.Wrong}|{s.Invalid}|{s.NoResponse}|{s.Pending}|{s.ScoreSum}|{string.Join(',', s.Answers.Select(a => a.Answer + ":" + a.Count))}";

    [Fact]
    public void Simulator_is_deterministic_and_realistic()
    {
        var a = ResponseSimulator.Generate(Form, 200, 3);
        var b = ResponseSimulator.Generate(Form, 200, 3);
        Assert.Equal(a.Students.Select(s => string.Join('|', s.Responses.Select(r => r.ToCell()))), b.Students.Select(s => string.Join('|', s.Responses.Select(r => r.ToCell()))));
        Assert.Equal("s001", a.Students[0].StudentId);
        var r = Grading.Grade(Form, a);
        var choice = r.Items.Single(i => i.ItemId == "choice");
        Assert.InRange(choice.CorrectRate, 0.05m, 0.98m);
        Assert.True(r.Items.Sum(i => i.NoResponse) > 0);
        Assert.Equal(0, r.Items.Sum(i => i.Invalid));
    }
}
