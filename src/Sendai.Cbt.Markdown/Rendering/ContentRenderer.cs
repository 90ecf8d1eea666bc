using System.Buffers;
using System.Text;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Extensions.Ruby;
using Sendai.Cbt.Markdown.Parsing;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>
/// Turns item Markdown into HTML fragments for one rendering call: applies the ruby mode, removes
/// links and images with disallowed URLs, and lets the caller render cloze blanks. Not thread-safe;
/// create one per call (it is cheap).
/// </summary>
internal sealed class ContentRenderer
{
    private readonly Func<string, bool>? _rubyFilter;
    private readonly RendererPool _pool;
    private readonly bool _forStudents;

    /// <param name="ruby">Which readings to show.</param>
    /// <param name="table">The kanji table for <see cref="RubyMode.AboveGrade"/>.</param>
    /// <param name="pool">Markdig renderers to reuse; null makes a private pool.</param>
    /// <param name="forStudents">
    /// True for the student view: explanation, rubric and model-answer containers and solution code are
    /// dropped wherever they are. The parser never lets them into a prompt, but items also come from packs,
    /// QTI and code.
    /// </param>
    public ContentRenderer(RubyMode ruby, KanjiGradeTable table, RendererPool? pool = null, bool forStudents = false)
    {
        _rubyFilter = ruby.CreateFilter(table);
        _pool = pool ?? new RendererPool();
        _forStudents = forStudents;
    }

    /// <summary>
    /// Characters that may start Markdown syntax (CommonMark, our extensions, the pipeline's extras)
    /// or need escaping. Text without any of them (and without leading digits or spaces) renders
    /// as itself, so it skips Markdig entirely.
    /// </summary>
    private static readonly SearchValues<char> MarkupChars = SearchValues.Create("\\`*_[]!<>&{}|｜《$~^+=#-:\"\n\r\t()");

    private static readonly SearchValues<char> UrlSchemeChars = SearchValues.Create(":<&");

    /// <summary>True when the text renders as its own escaped characters.</summary>
    internal static bool IsPlain(string text) =>
        text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]) && !char.IsAsciiDigit(text[0])
        && text.AsSpan().IndexOfAny(MarkupChars) < 0;

    /// <summary>Renders Markdown as block HTML (paragraphs, lists, tables…). Null or empty gives "".</summary>
    public string Block(string? markdown, Action<HtmlRenderer, ClozeBlankInline>? writeBlank = null, MarkdownDocument? prepared = null)
    {
        var output = new StringWriter();
        Block(output, markdown, writeBlank, prepared);
        return output.ToString();
    }

    /// <summary>Renders Markdown for phrasing contexts (labels, table cells): a single paragraph loses its <c>&lt;p&gt;</c>.</summary>
    public string Inline(string? markdown)
    {
        var output = new StringWriter();
        Inline(output, markdown);
        return output.ToString();
    }

    /// <summary>Renders Markdown as block HTML at the end of <paramref name="output"/>'s builder, trimmed of surrounding white space.</summary>
    /// <param name="output">Where the HTML goes (a writer over the page being built, so no string is made per fragment).</param>
    /// <param name="markdown">The Markdown; null or empty writes nothing.</param>
    /// <param name="writeBlank">Writes a cloze blank; null shows blanks as their source text.</param>
    /// <param name="prepared">
    /// The tree the item parser built for exactly this text and passed through <see cref="Prepare"/>
    /// (blanks numbered), or null to parse the text here. It is only read, so threads may share it. (The
    /// parser keeps no tree for text with answer content, so it needs no removal for students.)
    /// </param>
    public void Block(StringWriter output, string? markdown, Action<HtmlRenderer, ClozeBlankInline>? writeBlank = null, MarkdownDocument? prepared = null) =>
        Render(output, markdown, implicitParagraph: false, writeBlank, prepared);

    /// <summary>Renders Markdown for a phrasing context at the end of <paramref name="output"/>'s builder.</summary>
    public void Inline(StringWriter output, string? markdown) => Render(output, markdown, implicitParagraph: true, null, null);

    /// <summary>
    /// Applies the content rules the renderer adds to Markdig's tree, in place: links and images with
    /// disallowed URLs reduced to their text, soft line breaks between Japanese characters removed.
    /// <paramref name="markdown"/> is the text the tree was parsed from (to skip rules that cannot apply).
    /// </summary>
    internal static void Prepare(MarkdownDocument document, string markdown)
    {
        // A URL's scheme needs a ':', which Markdown can also spell as an entity (&#58;, &colon;).
        if (markdown.AsSpan().IndexOfAny(UrlSchemeChars) >= 0) RemoveUnsafeLinks(document);
        if (markdown.Contains('\n')) JoinCjkLines(document);
    }

    private void Render(StringWriter output, string? markdown, bool implicitParagraph, Action<HtmlRenderer, ClozeBlankInline>? writeBlank, MarkdownDocument? prepared)
    {
        if (string.IsNullOrEmpty(markdown)) return;
        var sb = output.GetStringBuilder();
        if (IsPlain(markdown))
        {
            // Fast path: no markup at all (most choices and entries). Same output as Markdig's.
            if (implicitParagraph) sb.Append(markdown);
            else sb.Append("<p>").Append(markdown).Append("</p>");
            return;
        }
        var document = prepared;
        if (document is null)
        {
            document = CbtPipeline.TryParse(markdown);
            if (document is null)
            {
                // Nested deeper than Markdig parses (the parser reports it as CBT0030; this text came from elsewhere).
                WriteAsText(sb, markdown, implicitParagraph);
                return;
            }
            Prepare(document, markdown);
            if (_forStudents) KeyContent.RemoveForStudents(document, markdown);
            if (writeBlank is not null)
            {
                int number = 0;
                foreach (var blank in document.Descendants<ClozeBlankInline>()) blank.Number = ++number;
            }
        }

        var r = _pool.Rent();
        int start = sb.Length;
        try
        {
            r.Renderer.Writer = output;
            r.Renderer.ImplicitParagraph = implicitParagraph;
            r.Ruby.ShowReading = _rubyFilter;
            r.Cloze.WriteBlank = writeBlank;
            r.Renderer.Render(document);
            output.Flush();
            _pool.Return(r);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // Markdig refuses trees nested deeper than it can write ("depth limit exceeded"). The parser
            // reports such content (CBT0030), but items also come from packs and QTI: show the text rather
            // than fail the page. The renderer is dropped, not pooled: its depth counter is left raised.
            sb.Length = start;
            WriteAsText(sb, markdown, implicitParagraph);
            return;
        }
        // Trim the fragment: Markdig ends blocks with a line feed, and may start with one.
        int end = sb.Length;
        while (end > start && char.IsWhiteSpace(sb[end - 1])) end--;
        sb.Length = end;
        int lead = 0;
        while (start + lead < end && char.IsWhiteSpace(sb[start + lead])) lead++;
        if (lead > 0) sb.Remove(start, lead);
    }

    private static void WriteAsText(StringBuilder sb, string markdown, bool implicitParagraph)
    {
        if (!implicitParagraph) sb.Append("<p>");
        Html.AppendEscaped(sb, markdown);
        if (!implicitParagraph) sb.Append("</p>");
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
    internal static void JoinCjkLines(MarkdownDocument document) => JoinCjkLines((ContainerBlock)document, 0);

    // Deeper trees are not walked: Markdig will not render them anyway (see Render), and the walk is recursive.
    private const int MaxWalkDepth = 256;

    private static void JoinCjkLines(ContainerBlock container, int depth)
    {
        if (depth > MaxWalkDepth) return;
        foreach (var block in container)
        {
            if (block is ContainerBlock inner) JoinCjkLines(inner, depth + 1);
            else if (block is LeafBlock { Inline: { } inline }) JoinCjkLines(inline, depth + 1);
        }
    }

    private static void JoinCjkLines(ContainerInline container, int depth)
    {
        if (depth > MaxWalkDepth) return;
        var inline = container.FirstChild;
        while (inline is not null)
        {
            var next = inline.NextSibling;
            if (inline is LineBreakInline { IsHard: false } br && IsWide(LastChar(br.PreviousSibling)) && IsWide(FirstChar(br.NextSibling)))
            {
                br.Remove();
            }
            else if (inline is ContainerInline c)
            {
                JoinCjkLines(c, depth + 1);
            }
            inline = next;
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
        if (IsPlain(markdown) && !markdown.Contains(' ')) return markdown;
        var document = CbtPipeline.TryParse(markdown);
        if (document is null) return markdown; // nested deeper than Markdig parses: the text itself (escaped by the caller)
        var sb = new StringBuilder();
        AppendBlock(sb, document);
        return string.Join(' ', sb.ToString().Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AppendBlock(StringBuilder sb, Block block)
    {
        switch (block)
        {
            // Option text and titles are seen by everyone: never the answer content the student view drops.
            case var hidden when KeyContent.IsForTeachersOnly(hidden):
                break;
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

/// <summary>
/// Reusable Markdig HTML renderers (building one runs the pipeline's setup for every extension).
/// Thread-safe: each rented renderer is used by one call at a time.
/// </summary>
internal sealed class RendererPool
{
    private readonly Stack<Rented> _free = new();
    private readonly Lock _lock = new();

    internal sealed class Rented
    {
        public Rented()
        {
            Idle = new StringWriter();
            Renderer = new HtmlRenderer(Idle);
            CbtPipeline.Instance.Setup(Renderer);
            Ruby = Renderer.ObjectRenderers.FindExact<RubyHtmlRenderer>() ?? throw new InvalidOperationException("ruby renderer missing");
            Cloze = Renderer.ObjectRenderers.FindExact<ClozeBlankHtmlRenderer>() ?? throw new InvalidOperationException("cloze renderer missing");
        }

        /// <summary>The writer the renderer holds between calls (each call points it at its own output).</summary>
        public StringWriter Idle { get; }
        public HtmlRenderer Renderer { get; }
        public RubyHtmlRenderer Ruby { get; }
        public ClozeBlankHtmlRenderer Cloze { get; }
    }

    public Rented Rent()
    {
        lock (_lock)
        {
            if (_free.TryPop(out var r)) return r;
        }
        return new Rented();
    }

    public void Return(Rented r)
    {
        r.Ruby.ShowReading = null;
        r.Cloze.WriteBlank = null;
        r.Renderer.Writer = r.Idle;
        lock (_lock)
        {
            if (_free.Count < 64) _free.Push(r);
        }
    }
}
