using Sendai.Cbt.Items;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Sandbox;

/// <summary>
/// Scores <c>program</c> answers for the grading path (<see cref="ScoringOptions.ProgramScorer"/>) by running them in
/// the sandbox: points are the passed tests' points, and the message tells the teacher, in Japanese, why a
/// submission lost points (first failing test, syntax error, runtime error or the limit that stopped it).
/// Thread-safe: the grading path calls it from several threads at once.
/// </summary>
public sealed class SandboxProgramScorer : IProgramScorer
{
    /// <summary>Longest message passed on to the teacher's report.</summary>
    private const int MaxMessageLength = 200;

    private readonly ProgramGrader _grader;
    private readonly Lazy<bool> _warmUp;

    /// <summary>Creates a scorer over <paramref name="grader"/> (a new <see cref="ProgramGrader"/> with the default limits when null).</summary>
    /// <param name="grader">The sandbox grader to use; it is shared, not copied.</param>
    /// <param name="warmUp">Call <see cref="ProgramGrader.WarmUp"/> once, before the first answer is scored, so that a cold JIT does not make correct answers hit the time limits.</param>
    public SandboxProgramScorer(ProgramGrader? grader = null, bool warmUp = true)
    {
        _grader = grader ?? new ProgramGrader();
        _warmUp = new Lazy<bool>(() => { if (warmUp) _grader.WarmUp(); return true; }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The grader this scorer runs answers with.</summary>
    public ProgramGrader Grader => _grader;

    /// <inheritdoc/>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the answer is not scored as wrong).</exception>
    public ProgramScore Score(ProgramItem item, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(source);
        cancellationToken.ThrowIfCancellationRequested();
        _ = _warmUp.Value;
        var grade = _grader.Grade(item, source, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return new ProgramScore(grade.Score, grade.MaxScore, grade.Tests.Count(t => t.Passed), grade.Tests.Length, Message(grade));
    }

    /// <summary>The teacher's one-line reason (null when every test passed). Hidden tests are named only by number.</summary>
    internal static string? Message(ProgramGrade grade)
    {
        var bad = grade.Tests.FirstOrDefault(t => !t.Passed);
        if (grade.Outcome == ProgramOutcome.Passed || bad is null) return null;
        string text;
        if (grade.Tests.All(t => t.Outcome == bad.Outcome && t.Limit == bad.Limit))
        {
            // The whole submission failed before or at the first test (syntax error, missing function, a limit at top level, or every test alike).
            text = grade.Outcome switch
            {
                ProgramOutcome.SyntaxError => "構文エラー" + Where(grade.Line, grade.Column) + (grade.Tests.Select(t => t.ErrorMessage).FirstOrDefault(m => m is not null) is { } m ? ": " + m : ""),
                ProgramOutcome.LimitExceeded => $"{Feedback.LimitName(grade.Limit)}をこえたため止めました",
                ProgramOutcome.RuntimeError => "実行時エラー" + (grade.Tests.FirstOrDefault(t => t.ErrorMessage is not null) is { } v ? Where(v.Line, null) + ": " + v.ErrorMessage : ""),
                _ => $"{grade.Tests.Length}個のテストすべてで不正解（最初: {bad.Feedback}）",
            };
        }
        else
        {
            text = bad.Outcome == ProgramOutcome.LimitExceeded
                ? $"テスト{bad.Number}{(bad.Hidden ? "（非公開）" : "")}で{Feedback.LimitName(bad.Limit)}をこえたため止めました"
                : bad.Feedback;
        }
        return text.Length > MaxMessageLength ? text[..MaxMessageLength] + "…" : text;
    }

    private static string Where(int? line, int? column) =>
        line is > 0 ? $"（{line}行目{(column is > 0 ? $"、{column}列目" : "")}）" : "";
}
