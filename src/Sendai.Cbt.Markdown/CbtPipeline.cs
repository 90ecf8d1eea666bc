using Markdig;
using Markdig.Syntax;
using Markdig.Extensions.CustomContainers;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Extensions.Ruby;

namespace Sendai.Cbt.Markdown;

/// <summary>The Markdig pipeline for item content, built once and shared (Markdig pipelines are immutable and thread-safe).</summary>
internal static class CbtPipeline
{
    /// <summary>The pipeline used for parsing and rendering item content.</summary>
    public static MarkdownPipeline Instance { get; } = Create();

    /// <summary>
    /// Parses item Markdown with <see cref="Instance"/>; null when Markdig refuses it because it is nested deeper
    /// than Markdig parses (64 list levels, 128 quotes), which the item parser reports as CBT0030.
    /// </summary>
    public static MarkdownDocument? TryParse(string markdown)
    {
        try
        {
            return Markdig.Markdown.Parse(markdown, Instance);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static MarkdownPipeline Create()
    {
        var builder = new MarkdownPipelineBuilder()
            .UsePipeTables()
            .UseTaskLists()
            .UseCustomContainers()
            .UseMathematics()
            .UseCjkFriendlyEmphasis()
            .UseEmphasisExtras()
            .UseListExtras()
            .DisableHtml();
        builder.Extensions.AddIfNotAlready<RubyExtension>();
        builder.Extensions.AddIfNotAlready<ClozeExtension>();
        builder.Extensions.AddIfNotAlready<Extensions.Math.MathMlExtension>();
        builder.PreciseSourceLocation = true;
        return builder.Build();
    }
}
