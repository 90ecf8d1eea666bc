using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.CustomContainers;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Extensions.Cloze;
using Sendai.Cbt.Markdown.Extensions.Math;
using Sendai.Cbt.Markdown.Extensions.Ruby;
using Sendai.Cbt.Markdown.Rendering;
using Sendai.Cbt.Normalization;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>The outcome of parsing one item file: an item, or a stimulus, or neither, and every diagnostic.</summary>
/// <param name="Item">The item, or null when the file is a stimulus or has errors.</param>
/// <param name="Stimulus">The shared stimulus, when the file has <c>type: stimulus</c> and no errors.</param>
/// <param name="Diagnostics">Every problem found, in position order.</param>
public sealed record ItemParseResult(Item? Item, Stimulus? Stimulus, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => !Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>The id written in the file, even when the file has errors (null when there is none).</summary>
    public string? DeclaredId { get; init; }
}

/// <summary>
/// Parses item files (YAML front matter + Markdown body) into the item model. Never throws on
/// author content: every problem becomes a <see cref="Diagnostic"/>. Thread-safe; create once and reuse.
/// </summary>
public sealed partial class ItemParser
{
    /// <summary>
    /// Keep each item's parsed prompt (and each stimulus's parsed content) with it, so that
    /// <see cref="Rendering.ItemRenderer"/> renders it without parsing it again. Default true; turn it off
    /// for very large banks that are parsed once and rarely rendered (on the sample bank a kept tree is about
    /// 1.7 KB per item, as much again as the item itself: 17 MB for 10,000 items).
    /// The kept tree never changes what is rendered, only how fast: when it could render differently from
    /// the prompt text parsed on its own (a link definition in a removed container, a list before a removed
    /// block, white space Markdown keeps that trimming removed), it is not kept.
    /// </summary>
    public bool KeepParsedContent { get; init; } = true;

    /// <summary>
    /// The bank's secret for the display order of <c>order</c> entries and <c>match</c> answers (see
    /// <see cref="DisplayOrder"/>). Without it the order comes from the item id alone, which anyone who knows
    /// this library can turn back into the key from a student page: set it (a long random string, kept off
    /// student machines and the same wherever the bank is parsed for delivery and scoring) for real tests.
    /// The <c>cbt</c> tool reads it from the <c>CBT_DISPLAY_KEY</c> environment variable.
    /// </summary>
    public string? DisplayKey { get; init; }

    /// <summary>Parses a file's bytes (UTF-8, BOM optional, LF or CRLF, at most 1 MiB).</summary>
    /// <param name="path">The path to report in diagnostics and to record as the item's source.</param>
    /// <param name="bytes">The file content.</param>
    public ItemParseResult Parse(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        var text = SourceText.Decode(path, bytes, diagnostics);
        return text is null ? Finish(null, null, diagnostics) : ParseCore(path, text, diagnostics);
    }

    /// <summary>Parses a file's text.</summary>
    /// <param name="path">The path to report in diagnostics.</param>
    /// <param name="text">The file content.</param>
    public ItemParseResult ParseText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<Diagnostic>();
        if (Encoding.UTF8.GetByteCount(text) > SourceText.MaxFileBytes)
        {
            return Parse(path, Encoding.UTF8.GetBytes(text));
        }
        return ParseCore(path, SourceText.NormalizeNewLines(text), diagnostics);
    }

    private static ItemParseResult Finish(Item? item, Stimulus? stimulus, List<Diagnostic> diagnostics, string? id = null)
    {
        var sorted = diagnostics.Count == 0 ? [] : diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToImmutableArray();
        bool ok = !sorted.Any(d => d.Severity == Severity.Error);
        return new ItemParseResult(ok ? item : null, ok ? stimulus : null, sorted) { DeclaredId = id };
    }

    private ItemParseResult ParseCore(string path, string text, List<Diagnostic> diagnostics)
    {
        try
        {
            return ParseUnchecked(path, text, diagnostics);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours must not crash a whole bank validation: report it against the file.
            diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableFile, Severity.Error, path, 1, 1,
                $"internal error while parsing ({e.GetType().Name}: {e.Message}); please report this file"));
            return Finish(null, null, diagnostics);
        }
    }

    private ItemParseResult ParseUnchecked(string path, string text, List<Diagnostic> diagnostics)
    {
        var split = FrontMatter.TrySplit(path, text, diagnostics);
        if (split is null) return Finish(null, null, diagnostics);
        var s = split.Value;
        var root = FrontMatter.Load(path, text, s.YamlStart, s.YamlEnd, s.YamlFirstLine, diagnostics);
        if (root is null)
        {
            // Still check the body, so that every problem is reported at once.
            var unread = new Body(path, s, diagnostics);
            unread.CollectContainers();
            unread.CheckInlines();
            return Finish(null, null, diagnostics);
        }
        var ctx = new YamlMap.Context(path, s.YamlFirstLine, diagnostics);
        var map = new YamlMap(root, ctx);

        var body = new Body(path, s, diagnostics);

        var id = map.String("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            ctx.Report(DiagnosticCodes.InvalidId, Severity.Error, map.Raw("id")!, $"id '{id}' may contain only letters, digits, '-', '_' and '.' and must start with a letter or digit");
        }
        var typeText = map.String("type", required: true);
        var writing = ReadWriting(map, ctx);
        if (typeText is not null && typeText.Trim().Equals("stimulus", StringComparison.OrdinalIgnoreCase))
        {
            var stimulus = new Stimulus
            {
                Id = id ?? "",
                Title = map.String("title"),
                Subject = map.String("subject"),
                Grade = map.Int("grade", 1, 12),
                Writing = writing,
                Content = body.Content(),
                Source = new SourceLocation(path, 1, 1),
            };
            body.CheckStimulusContainers();
            body.CheckInlines();
            if (KeepParsedContent && stimulus.Content.Length > 0 && body.PrepareForRendering() is { } stimulusTree)
            {
                stimulus = stimulus with { PreparedContent = new Derived(stimulus.Content, stimulusTree) };
            }
            if (stimulus.Content.Length == 0)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyContent, Severity.Error, path, s.BodyFirstLine + 1, 1, "the stimulus has no content"));
            }
            map.ReportUnknownKeys("a stimulus");
            return Finish(null, stimulus, diagnostics, id);
        }

        ItemType? type = null;
        if (typeText is not null)
        {
            if (ItemNames.TryParseType(typeText, out var t)) type = t;
            else ctx.Report(DiagnosticCodes.UnknownType, Severity.Error, map.Raw("type")!,
                $"unknown item type '{typeText}' (expected one of choice, multiple, text, numeric, order, match, cloze, essay, program, survey, stimulus)");
        }

        var subject = map.String("subject", required: true);
        var grade = map.Int("grade", 1, 12, required: true);
        var domain = map.String("domain");
        Viewpoint? viewpoint = null;
        var vpText = map.String("viewpoint");
        if (vpText is not null)
        {
            if (ItemNames.TryParseViewpoint(vpText, out var vp)) viewpoint = vp;
            else ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("viewpoint")!,
                $"unknown viewpoint '{vpText}' (expected 知識・技能, 思考・判断・表現 or 主体的に学習に取り組む態度)");
        }
        ItemFormat? format = null;
        var formatText = map.String("format");
        if (formatText is not null)
        {
            if (ItemNames.TryParseFormat(formatText, out var f)) format = f;
            else ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("format")!,
                $"unknown format '{formatText}' (expected 選択式, 短答式 or 記述式)");
        }
        var declaredPoints = map.Decimal("points", 0m, 10_000m);
        var tags = map.StringList("tags") ?? [];
        var curriculum = map.String("curriculum");
        var title = map.String("title");
        var shuffle = map.Bool("shuffle") ?? false;
        var stimulusId = map.String("stimulus");

        body.CollectContainers();

        if (type is null)
        {
            map.Allow(AllTypeKeys);
            map.ReportUnknownKeys("an item");
            body.CheckInlines();
            return Finish(null, null, diagnostics, id);
        }

        var builder = new Builder(map, ctx, body, path, diagnostics, DisplayKey);
        Item? item = type.Value switch
        {
            ItemType.Choice or ItemType.Multiple => builder.Choice(type.Value == ItemType.Multiple),
            ItemType.Text => builder.Text(),
            ItemType.Numeric => builder.Numeric(),
            ItemType.Order => builder.Order(),
            ItemType.Match => builder.Match(),
            ItemType.Cloze => builder.Cloze(),
            ItemType.Essay => builder.Essay(),
            ItemType.Program => builder.Program(),
            _ => builder.Survey(),
        };
        if (type.Value != ItemType.Cloze) body.ReportStrayBlanks();
        body.ReportSolutionsInPrompt();
        body.CheckInlines();
        map.ReportUnknownKeys($"a {ItemNames.Key(type.Value)} item");

        if (item is null) return Finish(null, null, diagnostics, id);

        var implied = builder.ImpliedPoints ?? DefaultPoints(type.Value);
        decimal points = implied;
        if (declaredPoints is decimal dp)
        {
            if (builder.ImpliedPoints is decimal ip && ip != dp)
            {
                ctx.Report(DiagnosticCodes.PointsMismatch, Severity.Warning, map.Raw("points")!,
                    $"points: {dp} differs from the {ip} implied by the item's structure; {dp} is used");
            }
            points = dp;
        }
        if (type.Value == ItemType.Survey) points = 0;

        var prompt = body.Prompt();
        if (prompt.Length == 0 && type.Value != ItemType.Survey)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.EmptyContent, Severity.Error, path, s.BodyFirstLine + 1, 1, "the item has no question text (prompt)"));
        }
        item = item with
        {
            Id = id ?? "",
            Metadata = new ItemMetadata
            {
                Subject = subject ?? "",
                Grade = grade ?? 1,
                Domain = domain,
                Viewpoint = viewpoint,
                Format = format ?? ItemNames.DefaultFormat(type.Value),
                Points = points,
                Tags = [.. tags],
                Curriculum = curriculum,
                Title = title,
            },
            Prompt = prompt,
            StimulusId = stimulusId,
            Explanation = body.Explanation,
            Hints = [.. body.Hints],
            Writing = writing,
            Shuffle = shuffle,
            Source = new SourceLocation(path, 1, 1),
        };
        if (KeepParsedContent && prompt.Length > 0 && body.PrepareForRendering() is { } promptTree)
        {
            item = item with { PreparedPrompt = new Derived(prompt, promptTree) };
        }
        return Finish(item, null, diagnostics, id);
    }

    private static readonly string[] AllTypeKeys =
        ["scoring", "answers", "partial_answers", "kanji_required", "normalize", "answer", "tolerance", "unit", "max_length", "entry", "language", "tests", "survey", "scale", "required"];

    /// <summary>A keyword as authors may write it, trimmed and lower-cased; the same string when it already is (the usual case).</summary>
    internal static string? Word(string? text)
    {
        if (text is null) return null;
        var t = text.AsSpan().Trim();
        if (t.Length == text.Length && !t.ContainsAnyInRange('A', 'Z'))
        {
            bool lower = true;
            foreach (char c in t) if (c > '\u007F' && char.ToLowerInvariant(c) != c) { lower = false; break; }
            if (lower) return text;
        }
        return t.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// Drops leading lines of white space and trailing white space (any Unicode white space, so a prompt of
    /// only 「　」 is empty). Unlike <see cref="string.Trim()"/> it keeps the first line's indentation: 「　」
    /// opening a Japanese paragraph is content, and four spaces start a code block.
    /// </summary>
    internal static string TrimBlankLines(string text) => TrimBlankLines(text, out _);

    /// <inheritdoc cref="TrimBlankLines(string)"/>
    /// <param name="text">The text.</param>
    /// <param name="onlyAscii">True when everything removed was ASCII space, tab or line feed (which Markdown ignores there).</param>
    internal static string TrimBlankLines(string text, out bool onlyAscii)
    {
        onlyAscii = true;
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n') start = i + 1;
            else if (!char.IsWhiteSpace(c)) break;
        }
        for (int i = 0; i < start; i++) if (text[i] is not (' ' or '\t' or '\n')) onlyAscii = false;
        int end = text.Length;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            if (text[end - 1] is not (' ' or '\t' or '\n')) onlyAscii = false;
            end--;
        }
        if (end == start) return "";
        return start == 0 && end == text.Length ? text : text[start..end];
    }

    private static decimal DefaultPoints(ItemType type) => type == ItemType.Survey ? 0m : 1m;

    private static WritingMode ReadWriting(YamlMap map, YamlMap.Context ctx)
    {
        var w = map.String("writing");
        switch (Word(w))
        {
            case null: case "horizontal": case "横書き": return WritingMode.Horizontal;
            case "vertical": case "縦書き": return WritingMode.Vertical;
            default:
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("writing")!, $"writing must be 'vertical' or 'horizontal' (found '{w}')");
                return WritingMode.Horizontal;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\s*\{\s*((?:fixed|points\s*=\s*[0-9０-９.．]+)(?:\s+(?:fixed|points\s*=\s*[0-9０-９.．]+))*)\s*\}\s*$")]
    internal static partial Regex ChoiceAttributes();

    [GeneratedRegex(@"^\s*([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*点?\s*[:：]\s*(.+)$", RegexOptions.Singleline)]
    internal static partial Regex RubricLine();

    /// <summary>The Markdown body: blocks, consumed spans, containers and positions.</summary>
    private sealed class Body
    {
        private readonly string _path;
        private readonly int _firstLine;
        private readonly List<Diagnostic> _diagnostics;
        private readonly List<(int Start, int End)> _consumed = [];

        /// <summary>
        /// Parses the body on its own. (Parsing the whole file in place with Markdig's front matter
        /// extension would save copying the body, but Markdig then processes every YAML line as a block
        /// line, which costs more than the copy.)
        /// </summary>
        public Body(string path, FrontMatter.Split split, List<Diagnostic> diagnostics)
        {
            _path = path;
            _diagnostics = diagnostics;
            _firstLine = split.BodyFirstLine;
            Text = split.Body;
            var document = CbtPipeline.TryParse(Text);
            if (document is null)
            {
                // Markdig refuses some deep nesting while parsing (64 list levels, 128 quotes) before our own
                // check can see it: report it like the rest (CBT0030) and go on with an empty body.
                _diagnostics.Add(new Diagnostic(DiagnosticCodes.NestedTooDeeply, Severity.Error, path, _firstLine + 1, 1,
                    $"Markdown is nested more than {MaxNesting} levels deep (lists, quotes, emphasis or links inside each other); a page cannot show it"));
            }
            Document = document ?? new MarkdownDocument();
            Scan(Document, null);
        }

        /// <summary>The first line of the body.</summary>
        public SourceLocation StartLocation => new(_path, _firstLine + 1, 1);

        // Everything the checks need, collected in one walk over the tree (Markdig's Descendants
        // allocates an iterator and a stack per call; one walk is several times cheaper).
        private readonly List<CustomContainer> _containers = [];
        private readonly List<FencedCodeBlock> _unclosedCode = [];
        private readonly List<FencedCodeBlock> _nestedSolutions = [];
        private readonly List<MarkdownObject> _math = [];
        private readonly List<HtmlBlock> _htmlBlocks = [];
        private readonly List<Inline> _checked = [];
        private readonly List<(ClozeBlankInline Blank, Block Top)> _blanks = [];

        /// <summary>
        /// Deepest nesting (blocks and inlines together) the renderer is asked to handle; Markdig's HTML
        /// renderer stops at 128, and an item that cannot be shown must be an error, not a crash later.
        /// </summary>
        private const int MaxNesting = 64;
        private MarkdownObject? _tooDeep;

        private void Scan(ContainerBlock container, Block? top, int depth = 0)
        {
            if (depth > MaxNesting) { _tooDeep ??= container; return; }
            foreach (var block in container)
            {
                var t = top ?? block;
                switch (block)
                {
                    case CustomContainer c:
                        _containers.Add(c);
                        break;
                    case MathBlock math:
                        _math.Add(math);
                        break;
                    case FencedCodeBlock code:
                        if (code.ClosingFencedCharCount == 0 && code.Parent is MarkdownDocument) _unclosedCode.Add(code);
                        if (code.Parent is not MarkdownDocument && KeyContent.IsSolution(code)) _nestedSolutions.Add(code);
                        break;
                    case HtmlBlock html:
                        _htmlBlocks.Add(html);
                        break;
                }
                if (block is ContainerBlock inner) Scan(inner, t, depth + 1);
                else if (block is LeafBlock { Inline: { } inline }) ScanInline(inline, t, depth + 1);
            }
        }

        private void ScanInline(ContainerInline container, Block top, int depth)
        {
            if (depth > MaxNesting) { _tooDeep ??= container; return; }
            for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling)
            {
                switch (inline)
                {
                    case ClozeBlankInline blank:
                        _blanks.Add((blank, top));
                        break;
                    case LinkInline or AutolinkInline or RubyInline:
                        _checked.Add(inline);
                        break;
                    case MathInline math:
                        _math.Add(math);
                        break;
                    case LiteralInline lit when lit.Content.AsSpan().Contains('<'):
                        _checked.Add(inline);
                        break;
                }
                if (inline is ContainerInline c) ScanInline(c, top, depth + 1);
            }
        }

        /// <summary>Blanks outside consumed blocks (containers such as hints), in source order.</summary>
        public IEnumerable<ClozeBlankInline> PromptBlanks() =>
            _blanks.Where(b => !_consumed.Contains((b.Top.Span.Start, b.Top.Span.End))).Select(b => b.Blank);

        public string Text { get; }
        public MarkdownDocument Document { get; }
        public string? Explanation { get; private set; }
        public List<string> Hints { get; } = [];
        public List<CustomContainer> Rubrics { get; } = [];
        public List<CustomContainer> ModelAnswers { get; } = [];

        public SourceLocation At(int line0, int column0) => new(_path, line0 + _firstLine + 1, column0 + 1);

        /// <summary>
        /// Where <paramref name="o"/> starts, from its offset in the body: Markdig's own line and column are off
        /// inside setext headings (by the heading's underline) and count a tab in a list or quote marker as
        /// reaching the next tab stop, while diagnostics count UTF-16 code units on the line.
        /// </summary>
        public SourceLocation At(MarkdownObject o)
        {
            int offset = o.Span.Start;
            if (offset < 0 || offset > Text.Length) return At(o.Line, o.Column);
            _lineStarts ??= LineStarts(Text);
            int line = Array.BinarySearch(_lineStarts, offset);
            if (line < 0) line = ~line - 1;
            return At(line, offset - _lineStarts[line]);
        }

        private int[]? _lineStarts;

        private static int[] LineStarts(string text)
        {
            var starts = new List<int> { 0 };
            for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
            return [.. starts];
        }

        /// <summary>A position <paramref name="delta"/> characters after where <paramref name="o"/> starts (on the same line).</summary>
        public SourceLocation At(MarkdownObject o, int delta)
        {
            var start = At(o);
            return start with { Column = start.Column + delta };
        }

        public void Report(string code, Severity severity, MarkdownObject at, string message)
        {
            var loc = At(at);
            _diagnostics.Add(new Diagnostic(code, severity, _path, loc.Line, loc.Column, message));
        }

        public string Slice(MarkdownObject o) => o.Span.IsEmpty || o.Span.Start < 0 ? "" : Text.Substring(o.Span.Start, Math.Min(o.Span.Length, Text.Length - o.Span.Start));

        public void Consume(Block b) => _consumed.Add((b.Span.Start, b.Span.End));

        /// <summary>
        /// The body with consumed blocks removed (each leaves a blank line, so its neighbours cannot merge
        /// into one block), without leading blank lines and trailing white space.
        /// </summary>
        private bool _trimmedOnlyAscii;

        /// <summary>The stimulus content: the body without leading blank lines and trailing white space.</summary>
        public string Content() => TrimBlankLines(Text, out _trimmedOnlyAscii);

        public string Prompt()
        {
            if (_consumed.Count == 0) return TrimBlankLines(Text, out _trimmedOnlyAscii);
            if (_consumed.Count > 1) _consumed.Sort();
            var sb = new StringBuilder(Text.Length);
            int pos = 0;
            foreach (var (start, end) in _consumed)
            {
                if (start > pos) AppendAtSeam(sb, Text.AsSpan(pos, start - pos));
                // The removed block leaves one blank line: at most two line feeds meet at a seam.
                AppendAtSeam(sb, "\n\n");
                pos = Math.Max(pos, end + 1);
            }
            if (pos < Text.Length) AppendAtSeam(sb, Text.AsSpan(pos));
            return TrimBlankLines(sb.ToString(), out _trimmedOnlyAscii);
        }

        /// <summary>Appends text, dropping its leading line feeds beyond the two that may end <paramref name="sb"/>.</summary>
        private static void AppendAtSeam(StringBuilder sb, ReadOnlySpan<char> text)
        {
            int trailing = 0;
            while (trailing < 2 && trailing < sb.Length && sb[sb.Length - 1 - trailing] == '\n') trailing++;
            int lead = 0;
            while (lead < text.Length && text[lead] == '\n') lead++;
            sb.Append(text[Math.Max(0, lead - (2 - trailing))..]);
        }

        /// <summary>
        /// Turns the parsed body into the prompt's tree for the renderer: consumed blocks removed, the
        /// renderer's content rules applied (see <see cref="ContentRenderer.Prepare"/>). Call once, last,
        /// and only for a file without errors.
        /// </summary>
        public MarkdownDocument? PrepareForRendering()
        {
            // The kept tree must render exactly like the prompt text parsed on its own (which is what an item
            // from a pack or an edited copy gets). Decline when they could differ:
            // - link reference definitions are document-wide, so one in a removed container (解説) would still
            //   resolve in the tree but not in the text;
            // - a removed block leaves a blank line in the text, and a blank line does not end a list or an
            //   indented code block, so those could absorb what follows;
            // - trimming removed white space Markdown keeps (「　」 lines and ends).
            if (!_trimmedOnlyAscii) return null;
            if (Document.GetData(typeof(LinkReferenceDefinitionGroup)) is LinkReferenceDefinitionGroup { Links.Count: > 0 }) return null;
            Block? kept = null;
            bool afterRemoved = false;
            foreach (var b in Document)
            {
                if (_consumed.Contains((b.Span.Start, b.Span.End))) { afterRemoved = kept is not null; continue; }
                if (afterRemoved && kept is ListBlock or (CodeBlock and not FencedCodeBlock)) return null;
                kept = b;
                afterRemoved = false;
            }
            for (int i = Document.Count - 1; i >= 0; i--)
            {
                var b = Document[i];
                if (_consumed.Contains((b.Span.Start, b.Span.End))) Document.RemoveAt(i);
            }
            // ContentRenderer.Prepare without its link rule: an item or stimulus exists only when every link
            // and image passed UrlPolicy (CheckInlines reports the others as errors), so there is nothing to remove.
            if (Text.Contains('\n')) ContentRenderer.JoinCjkLines(Document);
            return Document;
        }

        /// <summary>Inner Markdown of a container: the lines between the fences.</summary>
        public string Inner(ContainerBlock container)
        {
            if (container.Count == 0) return "";
            int start = container[0].Span.Start;
            int end = container[^1].Span.End;
            if (start < 0 || end < start) return "";
            return TrimBlankLines(Text.Substring(start, Math.Min(end - start + 1, Text.Length - start)));
        }

        private void ReportUnclosed()
        {
            foreach (var code in _unclosedCode)
            {
                Report(DiagnosticCodes.UnclosedContainer, Severity.Error, code, "code block is not closed: add a closing ``` line");
            }
            foreach (var c in _containers)
            {
                if (c.ClosingFencedCharCount == 0)
                {
                    Report(DiagnosticCodes.UnclosedContainer, Severity.Error, c, $"container '::: {c.Info}' is not closed: add a ':::' line after its content");
                }
            }
        }

        public void CollectContainers()
        {
            ReportUnclosed();
            foreach (var c in _containers)
            {
                var kind = KeyContent.Kind(c.Info);
                if (c.Parent is not MarkdownDocument)
                {
                    if (kind != ContainerKind.Other)
                    {
                        Report(DiagnosticCodes.ExposedKeyContent, Severity.Error, c,
                            $"'::: {c.Info}' is inside a list, quote or another container, where it would be shown to students: start it at the beginning of a line, outside other blocks");
                    }
                    continue;
                }
                switch (kind)
                {
                    case ContainerKind.Explanation:
                        if (Explanation is not null) Report(DiagnosticCodes.InvalidValue, Severity.Error, c, "only one explanation container is allowed");
                        Explanation = Inner(c);
                        Consume(c);
                        break;
                    case ContainerKind.Hint:
                        Hints.Add(Inner(c));
                        Consume(c);
                        break;
                    case ContainerKind.Rubric:
                        if (Rubrics.Count > 0) Report(DiagnosticCodes.InvalidValue, Severity.Error, c, "only one rubric container is allowed");
                        Rubrics.Add(c);
                        Consume(c);
                        break;
                    case ContainerKind.ModelAnswer:
                        if (ModelAnswers.Count > 0) Report(DiagnosticCodes.InvalidValue, Severity.Error, c, "only one model-answer container is allowed");
                        ModelAnswers.Add(c);
                        Consume(c);
                        break;
                    default:
                        Report(DiagnosticCodes.UnknownContainer, Severity.Warning, c,
                            $"unknown container '::: {c.Info}' (known: explanation, hint, rubric, model-answer); it stays in the prompt");
                        break;
                }
            }
            foreach (var code in _nestedSolutions)
            {
                Report(DiagnosticCodes.ExposedKeyContent, Severity.Error, code,
                    $"'```{code.Info} {code.Arguments}' is inside a list, quote or container, where it would be shown to students: start it at the beginning of a line, outside other blocks");
            }
        }

        /// <summary>Solution code left at the top level (a program item takes its own): it would be part of the prompt.</summary>
        public void ReportSolutionsInPrompt()
        {
            foreach (var block in Document)
            {
                if (block is FencedCodeBlock code && KeyContent.IsSolution(code) && !_consumed.Contains((code.Span.Start, code.Span.End)))
                {
                    Report(DiagnosticCodes.ExposedKeyContent, Severity.Error, code,
                        $"'```{code.Info} {code.Arguments}' would be shown to students as part of the question: only program items take a solution");
                }
            }
        }

        /// <summary>
        /// The checks of <see cref="CollectContainers"/> for a stimulus, which has no explanation, hints or
        /// rubric: those containers (and solution code) would be shown to everyone who reads it.
        /// </summary>
        public void CheckStimulusContainers()
        {
            ReportUnclosed();
            foreach (var c in _containers)
            {
                if (KeyContent.Kind(c.Info) != ContainerKind.Other)
                {
                    Report(DiagnosticCodes.ExposedKeyContent, Severity.Error, c,
                        $"a stimulus cannot hold '::: {c.Info}': everyone who reads the passage would see it; put it in the items that use the stimulus");
                }
                else if (c.Parent is MarkdownDocument)
                {
                    Report(DiagnosticCodes.UnknownContainer, Severity.Warning, c, $"unknown container '::: {c.Info}'; it is shown as part of the stimulus");
                }
            }
            foreach (var code in _nestedSolutions.Concat(Document.OfType<FencedCodeBlock>().Where(KeyContent.IsSolution)))
            {
                Report(DiagnosticCodes.ExposedKeyContent, Severity.Error, code, "a stimulus cannot hold solution code: everyone who reads the passage would see it");
            }
        }

        public IEnumerable<Block> TopLevel() => Document.Where(b => !_consumed.Contains((b.Span.Start, b.Span.End)));

        public void ReportStrayBlanks()
        {
            foreach (var (blank, _) in _blanks)
            {
                Report(DiagnosticCodes.IgnoredContent, Severity.Warning, blank, "[[...]] blanks are used only in cloze items; shown as text here");
            }
        }

        public void CheckInlines()
        {
            if (_tooDeep is not null)
            {
                Report(DiagnosticCodes.NestedTooDeeply, Severity.Error, _tooDeep,
                    $"Markdown is nested more than {MaxNesting} levels deep here (lists, quotes, emphasis or links inside each other); a page cannot show it");
            }
            foreach (var inline in _checked)
            {
                switch (inline)
                {
                    case LinkInline link:
                        if (link.IsImage)
                        {
                            var alt = AltText(link);
                            if (string.IsNullOrWhiteSpace(alt))
                            {
                                Report(DiagnosticCodes.ImageWithoutAlt, Severity.Error, link, $"image '{link.Url}' has no alt text: describe it inside ![...]");
                            }
                        }
                        if (!UrlPolicy.IsAllowed(link.Url))
                        {
                            Report(DiagnosticCodes.UnsafeUrl, Severity.Error, link, $"URL '{Truncate(link.Url)}' is not allowed (use http, https, mailto or a relative path)");
                        }
                        break;
                    case AutolinkInline auto when !UrlPolicy.IsAllowed(auto.IsEmail ? "mailto:" + auto.Url : auto.Url):
                        Report(DiagnosticCodes.UnsafeUrl, Severity.Error, auto, $"URL '{Truncate(auto.Url)}' is not allowed");
                        break;
                    case RubyInline ruby when ruby.HasEmptyReading:
                        Report(DiagnosticCodes.EmptyRubyReading, Severity.Error, ruby, $"ruby on '{ruby.Base}' has an empty reading");
                        break;
                    case LiteralInline lit:
                        var span = lit.Content.AsSpan();
                        int lt = span.IndexOf('<');
                        if (lt >= 0 && lt + 1 < span.Length && (char.IsAsciiLetter(span[lt + 1]) || span[lt + 1] is '/' or '!') && span[lt..].IndexOf('>') > 0)
                        {
                            var loc = At(lit, lt);
                            _diagnostics.Add(new Diagnostic(DiagnosticCodes.RawHtml, Severity.Warning, _path, loc.Line, loc.Column, "raw HTML is not rendered; it is shown as text"));
                        }
                        break;
                }
            }
            foreach (var block in _htmlBlocks)
            {
                Report(DiagnosticCodes.RawHtml, Severity.Warning, block, "raw HTML is not rendered; it is shown as text");
            }
            foreach (var (blank, _) in _blanks)
            {
                if (IsInImage(blank)) Report(DiagnosticCodes.MalformedBlank, Severity.Error, blank, "a blank cannot be inside an image's description ![...]: students could not fill it in");
            }
            foreach (var math in _math)
            {
                var tex = math is MathInline m ? m.Content.AsSpan() : ((MathBlock)math).Lines.ToString().AsSpan();
                if (TexPolicy.FindDisallowed(tex) is { } command)
                {
                    Report(DiagnosticCodes.UnsafeMath, Severity.Error, math,
                        $"\\{command} is not allowed in math: in a page that loads MathJax or KaTeX it could run script, link away or cover the page");
                }
            }
        }

        private static bool IsInImage(Inline inline)
        {
            for (var p = inline.Parent; p is not null; p = p.Parent) if (p is LinkInline { IsImage: true }) return true;
            return false;
        }

        private static string Truncate(string? s) => s is null ? "" : s.Length <= 60 ? s : s[..60] + "…";

        private static string AltText(LinkInline link)
        {
            var sb = new StringBuilder();
            foreach (var d in link.Descendants<Inline>())
            {
                switch (d)
                {
                    case LiteralInline l: sb.Append(l.Content.AsSpan()); break;
                    case CodeInline c: sb.Append(c.Content); break;
                    case RubyInline r: sb.Append(r.Base); break;
                }
            }
            return sb.ToString();
        }
    }

    /// <summary>Builds the type-specific part of an item from front matter and body.</summary>
    private sealed class Builder(YamlMap map, YamlMap.Context ctx, Body body, string path, List<Diagnostic> diagnostics, string? displayKey)
    {
        public decimal? ImpliedPoints { get; private set; }

        private void Error(string code, MarkdownObject at, string message) => body.Report(code, Severity.Error, at, message);

        private void ErrorAtBodyStart(string code, string message)
        {
            var loc = body.StartLocation;
            diagnostics.Add(new Diagnostic(code, Severity.Error, path, loc.Line, loc.Column, message));
        }

        private static readonly string[] Letters = [.. Enumerable.Range(0, 26).Select(i => ((char)('A' + i)).ToString())];

        private static string Label(int index) => index < 26 ? Letters[index] : "Z" + (index - 25);

        private static ItemMetadata EmptyMeta => new() { Subject = "", Grade = 1, Format = ItemFormat.Selected, Points = 0 };

        public Item? Choice(bool multiple)
        {
            var scoringText = multiple ? map.String("scoring") : null;
            var scoring = MultipleScoring.AllOrNothing;
            if (scoringText is not null)
            {
                switch (Word(scoringText))
                {
                    case "all-or-nothing": scoring = MultipleScoring.AllOrNothing; break;
                    case "per-choice": case "partial": scoring = MultipleScoring.PerChoice; break;
                    case "right-minus-wrong": scoring = MultipleScoring.RightMinusWrong; break;
                    default:
                        ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("scoring")!, $"scoring must be all-or-nothing, per-choice or right-minus-wrong (found '{scoringText}')");
                        break;
                }
            }
            var list = body.TopLevel().OfType<ListBlock>().FirstOrDefault(IsTaskList);
            if (list is null)
            {
                ErrorAtBodyStart(DiagnosticCodes.MissingStructure, "a choice item needs a task list of choices: '- [x] correct' and '- [ ] wrong'");
                return null;
            }
            body.Consume(list);
            ReportOtherTaskLists(body.Document, list);
            var choices = ImmutableArray.CreateBuilder<Choice>();
            int index = 0;
            foreach (var li in list.OfType<ListItemBlock>())
            {
                var para = li.OfType<ParagraphBlock>().FirstOrDefault();
                var task = para?.Inline?.FirstChild as TaskList;
                if (para is null || task is null)
                {
                    Error(DiagnosticCodes.MissingStructure, li, "every choice must start with '[ ]' or '[x]'");
                    continue;
                }
                var content = StripTaskMarker(body.Slice(para));
                bool isFixed = false;
                decimal? points = null;
                // Attributes at the end: {fixed}, {points=0.5}, both in one group or in several ({points=0.5} {fixed}).
                while (content.AsSpan().TrimEnd().EndsWith('}') && ChoiceAttributes().Match(content) is { Success: true } attr)
                {
                    decimal? groupPoints = null;
                    foreach (var part in attr.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (part == "fixed") isFixed = true;
                        else if (part.StartsWith("points", StringComparison.Ordinal))
                        {
                            if (!YamlMap.TryDecimal(part[(part.IndexOf('=') + 1)..], out var p)) Error(DiagnosticCodes.InvalidValue, li, $"choice {Label(index)}: '{part}' is not a number of points");
                            else if (points is not null || groupPoints is not null) Error(DiagnosticCodes.InvalidValue, li, $"choice {Label(index)}: points are given twice");
                            else groupPoints = p;
                        }
                    }
                    points ??= groupPoints; // groups are read from the end: the last one written wins
                    content = content[..attr.Index];
                }
                var quote = li.OfType<QuoteBlock>().FirstOrDefault();
                string? feedback = quote is null ? null : Unquote(body.Slice(quote));
                WarnExtraBlocks(li, para, quote, $"choice {Label(index)}", "a '>' quote under it is its feedback");
                if (content.Trim().Length == 0)
                {
                    Error(DiagnosticCodes.MissingStructure, li, $"choice {Label(index)} is empty");
                }
                choices.Add(new Choice(Label(index), content.Trim(), task.Checked) { Feedback = feedback, Fixed = isFixed, Points = points });
                index++;
            }
            int correct = choices.Count(c => c.IsCorrect);
            if (choices.Count < 2)
            {
                Error(DiagnosticCodes.MissingStructure, list, "a choice item needs at least two choices");
            }
            if (correct == 0)
            {
                Error(DiagnosticCodes.NoCorrectChoice, list, "no choice is marked correct: mark the answer with '- [x]'");
            }
            else if (!multiple && correct > 1)
            {
                var second = list.OfType<ListItemBlock>().Where(li => (li.OfType<ParagraphBlock>().FirstOrDefault()?.Inline?.FirstChild as TaskList)?.Checked == true).Skip(1).First();
                Error(DiagnosticCodes.MultipleCorrectInSingleChoice, second, $"{correct} choices are marked correct in a 'choice' item; use 'type: multiple' for several answers");
            }
            return new ChoiceItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                AllowMultiple = multiple,
                Choices = choices.ToImmutable(),
                Scoring = scoring,
            };
        }

        /// <summary>Blocks of a list item beyond the one the item type reads (and its feedback quote) are not shown: say so.</summary>
        private void WarnExtraBlocks(ListItemBlock li, Block? used, Block? feedback, string what, string? hint = null)
        {
            foreach (var block in li)
            {
                if (block == used || block == feedback) continue;
                body.Report(DiagnosticCodes.IgnoredContent, Severity.Warning, block,
                    $"{what}: only its first paragraph is used; this {Describe(block)} is ignored" + (hint is null ? "" : $" ({hint})"));
                return;
            }

            static string Describe(Block b) => b switch
            {
                ListBlock => "list",
                ParagraphBlock => "paragraph",
                QuoteBlock => "quote",
                FencedCodeBlock or CodeBlock => "code block",
                _ => "block",
            };
        }

        /// <summary>Task lists other than the choices (blocks only; the choice list's own sub-lists are not shown).</summary>
        private void ReportOtherTaskLists(ContainerBlock container, ListBlock choices)
        {
            foreach (var block in container)
            {
                if (block == choices || block is not ContainerBlock inner) continue;
                if (block is ListBlock other && IsTaskList(other))
                {
                    Error(DiagnosticCodes.ExposedKeyContent, other,
                        "a second list of '[ ]'/'[x]' choices: it would be shown in the question with its marks; keep every choice in one list (a blank line, quote or other block between choices ends the list)");
                    continue;
                }
                ReportOtherTaskLists(inner, choices);
            }
        }

        private static bool IsTaskList(ListBlock list) =>
            list.OfType<ListItemBlock>().Any(li => li.OfType<ParagraphBlock>().FirstOrDefault()?.Inline?.FirstChild is TaskList);

        private static string StripTaskMarker(string paragraph)
        {
            var t = paragraph.TrimStart();
            if (t.Length >= 3 && t[0] == '[' && t[2] == ']') t = t[3..];
            return t.Trim();
        }

        private static string Unquote(string quote)
        {
            var lines = quote.Split('\n').Select(l =>
            {
                var t = l.TrimStart();
                if (t.StartsWith('>')) t = t[1..];
                if (t.StartsWith(' ')) t = t[1..];
                return t;
            });
            return string.Join("\n", lines).Trim();
        }

        private NormalizationOptions ReadNormalization()
        {
            var n = map.Map("normalize");
            if (n is null) return NormalizationOptions.Default;
            var d = NormalizationOptions.Default;
            var result = new NormalizationOptions
            {
                Width = n.Bool("width") ?? d.Width,
                KanaInsensitive = n.Bool("kana") ?? d.KanaInsensitive,
                LongVowelAndDashVariants = n.Bool("dash") ?? d.LongVowelAndDashVariants,
                Spaces = n.Bool("spaces") ?? d.Spaces,
                IgnoreAllSpaces = n.Bool("ignore_all_spaces") ?? d.IgnoreAllSpaces,
                CaseInsensitive = n.Bool("case") ?? d.CaseInsensitive,
                Punctuation = n.Bool("punctuation") ?? d.Punctuation,
            };
            n.ReportUnknownKeys("normalize");
            return result;
        }

        public Item? Text()
        {
            var answers = map.StringList("answers");
            if (answers is null)
            {
                map.MissingKey("answers");
                return null;
            }
            if (answers.Count == 0 || answers.Any(string.IsNullOrWhiteSpace))
            {
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("answers")!, "answers must list at least one non-empty accepted answer");
                return null;
            }
            var partial = ImmutableArray.CreateBuilder<PartialAnswer>();
            var seq = map.Sequence("partial_answers");
            if (seq is not null)
            {
                foreach (var node in seq.Items)
                {
                    if (node is not YMap m)
                    {
                        ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, node, "each partial answer needs 'answer' and 'points'");
                        continue;
                    }
                    var pm = new YamlMap(m, ctx);
                    var a = pm.String("answer", required: true);
                    var p = pm.Decimal("points", 0m, 10_000m);
                    if (p is null && !pm.Has("points")) pm.MissingKey("points");
                    pm.ReportUnknownKeys("a partial answer");
                    if (a is not null && p is not null) partial.Add(new PartialAnswer(a, p.Value));
                }
            }
            return new TextItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Answers = [.. answers],
                PartialAnswers = partial.ToImmutable(),
                KanjiRequired = map.Bool("kanji_required") ?? false,
                Normalization = ReadNormalization(),
            };
        }

        public Item? Numeric()
        {
            var answerNode = map.Raw("answer");
            if (answerNode is null)
            {
                map.MissingKey("answer");
                return null;
            }
            if (answerNode is not YScalar an || !YamlMap.TryDecimal(an.Value, out var value))
            {
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, answerNode, "answer must be a number");
                return null;
            }
            decimal tolerance = 0;
            var kind = ToleranceKind.Absolute;
            var tolNode = map.Raw("tolerance");
            if (tolNode is not null)
            {
                var t = (tolNode as YScalar)?.Value?.Trim() ?? "";
                if (t.EndsWith('%') || t.EndsWith('％'))
                {
                    kind = ToleranceKind.Relative;
                    t = t[..^1];
                }
                if (!YamlMap.TryDecimal(t, out tolerance) || tolerance < 0)
                {
                    ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, tolNode, "tolerance must be a non-negative number, or a percentage such as 1%");
                    return null;
                }
                if (kind == ToleranceKind.Relative) tolerance /= 100m;
            }
            return new NumericItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Value = value, Tolerance = tolerance, ToleranceKind = kind, Unit = map.String("unit"),
            };
        }

        public Item? Order()
        {
            var list = body.TopLevel().OfType<ListBlock>().LastOrDefault(l => l.IsOrdered);
            if (list is null)
            {
                ErrorAtBodyStart(DiagnosticCodes.MissingStructure, "an order item needs the correct order as an ordered list (1. 2. 3.)");
                return null;
            }
            body.Consume(list);
            var entries = new List<string>();
            foreach (var li in list.OfType<ListItemBlock>())
            {
                var para = li.OfType<ParagraphBlock>().FirstOrDefault();
                if (para is null)
                {
                    Error(DiagnosticCodes.MissingStructure, li, $"entry {entries.Count + 1} is empty");
                    continue;
                }
                WarnExtraBlocks(li, para, null, $"entry {entries.Count + 1}");
                entries.Add(body.Slice(para).Trim());
            }
            if (entries.Count < 2)
            {
                Error(DiagnosticCodes.MissingStructure, list, "an order item needs at least two entries");
                return null;
            }
            // Display order: a fixed permutation of the id (and the bank's display key), never the key's order.
            var display = DisplayOrder.Permutation(entries.Count, map.Has("id") ? (map.Raw("id") as YScalar)?.Value ?? "" : "", displayKey);
            var displayed = ImmutableArray.CreateBuilder<LabeledEntry>();
            var labelOfSource = new string[entries.Count];
            for (int pos = 0; pos < display.Length; pos++)
            {
                var label = Label(pos);
                displayed.Add(new LabeledEntry(label, entries[display[pos]]));
                labelOfSource[display[pos]] = label;
            }
            return new OrderItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Entries = displayed.ToImmutable(),
                CorrectOrder = [.. labelOfSource],
            };
        }


        public Item? Match()
        {
            var table = body.TopLevel().OfType<Table>().FirstOrDefault();
            if (table is null)
            {
                ErrorAtBodyStart(DiagnosticCodes.MissingStructure, "a match item needs a two-column table: one correct pair per row");
                return null;
            }
            body.Consume(table);
            var left = new List<string>();
            var right = new List<string>();
            var pairs = new List<(int Left, int Right)>();
            foreach (var row in table.OfType<TableRow>())
            {
                if (row.IsHeader) continue;
                var cells = row.OfType<TableCell>().ToList();
                if (cells.Count != 2)
                {
                    Error(DiagnosticCodes.MissingStructure, row, $"a match table row needs exactly two cells (found {cells.Count})");
                    continue;
                }
                var l = CellText(cells[0]);
                var r = CellText(cells[1]);
                if (r.Length == 0)
                {
                    Error(DiagnosticCodes.MissingStructure, row, "the right cell is empty");
                    continue;
                }
                right.Add(r);
                if (l.Length > 0)
                {
                    left.Add(l);
                    pairs.Add((left.Count - 1, right.Count - 1));
                }
            }
            if (pairs.Count < 2)
            {
                Error(DiagnosticCodes.MissingStructure, table, "a match item needs at least two pairs");
                return null;
            }
            var idText = (map.Raw("id") as YScalar)?.Value ?? "";
            var display = DisplayOrder.Permutation(right.Count, idText + "#right", displayKey);
            var rightDisplayed = ImmutableArray.CreateBuilder<LabeledEntry>();
            var rightLabel = new string[right.Count];
            for (int pos = 0; pos < display.Length; pos++)
            {
                var label = (pos + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                rightDisplayed.Add(new LabeledEntry(label, right[display[pos]]));
                rightLabel[display[pos]] = label;
            }
            ImpliedPoints = pairs.Count;
            return new MatchItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Left = [.. left.Select((t, i) => new LabeledEntry(Label(i), t))],
                Right = rightDisplayed.ToImmutable(),
                Pairs = pairs.ToImmutableDictionary(p => Label(p.Left), p => rightLabel[p.Right], StringComparer.Ordinal),
            };
        }

        private string CellText(TableCell cell)
        {
            var para = cell.OfType<LeafBlock>().FirstOrDefault();
            if (para is null) return "";
            var s = body.Slice(para).Trim();
            // Pipe tables: the paragraph span may include the trailing pipe.
            return s.TrimEnd('|').Trim();
        }

        public Item? Cloze()
        {
            var blanks = ImmutableArray.CreateBuilder<ClozeBlank>();
            int number = 0;
            foreach (var inline in body.PromptBlanks())
            {
                number++;
                inline.Number = number;
                var at = body.At(inline);
                var blank = BlankSyntax.Parse(inline.Raw, number, at, out var error);
                if (blank is null)
                {
                    Error(DiagnosticCodes.MalformedBlank, inline, error ?? $"blank {number} is malformed");
                    continue;
                }
                blanks.Add(blank);
            }
            if (number == 0)
            {
                ErrorAtBodyStart(DiagnosticCodes.MissingStructure, "a cloze item needs blanks written [[answer]], [[=number]] or [[?option|*correct]]");
                return null;
            }
            ImpliedPoints = blanks.Sum(b => b.Points);
            return new ClozeItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Blanks = blanks.ToImmutable(),
                Normalization = ReadNormalization(),
            };
        }

        public Item? Essay()
        {
            var maxLength = map.Int("max_length", 1, 100_000);
            if (body.Rubrics.Count == 0)
            {
                ErrorAtBodyStart(DiagnosticCodes.MissingStructure, "an essay item needs a '::: rubric' container listing levels as '- 3: descriptor'");
                return null;
            }
            var levels = ImmutableArray.CreateBuilder<RubricLevel>();
            var rubric = body.Rubrics[0];
            var list = rubric.OfType<ListBlock>().FirstOrDefault();
            if (list is null)
            {
                Error(DiagnosticCodes.MissingStructure, rubric, "the rubric must be a list of levels written '- 3: descriptor'");
                return null;
            }
            foreach (var li in list.OfType<ListItemBlock>())
            {
                var text = body.Slice(li.OfType<ParagraphBlock>().FirstOrDefault() ?? (MarkdownObject)li);
                var m = RubricLine().Match(text);
                if (!m.Success || !YamlMap.TryDecimal(m.Groups[1].Value, out var pts))
                {
                    Error(DiagnosticCodes.MissingStructure, li, "a rubric level must start with its points, e.g. '- 3: 理由を2つ挙げている'");
                    continue;
                }
                levels.Add(new RubricLevel(pts, m.Groups[2].Value.Trim()));
            }
            if (levels.Count == 0) return null;
            ImpliedPoints = levels.Max(l => l.Points);
            return new EssayItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Rubric = [.. levels.OrderByDescending(l => l.Points)],
                MaxLength = maxLength,
                ModelAnswer = body.ModelAnswers.Count > 0 ? body.Inner(body.ModelAnswers[0]) : null,
            };
        }

        public Item? Program()
        {
            var entry = map.String("entry", required: true);
            if (entry is not null && !JsIdentifier().IsMatch(entry))
            {
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("entry")!, $"entry '{entry}' is not a JavaScript function name");
            }
            var language = map.String("language") ?? "javascript";
            if (language is not ("javascript" or "js"))
            {
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("language")!, "only language: javascript is supported");
            }
            string starter = "";
            string? solution = null;
            bool hasStarter = false;
            foreach (var code in body.TopLevel().OfType<FencedCodeBlock>().ToList())
            {
                if (KeyContent.IsStarter(code))
                {
                    if (hasStarter) Error(DiagnosticCodes.InvalidValue, code, "only one starter code block is allowed");
                    starter = code.Lines.ToString();
                    hasStarter = true;
                    body.Consume(code);
                }
                else if (KeyContent.IsSolution(code))
                {
                    if (solution is not null) Error(DiagnosticCodes.InvalidValue, code, "only one solution code block is allowed");
                    solution = code.Lines.ToString();
                    body.Consume(code);
                }
            }
            var seq = map.Sequence("tests");
            if (seq is null)
            {
                if (!map.Has("tests")) map.MissingKey("tests");
                return null;
            }
            var tests = ImmutableArray.CreateBuilder<ProgramTest>(seq.Items.Count);
            var json = new YamlMap.JsonBuffer();
            int n = 0;
            bool bad = false;
            foreach (var node in seq.Items)
            {
                n++;
                if (node is not YMap m)
                {
                    ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, node, $"test {n} must be a mapping with 'args' and 'expected'");
                    bad = true;
                    continue;
                }
                var tm = new YamlMap(m, ctx);
                var argsNode = tm.Raw("args");
                var expectedNode = tm.Raw("expected");
                string? argsJson = null;
                if (argsNode is null) { ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, m, $"test {n} has no 'args' (use [] for none)"); bad = true; }
                else if (argsNode is not YSeq) { ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, argsNode, $"test {n}: 'args' must be a list of arguments"); bad = true; }
                else argsJson = json.ToJson(argsNode);
                string? expectedJson = null;
                if (expectedNode is null) { ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, m, $"test {n} has no 'expected' value"); bad = true; }
                else expectedJson = json.ToJson(expectedNode);
                if ((argsNode is not null && argsJson is null && argsNode is YSeq) || (expectedNode is not null && expectedJson is null))
                {
                    ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, m, $"test {n}: values must be JSON-compatible (numbers, strings, booleans, null, lists, mappings)");
                    bad = true;
                }
                var points = tm.Decimal("points", 0m, 10_000m) ?? 1m;
                var hidden = tm.Bool("hidden") ?? false;
                var compareText = tm.String("compare");
                var comparison = ProgramComparison.Exact;
                switch (Word(compareText))
                {
                    case null: case "exact": break;
                    case "whitespace": case "ignore-whitespace": comparison = ProgramComparison.IgnoreWhitespace; break;
                    case "numeric": case "number": comparison = ProgramComparison.Numeric; break;
                    case "deep": comparison = ProgramComparison.Deep; break;
                    default:
                        ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, tm.Raw("compare")!, $"test {n}: compare must be exact, whitespace, numeric or deep");
                        bad = true;
                        break;
                }
                var tol = tm.Decimal("tolerance", 0m);
                var description = tm.String("description");
                tm.ReportUnknownKeys("a program test");
                if (argsJson is null || expectedJson is null) continue;
                tests.Add(new ProgramTest
                {
                    Number = n,
                    ArgumentsJson = argsJson,
                    ExpectedJson = expectedJson,
                    Points = points,
                    Hidden = hidden,
                    Comparison = comparison,
                    Tolerance = (double)(tol ?? (comparison == ProgramComparison.Numeric ? 1e-9m : 0m)),
                    Description = description,
                    Source = ctx.Location(m),
                });
            }
            if (n == 0)
            {
                ctx.Report(DiagnosticCodes.MalformedProgramTest, Severity.Error, seq, "a program item needs at least one test");
                return null;
            }
            if (bad || entry is null) return null;
            ImpliedPoints = tests.Sum(t => t.Points);
            return new ProgramItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Language = "javascript",
                EntryFunction = entry,
                StarterCode = starter,
                ReferenceSolution = solution,
                Tests = tests.ToImmutable(),
            };
        }

        public Item? Survey()
        {
            var kindText = map.String("survey", required: true);
            SurveyKind kind;
            switch (Word(kindText))
            {
                case "rating": case "scale": kind = SurveyKind.Rating; break;
                case "choice": kind = SurveyKind.Choice; break;
                case "multiple": kind = SurveyKind.MultipleChoice; break;
                case "comment": case "text": kind = SurveyKind.Comment; break;
                case null: return null;
                default:
                    ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("survey")!, $"survey must be rating, choice, multiple or comment (found '{kindText}')");
                    return null;
            }
            RatingScale? scale = null;
            if (kind == SurveyKind.Rating)
            {
                var sm = map.Map("scale");
                if (sm is null)
                {
                    if (!map.Has("scale")) map.MissingKey("scale");
                    return null;
                }
                var min = sm.Int("min", -100, 100, required: true);
                var max = sm.Int("max", -100, 100, required: true);
                var labels = sm.StringList("labels") ?? [];
                sm.ReportUnknownKeys("a rating scale");
                if (min is null || max is null) return null;
                if (max <= min || max - min > 20)
                {
                    ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, sm.Node, "scale needs min < max with at most 21 points");
                    return null;
                }
                if (labels.Count != 0 && labels.Count != 2 && labels.Count != max - min + 1)
                {
                    ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, sm.Raw("labels")!, $"labels: give none, two (the ends) or {max - min + 1} (one per point)");
                    return null;
                }
                scale = new RatingScale(min.Value, max.Value, [.. labels]);
            }
            var options = ImmutableArray<LabeledEntry>.Empty;
            if (kind is SurveyKind.Choice or SurveyKind.MultipleChoice)
            {
                var list = body.TopLevel().OfType<ListBlock>().LastOrDefault(l => !l.IsOrdered);
                if (list is null)
                {
                    ErrorAtBodyStart(DiagnosticCodes.MissingStructure, "a choice survey needs a bullet list of options");
                    return null;
                }
                body.Consume(list);
                options = [.. list.OfType<ListItemBlock>().Select((li, i) =>
                    new LabeledEntry(Label(i), StripTaskMarker(body.Slice(li.OfType<ParagraphBlock>().FirstOrDefault() ?? (MarkdownObject)li))))];
                if (options.Length < 2)
                {
                    Error(DiagnosticCodes.MissingStructure, list, "a choice survey needs at least two options");
                    return null;
                }
            }
            return new SurveyItem
            {
                Id = "", Metadata = EmptyMeta, Prompt = "",
                Kind = kind,
                Scale = scale,
                Options = options,
                Required = map.Bool("required") ?? false,
            };
        }
    }

    [GeneratedRegex(@"^[A-Za-z_$][A-Za-z0-9_$]{0,63}$")]
    private static partial Regex JsIdentifier();
}
