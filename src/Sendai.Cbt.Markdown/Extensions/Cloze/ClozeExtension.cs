using Markdig;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;

namespace Sendai.Cbt.Markdown.Extensions.Cloze;

/// <summary>Adds <c>[[...]]</c> cloze blanks to a Markdig pipeline.</summary>
internal sealed class ClozeExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.InlineParsers.Contains<ClozeBlankParser>())
        {
            // Before links, which also open with '['.
            pipeline.InlineParsers.InsertBefore<LinkInlineParser>(new ClozeBlankParser());
        }
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<ClozeBlankHtmlRenderer>())
        {
            html.ObjectRenderers.Insert(0, new ClozeBlankHtmlRenderer());
        }
    }
}
