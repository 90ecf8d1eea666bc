using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Sendai.Cbt.Markdown.Extensions.Cloze;

/// <summary>Renders a blank as a placeholder; the item renderer replaces this with a control.</summary>
internal sealed class ClozeBlankHtmlRenderer : HtmlObjectRenderer<ClozeBlankInline>
{
    protected override void Write(HtmlRenderer renderer, ClozeBlankInline obj)
    {
        renderer.Write("<span class=\"cbt-blank\">（　　）</span>");
    }
}
