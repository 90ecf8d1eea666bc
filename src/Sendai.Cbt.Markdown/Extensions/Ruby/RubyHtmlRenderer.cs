using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Sendai.Cbt.Markdown.Extensions.Ruby;

/// <summary>Renders <see cref="RubyInline"/> as <c>&lt;ruby&gt;base&lt;rp&gt;(&lt;/rp&gt;&lt;rt&gt;…&lt;/rt&gt;&lt;rp&gt;)&lt;/rp&gt;&lt;/ruby&gt;</c>.</summary>
internal sealed class RubyHtmlRenderer : HtmlObjectRenderer<RubyInline>
{
    protected override void Write(HtmlRenderer renderer, RubyInline obj)
    {
        renderer.Write("<ruby>").WriteEscape(obj.Base).Write("<rp>(</rp><rt>").WriteEscape(string.Concat(obj.Readings)).Write("</rt><rp>)</rp></ruby>");
    }
}
