using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Markdown.Extensions.Math;

/// <summary>
/// Renders <c>$…$</c> and <c>$$…$$</c> as MathML (which browsers display without scripts) when the TeX
/// is inside the school subset <see cref="TexToMathMl"/> understands; anything else keeps Markdig's
/// <c>\(…\)</c> text for KaTeX/MathJax. Added after Markdig's math extension so it replaces its renderers.
/// </summary>
internal sealed class MathMlExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html) return;
        html.ObjectRenderers.ReplaceOrAdd<HtmlMathInlineRenderer>(new MathMlInlineRenderer());
        html.ObjectRenderers.ReplaceOrAdd<HtmlMathBlockRenderer>(new MathMlBlockRenderer());
    }

    internal static string? ToMathMl(string tex, bool display) => TexToMathMl.TryConvertToString(tex, display);

    private sealed class MathMlInlineRenderer : HtmlObjectRenderer<MathInline>
    {
        protected override void Write(HtmlRenderer renderer, MathInline obj)
        {
            var tex = obj.Content.ToString();
            var mathml = renderer.EnableHtmlForInline ? ToMathMl(tex, display: obj.DelimiterCount >= 2) : null;
            if (mathml is null)
            {
                if (!renderer.EnableHtmlForInline) { renderer.WriteEscape(tex); return; }
                if (TexPolicy.FindDisallowed(tex) is not null)
                {
                    // Shown as text, outside any delimiters, so no math renderer in the page runs it.
                    renderer.Write("<span class=\"math math-unsafe\">").WriteEscape(tex).Write("</span>");
                    return;
                }
                renderer.Write("<span class=\"math ").Write(Html.PageMath).Write("\">\\(").WriteEscape(tex).Write("\\)</span>");
                return;
            }
            renderer.Write("<span").WriteAttributes(obj).Write(">").Write(mathml).Write("</span>");
        }
    }

    private sealed class MathMlBlockRenderer : HtmlObjectRenderer<MathBlock>
    {
        protected override void Write(HtmlRenderer renderer, MathBlock obj)
        {
            var tex = obj.Lines.ToString();
            var mathml = renderer.EnableHtmlForBlock ? ToMathMl(tex, display: true) : null;
            renderer.EnsureLine();
            if (mathml is null)
            {
                if (!renderer.EnableHtmlForBlock) { renderer.WriteLeafRawLines(obj, true, renderer.EnableHtmlEscape); return; }
                if (TexPolicy.FindDisallowed(tex) is not null)
                {
                    renderer.Write("<div class=\"math math-unsafe\">").WriteEscape(tex).WriteLine("</div>");
                    return;
                }
                renderer.Write("<div class=\"math ").Write(Html.PageMath).WriteLine("\">").WriteLine("\\[");
                renderer.WriteLeafRawLines(obj, true, renderer.EnableHtmlEscape);
                renderer.Write("\\]").WriteLine("</div>");
                return;
            }
            renderer.Write("<div").WriteAttributes(obj).Write(">").Write(mathml).WriteLine("</div>");
        }
    }
}
