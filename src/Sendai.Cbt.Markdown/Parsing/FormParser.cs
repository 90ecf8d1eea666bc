using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>The outcome of parsing a form file.</summary>
/// <param name="Form">The form as far as it could be read (null when id, version or title is missing); check <see cref="Success"/> before using it.</param>
/// <param name="Diagnostics">Every problem found.</param>
public sealed record FormParseResult(TestForm? Form, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => !Diagnostics.Any(d => d.Severity == Severity.Error);
}

/// <summary>Parses test-form YAML files. Never throws on author content. Item references are checked by <see cref="ItemBankLoader"/>.</summary>
public static class FormParser
{
    /// <summary>Parses a form file's bytes.</summary>
    /// <param name="path">Path for diagnostics.</param>
    /// <param name="bytes">File content (UTF-8).</param>
    public static FormParseResult Parse(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        var text = SourceText.Decode(path, bytes, diagnostics);
        if (text is null) return new FormParseResult(null, [.. diagnostics]);
        try
        {
            return ParseCore(path, text, diagnostics);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.UnreadableFile, Severity.Error, path, 1, 1, $"internal error while parsing ({e.GetType().Name}: {e.Message})"));
            return new FormParseResult(null, [.. diagnostics]);
        }
    }

    /// <summary>Parses a form file's text.</summary>
    /// <param name="path">Path for diagnostics.</param>
    /// <param name="text">File content.</param>
    public static FormParseResult ParseText(string path, string text) =>
        Parse(path, System.Text.Encoding.UTF8.GetBytes(text ?? throw new ArgumentNullException(nameof(text))));

    private static FormParseResult ParseCore(string path, string text, List<Diagnostic> diagnostics)
    {
        var root = FrontMatter.Load(path, text, 0, diagnostics);
        if (root is null) return Done(null, diagnostics);
        var ctx = new YamlMap.Context(path, 0, diagnostics);
        var map = new YamlMap(root, ctx);
        var id = map.String("id", required: true);
        var versionNode = map.Raw("version");
        string? version = null;
        if (versionNode is null) map.MissingKey("version");
        else if (versionNode is YScalar vs && !string.IsNullOrWhiteSpace(vs.Value)) version = vs.Value.Trim();
        else ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, versionNode, "version must be a number or text such as 1 or 2026.1");
        var title = map.String("title", required: true);
        var kindText = map.String("kind");
        var kind = FormKind.Test;
        switch (ItemParser.Word(kindText))
        {
            case null: case "test": break;
            case "practice": kind = FormKind.Practice; break;
            case "survey": kind = FormKind.Survey; break;
            default:
                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, map.Raw("kind")!, $"kind must be test, practice or survey (found '{kindText}')");
                break;
        }
        var subject = map.String("subject");
        var grade = map.Int("grade", 1, 12);
        var minutes = map.Decimal("time_limit", 0.5m, 24m * 60m);
        var shuffleSections = map.Bool("shuffle_sections") ?? false;
        var sectionsNode = map.Sequence("sections");
        var sections = ImmutableArray.CreateBuilder<FormSection>();
        if (sectionsNode is null)
        {
            if (!map.Has("sections")) map.MissingKey("sections");
        }
        else
        {
            int n = 0;
            var sectionIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sn in sectionsNode.Items)
            {
                n++;
                if (sn is not YMap sm)
                {
                    ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, sn, $"section {n} must be a mapping with 'items'");
                    continue;
                }
                var sec = new YamlMap(sm, ctx);
                var sid = sec.String("id") ?? $"s{n}";
                if (!sectionIds.Add(sid)) ctx.Report(DiagnosticCodes.DuplicateId, Severity.Error, sm, $"section id '{sid}' is used twice");
                var stitle = sec.String("title");
                var instructions = sec.String("instructions");
                var shuffle = sec.Bool("shuffle") ?? false;
                var itemsNode = sec.Sequence("items");
                var refs = ImmutableArray.CreateBuilder<FormItemRef>();
                if (itemsNode is null)
                {
                    if (!sec.Has("items")) sec.MissingKey("items");
                }
                else
                {
                    foreach (var inode in itemsNode.Items)
                    {
                        switch (inode)
                        {
                            case YScalar s when !string.IsNullOrWhiteSpace(s.Value):
                                refs.Add(new FormItemRef(s.Value.Trim(), 1m, ctx.Location(s)));
                                break;
                            case YMap im:
                                var r = new YamlMap(im, ctx);
                                var rid = r.String("id", required: true);
                                var weight = r.Decimal("weight", 0m, 1000m) ?? 1m;
                                r.ReportUnknownKeys("an item reference");
                                if (rid is not null) refs.Add(new FormItemRef(rid.Trim(), weight, ctx.Location(r.Raw("id")!)));
                                break;
                            default:
                                ctx.Report(DiagnosticCodes.InvalidValue, Severity.Error, inode, "an item reference is an id, or a mapping with 'id' and 'weight'");
                                break;
                        }
                    }
                }
                if (refs.Count == 0)
                {
                    ctx.Report(DiagnosticCodes.EmptyContent, Severity.Error, sm, $"section '{sid}' has no items");
                }
                sec.ReportUnknownKeys("a section");
                sections.Add(new FormSection { Id = sid, Title = stitle, Instructions = instructions, ShuffleItems = shuffle, Items = refs.ToImmutable() });
            }
            if (n == 0) ctx.Report(DiagnosticCodes.EmptyContent, Severity.Error, sectionsNode, "the form has no sections");
        }
        // The same item twice in one form.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in sections.SelectMany(s => s.Items))
        {
            if (!seen.Add(r.ItemId))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicateItemReference, Severity.Error, path, r.Source.Line, r.Source.Column, $"item '{r.ItemId}' appears twice in the form"));
            }
        }
        map.ReportUnknownKeys("a form");
        if (id is null || version is null || title is null) return Done(null, diagnostics);
        var form = new TestForm
        {
            Id = id,
            Version = version,
            Title = title,
            Kind = kind,
            Subject = subject,
            Grade = grade,
            TimeLimit = minutes is decimal m ? TimeSpan.FromMinutes((double)m) : null,
            ShuffleSections = shuffleSections,
            Sections = sections.ToImmutable(),
            Source = new SourceLocation(path, 1, 1),
        };
        return Done(form, diagnostics);
    }

    private static FormParseResult Done(TestForm? form, List<Diagnostic> diagnostics)
    {
        var sorted = diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ToImmutableArray();
        return new FormParseResult(form, sorted);
    }
}
