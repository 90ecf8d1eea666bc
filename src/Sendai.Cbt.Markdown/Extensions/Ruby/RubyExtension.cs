using Markdig;
using Markdig.Renderers;

namespace Sendai.Cbt.Markdown.Extensions.Ruby;

/// <summary>Adds ruby (furigana) parsing and rendering to a Markdig pipeline.</summary>
internal sealed class RubyExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<RubyInlineParser>())
        {
            // First, so that '{' is ruby before anything else can claim it.
            pipeline.InlineParsers.Insert(0, new RubyInlineParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<RubyHtmlRenderer>())
        {
            html.ObjectRenderers.Insert(0, new RubyHtmlRenderer());
        }
    }
}
