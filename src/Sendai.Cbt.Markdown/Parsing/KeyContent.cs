using Markdig.Extensions.CustomContainers;
using Markdig.Syntax;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>The containers an item body may hold besides its prompt.</summary>
internal enum ContainerKind
{
    /// <summary>Not one of ours: it stays in the prompt (with a warning).</summary>
    Other,
    /// <summary><c>::: explanation</c> (解説): shown only in review.</summary>
    Explanation,
    /// <summary><c>::: hint</c> (ヒント): shown on request.</summary>
    Hint,
    /// <summary><c>::: rubric</c> (ルーブリック, 評価基準): teachers only.</summary>
    Rubric,
    /// <summary><c>::: model-answer</c> (模範解答, 解答例): teachers only.</summary>
    ModelAnswer,
}

/// <summary>
/// Names of the body's containers and code blocks that hold answer content, shared by the parser (which
/// takes them out of the prompt, or reports them where it cannot) and the renderer (which drops any that
/// still reach a student view, from items that did not come through the parser).
/// </summary>
internal static class KeyContent
{
    /// <summary>The kind of a container from its info string (case and surrounding white space ignored).</summary>
    public static ContainerKind Kind(string? info) => ItemParser.Word(info) switch
    {
        "explanation" or "解説" => ContainerKind.Explanation,
        "hint" or "ヒント" => ContainerKind.Hint,
        "rubric" or "ルーブリック" or "評価基準" => ContainerKind.Rubric,
        "model-answer" or "模範解答" or "解答例" => ContainerKind.ModelAnswer,
        _ => ContainerKind.Other,
    };

    /// <summary>A JavaScript code block marked as a program item's reference solution.</summary>
    public static bool IsSolution(FencedCodeBlock code) =>
        IsJavaScript(code) && ItemParser.Word(code.Arguments) is "solution" or "reference";

    /// <summary>A JavaScript code block marked as a program item's starter code.</summary>
    public static bool IsStarter(FencedCodeBlock code) =>
        IsJavaScript(code) && ItemParser.Word(code.Arguments) is "starter" or "start";

    private static bool IsJavaScript(FencedCodeBlock code) => ItemParser.Word(code.Info) is "js" or "javascript";

    /// <summary>
    /// Removes, in place, what a student must never see: explanation, rubric and model-answer containers
    /// and solution code, wherever they are. <paramref name="markdown"/> is the tree's text (to skip the walk
    /// when it cannot apply). Hints stay: students may open them.
    /// </summary>
    public static void RemoveForStudents(MarkdownDocument document, string markdown)
    {
        if (!markdown.Contains(":::", StringComparison.Ordinal) && !markdown.Contains("solution", StringComparison.OrdinalIgnoreCase)
            && !markdown.Contains("reference", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var doomed = document.Descendants<Block>().Where(IsForTeachersOnly).ToList();
        foreach (var block in doomed) block.Parent?.Remove(block);
    }

    /// <summary>
    /// An explanation, rubric or model-answer container, or solution code: what students never see (hints they may
    /// open are not). Every place that shows Markdown to students leaves these out.
    /// </summary>
    public static bool IsForTeachersOnly(Block block) =>
        block is CustomContainer c && Kind(c.Info) is ContainerKind.Explanation or ContainerKind.Rubric or ContainerKind.ModelAnswer
        || block is FencedCodeBlock code && IsSolution(code);
}
