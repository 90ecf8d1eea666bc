using System.Text;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Sendai.Cbt.Markdown.Extensions.Ruby;

/// <summary>
/// Renders <see cref="RubyInline"/> as <c>&lt;ruby&gt;base&lt;rp&gt;(&lt;/rp&gt;&lt;rt&gt;…&lt;/rt&gt;&lt;rp&gt;)&lt;/rp&gt;&lt;/ruby&gt;</c>;
/// mono ruby becomes one base/rt pair per character inside a single ruby element.
/// </summary>
/// <remarks>
/// An instance belongs to one <see cref="HtmlRenderer"/>; the item renderer creates a renderer per
/// call and sets <see cref="ShowReading"/> for the student's ruby mode, so instances are never shared.
/// </remarks>
internal sealed class RubyHtmlRenderer : HtmlObjectRenderer<RubyInline>
{
    /// <summary>Decides, for a base (the whole base for group ruby, one character for mono ruby), whether its reading is shown; null shows every reading.</summary>
    public Func<string, bool>? ShowReading { get; set; }

    protected override void Write(HtmlRenderer renderer, RubyInline obj)
    {
        if (!renderer.EnableHtmlForInline)
        {
            // Inside an attribute (an image's alt text): the base alone, as text.
            renderer.WriteEscape(obj.Base);
            return;
        }
        if (obj.IsMono)
        {
            WriteMono(renderer, obj);
            return;
        }
        string reading = obj.Readings.Count == 0 ? "" : obj.Readings[0];
        if (string.IsNullOrWhiteSpace(reading) || !Show(obj.Base))
        {
            renderer.WriteEscape(obj.Base);
            return;
        }
        renderer.Write("<ruby>").WriteEscape(obj.Base);
        WriteReading(renderer, reading);
        renderer.Write("</ruby>");
    }

    private void WriteMono(HtmlRenderer renderer, RubyInline obj)
    {
        var runes = obj.Base.EnumerateRunes().Select(r => r.ToString()).ToList();
        var shown = new bool[runes.Count];
        bool any = false;
        for (int i = 0; i < runes.Count; i++)
        {
            shown[i] = i < obj.Readings.Count && !string.IsNullOrWhiteSpace(obj.Readings[i]) && Show(runes[i]);
            any |= shown[i];
        }
        if (!any)
        {
            renderer.WriteEscape(obj.Base);
            return;
        }
        renderer.Write("<ruby>");
        for (int i = 0; i < runes.Count; i++)
        {
            renderer.WriteEscape(runes[i]);
            // A character whose reading is hidden still needs an (empty) annotation so the pairs stay aligned.
            if (shown[i]) WriteReading(renderer, obj.Readings[i]);
            else renderer.Write("<rt></rt>");
        }
        renderer.Write("</ruby>");
    }

    private static void WriteReading(HtmlRenderer renderer, string reading) =>
        renderer.Write("<rp>(</rp><rt>").WriteEscape(reading).Write("</rt><rp>)</rp>");

    private bool Show(string text) => ShowReading is null || ShowReading(text);
}
