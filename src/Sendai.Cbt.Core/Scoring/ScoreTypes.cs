using System.Collections.Immutable;
using Sendai.Cbt.Items;
using Sendai.Cbt.Normalization;

namespace Sendai.Cbt.Scoring;

/// <summary>What happened to one response.</summary>
public enum ResponseStatus : byte
{
    /// <summary>無解答: no response.</summary>
    NoResponse = 0,
    /// <summary>Full credit (正答).</summary>
    Correct = 1,
    /// <summary>Some but not full credit (部分正答).</summary>
    Partial = 2,
    /// <summary>Answered, zero credit (誤答).</summary>
    Wrong = 3,
    /// <summary>The response could not be read for this item (unknown label, wrong kind); scored 0 like a wrong answer and reported as a diagnostic.</summary>
    Invalid = 4,
    /// <summary>Waiting for a teacher's rubric score or the program sandbox; not counted as 0.</summary>
    Pending = 5,
    /// <summary>Recorded but never scored (survey items).</summary>
    Unscored = 6,
}

/// <summary>Which key or rule decided a score.</summary>
public enum ReasonKind
{
    /// <summary>No response.</summary>
    NoResponse,
    /// <summary>The answer is empty.</summary>
    EmptyAnswer,
    /// <summary>The correct choice was selected.</summary>
    CorrectChoice,
    /// <summary>A wrong choice with partial points (<c>{points=…}</c>) was selected.</summary>
    ChoicePoints,
    /// <summary>A wrong choice was selected.</summary>
    WrongChoice,
    /// <summary><c>multiple</c>, all-or-nothing rule.</summary>
    AllOrNothing,
    /// <summary><c>multiple</c>, per-choice rule.</summary>
    PerChoice,
    /// <summary><c>multiple</c>, right-minus-wrong rule (floor 0).</summary>
    RightMinusWrong,
    /// <summary>Matched accepted answer number <see cref="ScoreReason.KeyIndex"/> (after the normalisation rules listed).</summary>
    AcceptedAnswer,
    /// <summary>Matched partial answer number <see cref="ScoreReason.KeyIndex"/>.</summary>
    PartialAnswer,
    /// <summary>Kanji required: the answer is written in kana only.</summary>
    KanjiRequired,
    /// <summary>No accepted or partial answer matched.</summary>
    NoMatch,
    /// <summary>The number equals the key.</summary>
    ExactValue,
    /// <summary>The number lies within the tolerance.</summary>
    WithinTolerance,
    /// <summary>The number lies outside the tolerance.</summary>
    OutsideTolerance,
    /// <summary>The answer is not a number.</summary>
    NotANumber,
    /// <summary>Order item: exact sequence required.</summary>
    Sequence,
    /// <summary>Match item: credit per correct pair.</summary>
    Pairs,
    /// <summary>Cloze item: credit per correct blank.</summary>
    Blanks,
    /// <summary>Essay: the teacher's rubric level.</summary>
    Rubric,
    /// <summary>Essay not yet scored by a teacher.</summary>
    AwaitingRubric,
    /// <summary>Program scored by the sandbox (tests passed).</summary>
    ProgramTests,
    /// <summary>Program waiting for the sandbox.</summary>
    AwaitingSandbox,
    /// <summary>Survey answer recorded.</summary>
    Recorded,
    /// <summary>The response could not be read for this item.</summary>
    Invalid,
}

/// <summary>Why a response got its score.</summary>
/// <param name="Kind">The rule or key.</param>
/// <param name="KeyIndex">0-based index of the matched accepted/partial answer, choice or rubric level; -1 when none.</param>
/// <param name="Rules">Normalisation rules that were needed for the match.</param>
/// <param name="Hits">Parts right (blanks, pairs, choices, passed tests); 0 when not applicable.</param>
/// <param name="Total">Parts in all; 0 when not applicable.</param>
/// <param name="Note">Extra detail (the invalid-response message, the sandbox message), or null.</param>
public sealed record ScoreReason(ReasonKind Kind, int KeyIndex, NormalizationRules Rules, int Hits, int Total, string? Note)
{
    /// <summary>A Japanese explanation for teachers, e.g. 「正答1に一致（全角・半角の違いを無視）」.</summary>
    public string Describe()
    {
        string rules = Rules == NormalizationRules.None ? "" : $"（{JapaneseNormalizer.Describe(Rules)}）";
        string text = Kind switch
        {
            ReasonKind.NoResponse => "無解答",
            ReasonKind.EmptyAnswer => "空欄",
            ReasonKind.CorrectChoice => "正しい選択肢",
            ReasonKind.ChoicePoints => "部分点のある選択肢",
            ReasonKind.WrongChoice => "誤った選択肢",
            ReasonKind.AllOrNothing => $"完全一致で採点（{Hits}/{Total} 選択肢が正しい）",
            ReasonKind.PerChoice => $"選択肢ごとに採点（{Hits}/{Total}）",
            ReasonKind.RightMinusWrong => $"正しい選択から誤った選択を減点（{Hits}/{Total}）",
            ReasonKind.AcceptedAnswer => $"正答{KeyIndex + 1}に一致{rules}",
            ReasonKind.PartialAnswer => $"部分正答{KeyIndex + 1}に一致{rules}",
            ReasonKind.KanjiRequired => "漢字で書く必要あり（かなのみの解答）",
            ReasonKind.NoMatch => $"正答と一致しない{rules}",
            ReasonKind.ExactValue => $"数値が一致{rules}",
            ReasonKind.WithinTolerance => $"許容誤差内{rules}",
            ReasonKind.OutsideTolerance => $"許容誤差外{rules}",
            ReasonKind.NotANumber => "数として読めない",
            ReasonKind.Sequence => $"順序（{Hits}/{Total} 位置が正しい）",
            ReasonKind.Pairs => $"組み合わせ {Hits}/{Total} 正しい",
            ReasonKind.Blanks => $"空所 {Hits}/{Total} 正しい{rules}",
            ReasonKind.Rubric => $"ルーブリック評価",
            ReasonKind.AwaitingRubric => "採点待ち（ルーブリック）",
            ReasonKind.ProgramTests => $"テスト {Hits}/{Total} 合格",
            ReasonKind.AwaitingSandbox => "採点待ち（プログラム）",
            ReasonKind.Recorded => "記録のみ（採点しない）",
            _ => "解答を読み取れない",
        };
        return Note is null ? text : $"{text}: {Note}";
    }
}

/// <summary>One scored response with its explanation.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Status">Correct, partial, wrong, no response, invalid, pending or unscored.</param>
/// <param name="Score">Weighted score.</param>
/// <param name="MaxScore">Weighted maximum.</param>
/// <param name="Raw">The raw answer as a CSV cell (empty for no response).</param>
/// <param name="Reason">Why.</param>
public sealed record ScoredResponse(string ItemId, ResponseStatus Status, decimal Score, decimal MaxScore, string Raw, ScoreReason Reason);

/// <summary>Result of running a program answer through the sandbox.</summary>
/// <param name="Points">Points earned (sum of passed tests' points).</param>
/// <param name="MaxPoints">Points possible (sum of all tests' points).</param>
/// <param name="Passed">Tests passed.</param>
/// <param name="Total">Tests run.</param>
/// <param name="Message">A short message for the teacher (first failure, timeout...), or null.</param>
public sealed record ProgramScore(decimal Points, decimal MaxPoints, int Passed, int Total, string? Message = null);

/// <summary>
/// Scores <c>program</c> answers. The sandbox package implements it (an adapter over its grader); without one,
/// program responses are <see cref="ResponseStatus.Pending"/>. Implementations must be thread-safe: the grading
/// path calls them from several threads.
/// </summary>
public interface IProgramScorer
{
    /// <summary>Runs <paramref name="source"/> against the item's tests.</summary>
    /// <param name="item">The program item.</param>
    /// <param name="source">The student's source code.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The points earned.</returns>
    ProgramScore Score(ProgramItem item, string source, CancellationToken cancellationToken);
}

/// <summary>The one-letter status codes of results.csv (docs/formats.md): C correct, P partial, W wrong, X invalid, N no response, ? pending, - unscored.</summary>
public static class ResponseStatusCodes
{
    /// <summary>The letter for a status.</summary>
    /// <param name="status">The status.</param>
    public static char ToCode(ResponseStatus status) => status switch
    {
        ResponseStatus.Correct => 'C',
        ResponseStatus.Partial => 'P',
        ResponseStatus.Wrong => 'W',
        ResponseStatus.Invalid => 'X',
        ResponseStatus.Pending => '?',
        ResponseStatus.Unscored => '-',
        _ => 'N',
    };

    /// <summary>The status a results.csv cell names; false for anything but the seven one-letter codes.</summary>
    /// <param name="code">The cell.</param>
    /// <param name="status">The status.</param>
    public static bool TryParse(ReadOnlySpan<char> code, out ResponseStatus status)
    {
        status = ResponseStatus.NoResponse;
        if (code.Length != 1) return false;
        switch (code[0])
        {
            case 'C': status = ResponseStatus.Correct; return true;
            case 'P': status = ResponseStatus.Partial; return true;
            case 'W': status = ResponseStatus.Wrong; return true;
            case 'X': status = ResponseStatus.Invalid; return true;
            case 'N': status = ResponseStatus.NoResponse; return true;
            case '?': status = ResponseStatus.Pending; return true;
            case '-': status = ResponseStatus.Unscored; return true;
            default: return false;
        }
    }
}
