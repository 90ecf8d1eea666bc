using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;
using Sendai.Cbt.Scoring;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Scoring;

public sealed class ItemScoringTests
{
    private static readonly CompiledForm Form = TestBank.Compile();

    private static ScoredResponse Score(string item, string raw, CompiledForm? form = null) => (form ?? Form).ScoreResponse(item, ItemResponse.Raw(raw));

    [Theory]
    [InlineData("B", ResponseStatus.Correct, 2, ReasonKind.CorrectChoice)]
    [InlineData(" ｂ ", ResponseStatus.Correct, 2, ReasonKind.CorrectChoice)]
    [InlineData("C", ResponseStatus.Partial, 0.5, ReasonKind.ChoicePoints)]
    [InlineData("A", ResponseStatus.Wrong, 0, ReasonKind.WrongChoice)]
    [InlineData("Z", ResponseStatus.Invalid, 0, ReasonKind.Invalid)]
    [InlineData("A;B", ResponseStatus.Invalid, 0, ReasonKind.Invalid)]
    [InlineData("", ResponseStatus.Wrong, 0, ReasonKind.EmptyAnswer)]
    public void Choice(string raw, ResponseStatus status, double score, ReasonKind reason)
    {
        var r = Score("choice", raw);
        Assert.Equal(status, r.Status);
        Assert.Equal((decimal)score, r.Score);
        Assert.Equal(reason, r.Reason.Kind);
    }

    [Fact]
    public void No_response_is_not_an_empty_answer()
    {
        var none = Form.ScoreResponse("choice", ItemResponse.NoResponse);
        var empty = Form.ScoreResponse("choice", ItemResponse.Raw(""));
        Assert.Equal(ResponseStatus.NoResponse, none.Status);
        Assert.Equal(ResponseStatus.Wrong, empty.Status);
    }

    [Theory]
    [InlineData(MultipleScoring.AllOrNothing, "A;C", 4)]
    [InlineData(MultipleScoring.AllOrNothing, "C;A", 4)]
    [InlineData(MultipleScoring.AllOrNothing, "A", 0)]
    [InlineData(MultipleScoring.AllOrNothing, "A;B;C", 0)]
    [InlineData(MultipleScoring.PerChoice, "A", 3)]        // A right, B right (unmarked), C wrong, D right → 3/4
    [InlineData(MultipleScoring.PerChoice, "A;B;C", 3)]
    [InlineData(MultipleScoring.PerChoice, "B;D", 0)]
    [InlineData(MultipleScoring.RightMinusWrong, "A", 2)]  // +2
    [InlineData(MultipleScoring.RightMinusWrong, "A;B", 0)] // +2 −2
    [InlineData(MultipleScoring.RightMinusWrong, "A;B;C", 2)]
    [InlineData(MultipleScoring.RightMinusWrong, "B;D", 0)] // floor 0
    public void Multiple_rules(MultipleScoring rule, string raw, double expected)
    {
        var form = TestBank.Compile([TestBank.Multiple(rule)]);
        Assert.Equal((decimal)expected, Score("multi", raw, form).Score);
    }

    [Fact]
    public void Text_accepted_partial_and_kanji_required()
    {
        var a = Score("text", "東京都\u3000");
        Assert.Equal(ResponseStatus.Correct, a.Status);
        Assert.Equal(1, a.Reason.KeyIndex);
        Assert.True(a.Reason.Rules.HasFlag(NormalizationRules.Space));
        Assert.Contains("正答2に一致", a.Reason.Describe());

        var p = Score("text", "とうきょう");
        Assert.Equal(ResponseStatus.Partial, p.Status);
        Assert.Equal(0.5m, p.Score);
        Assert.Equal(ReasonKind.PartialAnswer, p.Reason.Kind);

        var k = Score("text", "とーきょー");
        Assert.Equal(ResponseStatus.Wrong, k.Status);
        Assert.Equal(ReasonKind.KanjiRequired, k.Reason.Kind);

        Assert.Equal(ReasonKind.NoMatch, Score("text", "大阪").Reason.Kind);
    }

    [Fact]
    public void Text_kana_folding_per_item()
    {
        var r = Score("kana", "ショウスウ");
        Assert.Equal(ResponseStatus.Correct, r.Status);
        Assert.True(r.Reason.Rules.HasFlag(NormalizationRules.Kana));
        Assert.Equal(ResponseStatus.Wrong, Score("text", "トウキョウ").Status); // kana: false on that item
    }

    [Theory]
    [InlineData("12.5", ReasonKind.ExactValue)]
    [InlineData("１２．５", ReasonKind.ExactValue)]
    [InlineData("12.5cm", ReasonKind.ExactValue)]
    [InlineData("12.5 ｃｍ", ReasonKind.ExactValue)]
    [InlineData("12.58", ReasonKind.WithinTolerance)]
    [InlineData("12.7", ReasonKind.OutsideTolerance)]
    [InlineData("じゅうに", ReasonKind.NotANumber)]
    public void Numeric(string raw, ReasonKind reason)
    {
        var r = Score("num", raw);
        Assert.Equal(reason, r.Reason.Kind);
        Assert.Equal(reason is ReasonKind.ExactValue or ReasonKind.WithinTolerance ? 1m : 0m, r.Score);
    }

    [Fact]
    public void Numeric_relative_tolerance_and_kanji_numerals()
    {
        Assert.Equal(ResponseStatus.Correct, Score("rel", "201.9").Status);
        Assert.Equal(ResponseStatus.Wrong, Score("rel", "202.1").Status);
        var k = Score("rel", "二百");
        Assert.Equal(ResponseStatus.Correct, k.Status);
        Assert.True(k.Reason.Rules.HasFlag(NormalizationRules.KanjiNumeral));
    }

    [Theory]
    [InlineData("C;A;B", ResponseStatus.Correct)]
    [InlineData("c；a；b", ResponseStatus.Correct)]
    [InlineData("A;B;C", ResponseStatus.Wrong)]
    [InlineData("C;A", ResponseStatus.Wrong)]
    [InlineData("C;A;Q", ResponseStatus.Invalid)]
    public void Order_is_all_or_nothing(string raw, ResponseStatus status) => Assert.Equal(status, Score("order", raw).Status);

    [Theory]
    [InlineData("A=2;B=1;C=3", 3, ResponseStatus.Correct)]
    [InlineData("A=2;B=3;C=1", 1, ResponseStatus.Partial)]
    [InlineData("A=4", 0, ResponseStatus.Wrong)]
    [InlineData("A=9", 0, ResponseStatus.Invalid)]
    [InlineData("A2", 0, ResponseStatus.Invalid)]
    public void Match_per_pair(string raw, double score, ResponseStatus status)
    {
        var r = Score("match", raw);
        Assert.Equal(status, r.Status);
        Assert.Equal((decimal)score, r.Score);
    }

    [Fact]
    public void Cloze_per_blank()
    {
        Assert.Equal(4m, Score("cloze", "東京;1420万人;東").Score);
        Assert.Equal(4m, Score("cloze", "東京都;１４００;2").Score); // option by 1-based number
        var r = Score("cloze", "大阪;1400;西");
        Assert.Equal(ResponseStatus.Partial, r.Status);
        Assert.Equal(1m, r.Score);
        Assert.Equal(1, r.Reason.Hits);
        var blanks = Form.ScoreResponse("cloze", ItemResponse.Blanks("東京", null, null));
        Assert.Equal(2m, blanks.Score);
        Assert.Equal(ResponseStatus.NoResponse, Form.ScoreResponse("cloze", ItemResponse.Blanks(null, null, null)).Status);
        Assert.Equal(ResponseStatus.Invalid, Score("cloze", "a;b;c;d").Status);
    }

    [Fact]
    public void Essay_rubric_and_pending()
    {
        Assert.Equal(ResponseStatus.Pending, Form.ScoreResponse("essay", ItemResponse.Essay("理由は…")).Status);
        Assert.Equal(ResponseStatus.Pending, Score("essay", "理由は…").Status);
        var s = Form.ScoreResponse("essay", ItemResponse.Essay("理由は…", 2));
        Assert.Equal(ResponseStatus.Partial, s.Status);
        Assert.Equal(2m, s.Score);
        Assert.Equal(ResponseStatus.Correct, Form.ScoreResponse("essay", ItemResponse.Essay("x", 3)).Status);
        Assert.Equal(ResponseStatus.Invalid, Form.ScoreResponse("essay", ItemResponse.Essay("x", 2.5m)).Status);
        Assert.Equal(ResponseStatus.NoResponse, Form.ScoreResponse("essay", ItemResponse.NoResponse).Status);
    }

    private sealed class FakeSandbox : IProgramScorer
    {
        public ProgramScore Score(ProgramItem item, string source, CancellationToken cancellationToken) =>
            source.Contains("return x") ? new ProgramScore(2, 2, 2, 2) : new ProgramScore(1, 2, 1, 2, "test 2 failed");
    }

    [Fact]
    public void Program_pending_without_scorer_and_scored_with_one()
    {
        Assert.Equal(ResponseStatus.Pending, Score("prog", "function f(x){}").Status);
        var form = TestBank.Compile(options: new ScoringOptions { ProgramScorer = new FakeSandbox() });
        Assert.Equal(ResponseStatus.Correct, Score("prog", "function f(x){return x}", form).Status);
        var half = Score("prog", "function f(x){}", form);
        Assert.Equal(1m, half.Score);
        Assert.Equal("test 2 failed", half.Reason.Note);
    }

    [Fact]
    public void Survey_is_recorded_never_scored()
    {
        var r = Score("survey", "4");
        Assert.Equal(ResponseStatus.Unscored, r.Status);
        Assert.Equal(0m, r.MaxScore);
    }

    [Fact]
    public void Weights_multiply_points()
    {
        var form = TestBank.Compile(choiceWeight: 2.5m);
        Assert.Equal(5m, Score("choice", "B", form).Score);
        Assert.Equal(1.25m, Score("choice", "C", form).Score);
    }

    [Fact]
    public void Compile_rejects_missing_items_listing_all()
    {
        var form = new Forms.TestForm
        {
            Id = "f", Version = "1", Title = "t",
            Sections = [new Forms.FormSection { Id = "s", Items = [new("x", 1, default), new("y", 1, default)] }],
        };
        var e = Assert.Throws<ArgumentException>(() => CompiledForm.Compile(new ItemBank([]), form));
        Assert.Contains("'x'", e.Message);
        Assert.Contains("'y'", e.Message);
    }
}
