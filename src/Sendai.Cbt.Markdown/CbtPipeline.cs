using Markdig;
using Markdig.Extensions.CustomContainers;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Extensions.Ruby;

namespace Sendai.Cbt.Markdown;

/// <summary>The Markdig pipeline for item content, built once and shared (Markdig pipelines are immutable and thread-safe).</summary>
internal static class CbtPipeline
{
    /// <summary>The pipeline used for parsing and rendering item content.</summary>
    public static MarkdownPipeline Instance { get; } = Create();

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
