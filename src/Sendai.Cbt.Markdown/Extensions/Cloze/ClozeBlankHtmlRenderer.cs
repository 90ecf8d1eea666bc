using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Sendai.Cbt.Markdown.Extensions.Cloze;

/// <summary>
/// Renders a blank. By default a neutral placeholder 「（　　）」 that never shows the answer; the item
/// renderer sets <see cref="WriteBlank"/> (on its own per-call instance) to emit form controls instead.
/// </summary>
internal sealed class ClozeBlankHtmlRenderer : HtmlObjectRenderer<ClozeBlankInline>
{
    /// <summary>Writes a blank in place of the placeholder, or null for the placeholder.</summary>
    public Action<HtmlRenderer, ClozeBlankInline>? WriteBlank { get; set; }

    protected override void Write(HtmlRenderer renderer, ClozeBlankInline obj)
    {
        if (!renderer.EnableHtmlForInline)
        {
            // Inside an attribute (an image's alt text, where the parser reports a blank as an error): text only.
            renderer.Write("（　　）");
            return;
        }
        if (WriteBlank is not null)
        {
            WriteBlank(renderer, obj);
            return;
        }
        renderer.Write("<span class=\"cbt-blank\">（　　）</span>");
    }
}
