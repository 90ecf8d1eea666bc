using System.Text;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Extensions.Ruby;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>
/// Turns item Markdown into HTML fragments for one rendering call: applies the ruby mode, removes
/// links and images with disallowed URLs, and lets the caller render cloze blanks. Not thread-safe;
/// create one per call (it is cheap).
/// </summary>
internal sealed class ContentRenderer
{
    private readonly Func<string, bool>? _rubyFilter;

    public ContentRenderer(RubyMode ruby, KanjiGradeTable table)
    {
        _rubyFilter = ruby.CreateFilter(table);
    }

    /// <summary>Renders Markdown as block HTML (paragraphs, lists, tables…). Null or empty gives "".</summary>
    public string Block(string? markdown, Action<HtmlRenderer, ClozeBlankInline>? writeBlank = null) =>
        Render(markdown, implicitParagraph: false, writeBlank);

    /// <summary>Renders Markdown for phrasing contexts (labels, table cells): a single paragraph loses its <c>&lt;p&gt;</c>.</summary>
    public string Inline(string? markdown) => Render(markdown, implicitParagraph: true, null);

    private string Render(string? markdown, bool implicitParagraph, Action<HtmlRenderer, ClozeBlankInline>? writeBlank)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var pipeline = CbtPipeline.Instance;
        var document = Markdig.Markdown.Parse(markdown, pipeline);
        RemoveUnsafeLinks(document);
        JoinCjkLines(document);
        if (writeBlank is not null)
        {
            int number = 0;
            foreach (var blank in document.Descendants<ClozeBlankInline>()) blank.Number = ++number;
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = implicitParagraph };
        pipeline.Setup(renderer);
        var ruby = renderer.ObjectRenderers.FindExact<RubyHtmlRenderer>();
        if (ruby is not null) ruby.ShowReading = _rubyFilter;
        var cloze = renderer.ObjectRenderers.FindExact<ClozeBlankHtmlRenderer>();
        if (cloze is not null) cloze.WriteBlank = writeBlank;
        renderer.Render(document);
        writer.Flush();
        return writer.ToString().Trim();
    }

    /// <summary>Replaces links with disallowed URLs by their text, and such images by their alt text.</summary>
    internal static void RemoveUnsafeLinks(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (UrlPolicy.IsAllowed(link.Url)) continue;
            if (link.IsImage)
            {
                link.ReplaceBy(new LiteralInline(PlainText(link)), copyChildren: false);
                continue;
            }
            // Keep the link text: its children move after an empty literal that takes the link's place.
            // (ReplaceBy moves children with InsertAfter; Markdig's InsertBefore leaves a stale sibling link.)
            link.ReplaceBy(new LiteralInline(string.Empty), copyChildren: true);
        }
        foreach (var auto in document.Descendants<AutolinkInline>().ToList())
        {
            if (!UrlPolicy.IsAllowed(auto.IsEmail ? "mailto:" + auto.Url : auto.Url))
            {
                auto.ReplaceBy(new LiteralInline(auto.Url), copyChildren: false);
            }
        }
    }

    /// <summary>
    /// Drops a soft line break between two Japanese (East Asian wide) characters: browsers render it
    /// as a space, which does not belong in Japanese text (「です。\n太陽は」 must not read 「です。 太陽は」).
    /// </summary>
    internal static void JoinCjkLines(MarkdownDocument document)
    {
        foreach (var br in document.Descendants<LineBreakInline>().ToList())
        {
            if (br.IsHard) continue;
            if (IsWide(LastChar(br.PreviousSibling)) && IsWide(FirstChar(br.NextSibling))) br.Remove();
        }

        static char LastChar(Inline? inline) => inline switch
        {
            LiteralInline { Content.Length: > 0 } l => l.Content.Text[l.Content.End],
            RubyInline r when r.Base.Length > 0 => r.Base[^1],
            _ => '\0',
        };
        static char FirstChar(Inline? inline) => inline switch
        {
            LiteralInline { Content.Length: > 0 } l => l.Content.Text[l.Content.Start],
            RubyInline r when r.Base.Length > 0 => r.Base[0],
            _ => '\0',
        };
        static bool IsWide(char c) =>
            c is (>= '\u3000' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF01' and <= '\uFF60')
            || char.IsSurrogate(c);
    }

    /// <summary>The text of Markdown without markup, for <c>&lt;option&gt;</c> elements and titles: ruby keeps its base, blanks become 「（　）」.</summary>
    public static string PlainText(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown)) return "";
        var document = Markdig.Markdown.Parse(markdown, CbtPipeline.Instance);
        var sb = new StringBuilder();
        AppendBlock(sb, document);
        return string.Join(' ', sb.ToString().Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AppendBlock(StringBuilder sb, Block block)
    {
        switch (block)
        {
            case LeafBlock { Inline: { } inline }:
                AppendInline(sb, inline);
                sb.Append(' ');
                break;
            case LeafBlock leaf:
                for (int i = 0; i < leaf.Lines.Count; i++) sb.Append(leaf.Lines.Lines[i].Slice.ToString()).Append(' ');
                break;
            case ContainerBlock container:
                foreach (var child in container) AppendBlock(sb, child);
                break;
        }
    }

    private static string PlainText(ContainerInline container)
    {
        var sb = new StringBuilder();
        AppendInline(sb, container);
        return sb.ToString();
    }

    private static void AppendInline(StringBuilder sb, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
            case RubyInline ruby: sb.Append(ruby.Base); break;
            case CodeInline code: sb.Append(code.Content); break;
            case MathInline math: sb.Append(math.Content.ToString()); break;
            case ClozeBlankInline: sb.Append("（　）"); break;
            case AutolinkInline auto: sb.Append(auto.Url); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            case HtmlInline html: sb.Append(html.Tag); break;
            case LineBreakInline: sb.Append(' '); break;
            case ContainerInline container:
                for (var child = container.FirstChild; child is not null; child = child.NextSibling) AppendInline(sb, child);
                break;
        }
    }
}
