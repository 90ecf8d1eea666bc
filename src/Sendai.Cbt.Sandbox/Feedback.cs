using System.Text;

namespace Sendai.Cbt.Sandbox;

/// <summary>Japanese feedback text for students. Hidden tests never mention inputs, expected values, errors or output.</summary>
internal static class Feedback
{
    public static string LimitName(SandboxLimit limit) => limit switch
    {
        SandboxLimit.Statements => "実行ステップ数の上限（無限ループになっていませんか）",
        SandboxLimit.Memory => "メモリの上限",
        SandboxLimit.Recursion => "再帰の深さの上限",
        SandboxLimit.ArraySize => "配列の長さの上限",
        SandboxLimit.StringLength => "文字列の長さの上限",
        SandboxLimit.Time => "実行時間の上限",
        SandboxLimit.Regex => "正規表現の実行時間の上限",
        SandboxLimit.SourceSize => "プログラムの大きさの上限",
        SandboxLimit.Nesting => "かっこの入れ子の深さの上限",
        SandboxLimit.Cancelled => "採点の中断",
        _ => "制限",
    };

    public static string Test(int number, bool hidden, ProgramOutcome outcome, SandboxLimit limit, string? expected, string? actual, string? error, int? line)
    {
        var head = hidden ? $"テスト{number}（非公開）" : $"テスト{number}";
        if (hidden)
        {
            return outcome == ProgramOutcome.Passed ? head + ": 正解" : head + ": 不正解";
        }
        return outcome switch
        {
            ProgramOutcome.Passed => $"{head}: 正解（{expected}）",
            ProgramOutcome.Failed => $"{head}: 期待値 {expected}、実際 {actual}",
            ProgramOutcome.LimitExceeded => $"{head}: {LimitName(limit)}をこえたため止めました",
            ProgramOutcome.SyntaxError => $"{head}: 構文エラーのため実行できませんでした",
            _ => $"{head}: 実行時エラー{(line is > 0 ? $"（{line}行目）" : "")}: {error}",
        };
    }

    public static string Summary(ProgramGrade g, int passed)
    {
        var sb = new StringBuilder();
        switch (g.Outcome)
        {
            case ProgramOutcome.SyntaxError when g.Tests.All(t => t.Outcome == ProgramOutcome.SyntaxError):
                sb.Append("構文エラー");
                if (g.Line is > 0) sb.Append($"（{g.Line}行目{(g.Column is > 0 ? $"、{g.Column}列目" : "")}）");
                sb.Append(": ");
                break;
            case ProgramOutcome.LimitExceeded when g.Tests.All(t => t.Limit == g.Limit && !t.Passed) && g.Limit is SandboxLimit.SourceSize or SandboxLimit.Nesting:
                sb.Append($"{LimitName(g.Limit)}をこえています。");
                break;
        }
        sb.Append($"{g.Tests.Length}個のテストのうち{passed}個が正解です（{Values.Points(g.Score)}/{Values.Points(g.MaxScore)}点）。");
        return sb.ToString();
    }
}
