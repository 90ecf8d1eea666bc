using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Qti.Import;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti;

/// <summary>
/// Imports QTI 3.0 and 2.x content packages (zip or folder) or single item files into the item model, writing
/// Markdown item files and YAML forms that <c>cbt validate</c> accepts. Input is untrusted: limits from
/// <see cref="QtiImportOptions"/>, no DTDs, no paths outside the package; every problem is a diagnostic, never an
/// exception. Everything that cannot be represented is reported with the element and file. Stateless and thread-safe.
/// </summary>
public static class QtiImporter
{
    /// <summary>Imports a zip package or a folder (decided by what <paramref name="path"/> is). A missing path throws <see cref="FileNotFoundException"/>.</summary>
    /// <param name="path">A .zip file, a folder holding imsmanifest.xml (or loose QTI files), or one QTI XML file.</param>
    /// <param name="options">Limits, or null for the defaults.</param>
    public static QtiImportResult Import(string path, QtiImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var o = options ?? QtiImportOptions.Default;
        o.Validate();
        var diagnostics = new List<Diagnostic>();
        Dictionary<string, byte[]>? files;
        if (Directory.Exists(path)) files = SafeInput.ReadDirectory(path, o, diagnostics);
        else if (File.Exists(path))
        {
            if (path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            {
                var len = new FileInfo(path).Length;
                if (len > o.MaxEntryBytes)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, path, 0, 0, $"file is larger than {o.MaxEntryBytes} bytes"));
                    files = [];
                }
                else files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Path.GetFileName(path)] = File.ReadAllBytes(path) };
            }
            else
            {
                using var stream = File.OpenRead(path);
                files = SafeInput.ReadZip(stream, path, o, diagnostics);
            }
        }
        else throw new FileNotFoundException($"not found: {path}", path);
        return files is null ? Empty(diagnostics) : ImportFiles(files, o, diagnostics);
    }

    /// <summary>Imports a zip package from a stream.</summary>
    /// <param name="zip">The package.</param>
    /// <param name="displayName">Name used in diagnostics.</param>
    /// <param name="options">Limits, or null for the defaults.</param>
    public static QtiImportResult ImportZip(Stream zip, string displayName = "package.zip", QtiImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var o = options ?? QtiImportOptions.Default;
        o.Validate();
        var diagnostics = new List<Diagnostic>();
        var files = SafeInput.ReadZip(zip, displayName, o, diagnostics);
        return files is null ? Empty(diagnostics) : ImportFiles(files, o, diagnostics);
    }

    /// <summary>Imports in-memory files (package path → bytes), for example a package already extracted.</summary>
    /// <param name="files">Package-relative paths with '/' separators.</param>
    /// <param name="options">Limits, or null for the defaults.</param>
    public static QtiImportResult ImportFiles(IReadOnlyDictionary<string, byte[]> files, QtiImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var o = options ?? QtiImportOptions.Default;
        o.Validate();
        var diagnostics = new List<Diagnostic>();
        var safe = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (k, v) in files)
        {
            var p = SafeInput.NormalizePath(k);
            if (p is null) diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Error, k, 0, 0, "path points outside the package; ignored"));
            else safe[p] = v;
        }
        return ImportFiles(safe, o, diagnostics);
    }

    private static QtiImportResult Empty(List<Diagnostic> diagnostics) =>
        new([], [], [], ImmutableDictionary<string, byte[]>.Empty, [.. diagnostics]);

    private sealed record Resource(string Type, string Href, ResourceMeta Meta);

    private static QtiImportResult ImportFiles(Dictionary<string, byte[]> files, QtiImportOptions o, List<Diagnostic> diagnostics)
    {
        try
        {
            return ImportCore(files, o, diagnostics);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, "package", 0, 0, $"internal error while importing ({e.GetType().Name}: {e.Message}); please report the package"));
            return Empty(diagnostics);
        }
    }

    private static QtiImportResult ImportCore(Dictionary<string, byte[]> files, QtiImportOptions o, List<Diagnostic> diagnostics)
    {
        var docs = new Dictionary<string, XElement?>(StringComparer.Ordinal);
        XElement? Load(string path)
        {
            if (docs.TryGetValue(path, out var d)) return d;
            XElement? root = null;
            if (files.TryGetValue(path, out var bytes))
            {
                var doc = SafeInput.LoadXml(bytes, path, o, diagnostics);
                if (doc?.Root is { } r) root = QtiXml.IsQtiNamespace(r.Name.Namespace) && r.Name.Namespace != QtiXml.V3 ? QtiXml.FromV2(r) : r;
            }
            docs[path] = root;
            return root;
        }

        // Resources: from the manifest, or every XML file by its root element.
        var resources = new List<Resource>();
        var manifestPath = files.Keys.Where(k => k.EndsWith("imsmanifest.xml", StringComparison.OrdinalIgnoreCase)).OrderBy(k => k.Count(c => c == '/')).FirstOrDefault();
        if (manifestPath is not null && Load(manifestPath) is { } manifest)
        {
            foreach (var res in manifest.Descendants().Where(e => e.Name.LocalName == "resource"))
            {
                var type = res.Attribute("type")?.Value ?? "";
                var href = res.Attribute("href")?.Value;
                if (!type.StartsWith("imsqti_", StringComparison.Ordinal) || href is null)
                {
                    if (type.StartsWith("imsqti_", StringComparison.Ordinal)) diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMissingReference, Severity.Warning, manifestPath, Line(res), Col(res), "a QTI resource has no href; it is ignored"));
                    continue;
                }
                var resolved = SafeInput.Resolve(manifestPath, href);
                if (resolved is null)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Error, manifestPath, Line(res), Col(res), $"resource href '{SafeInput.Shorten(href)}' points outside the package; it is ignored"));
                    continue;
                }
                if (!files.ContainsKey(resolved))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMissingReference, Severity.Error, manifestPath, Line(res), Col(res), $"resource file '{resolved}' is not in the package"));
                    continue;
                }
                resources.Add(new Resource(type, resolved, ReadLom(res)));
            }
        }
        else
        {
            foreach (var path in files.Keys.Where(k => k.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
            {
                var root = Load(path);
                if (root is null) continue;
                var type = root.Name.LocalName switch
                {
                    "qti-assessment-item" => "imsqti_item",
                    "qti-assessment-test" => "imsqti_test",
                    "qti-assessment-stimulus" => "imsqti_stimulus",
                    _ => null,
                };
                if (type is null)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Warning, path, 0, 0, $"<{root.Name.LocalName}> is not a QTI item, test or stimulus; the file is ignored"));
                    continue;
                }
                resources.Add(new Resource(type, path, new ResourceMeta()));
            }
        }

        var output = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var itemResults = new List<ItemParseResult>();
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        var itemIdOfPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var stimulusIdOfPath = new Dictionary<string, string>(StringComparer.Ordinal);
        var parser = new ItemParser();

        string UniqueId(string wanted, string file, string? fallbackPrefix)
        {
            var id = SanitizeId(wanted, fallbackPrefix ?? "item", usedIds.Count + 1);
            if (id != wanted) diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiIdentifierRewritten, Severity.Warning, file, 0, 0, $"identifier '{SafeInput.Shorten(wanted)}' is written as id '{id}'"));
            var unique = id;
            for (int n = 2; !usedIds.Add(unique); n++) unique = id + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (unique != id) diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiIdentifierRewritten, Severity.Warning, file, 0, 0, $"id '{id}' is used twice in the package; this one is written as '{unique}'"));
            return unique;
        }

        // Stimuli first (items refer to them).
        foreach (var r in resources.Where(r => r.Type.Contains("stimulus", StringComparison.Ordinal)))
        {
            var root = Load(r.Href);
            if (root is null || root.Name != QtiXml.N("qti-assessment-stimulus")) { WrongRoot(r, root, diagnostics); continue; }
            ImportStimulus(r, root, UniqueId(r.Meta.Id ?? QtiXml.ItemIdFromIdentifier(root.Attribute("identifier")?.Value ?? ""), r.Href, "stimulus"), output, itemResults, parser, diagnostics, stimulusIdOfPath);
        }
        foreach (var r in resources.Where(r => r.Type.Contains("item", StringComparison.Ordinal)))
        {
            var root = Load(r.Href);
            if (root is null || root.Name != QtiXml.N("qti-assessment-item")) { WrongRoot(r, root, diagnostics); continue; }
            var reader = new ItemReader(r.Href, root, diagnostics);
            string? stimulusId = null;
            if (reader.StimulusHref is { } sh)
            {
                var sp = SafeInput.Resolve(r.Href, sh);
                if (sp is not null && !stimulusIdOfPath.ContainsKey(sp) && Load(sp) is { } sroot && sroot.Name == QtiXml.N("qti-assessment-stimulus"))
                    ImportStimulus(new Resource("imsqti_stimulus", sp, new ResourceMeta()), sroot, UniqueId(QtiXml.ItemIdFromIdentifier(sroot.Attribute("identifier")?.Value ?? ""), sp, "stimulus"), output, itemResults, parser, diagnostics, stimulusIdOfPath);
                if (sp is not null && stimulusIdOfPath.TryGetValue(sp, out var sid)) stimulusId = sid;
                else diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMissingReference, Severity.Warning, r.Href, 0, 0, $"stimulus '{SafeInput.Shorten(sh)}' is not in the package; the reference is left out"));
            }
            var wanted = r.Meta.Id ?? QtiXml.ItemIdFromIdentifier(root.Attribute("identifier")?.Value ?? "");
            var id = UniqueId(wanted, r.Href, "item");
            var item = reader.Read(id, r.Meta, stimulusId);
            if (item is null) continue;
            var mdPath = $"items/{id}.md";
            var md = MarkdownItemWriter.Write(item);
            var parsed = parser.ParseText(mdPath, md);
            if (!parsed.Success)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiRoundTripFailed, Severity.Error, r.Href, 0, 0,
                    $"the Markdown written for this item does not parse back: {string.Join("; ", parsed.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Code + " " + d.Message))}"));
                continue;
            }
            itemIdOfPath[r.Href] = id;
            output[mdPath] = Encoding.UTF8.GetBytes(md);
            itemResults.Add(parsed);
            CopyMedia(root, r.Href, files, output, diagnostics);
        }

        var formResults = new List<FormParseResult>();
        foreach (var r in resources.Where(r => r.Type.Contains("test", StringComparison.Ordinal)))
        {
            var root = Load(r.Href);
            if (root is null || root.Name != QtiXml.N("qti-assessment-test")) { WrongRoot(r, root, diagnostics); continue; }
            var form = TestReader.Read(r.Href, root, r.Meta, itemIdOfPath, Load, diagnostics);
            if (form is null) continue;
            var id = SanitizeId(form.Id, "form", formResults.Count + 1);
            form = form with { Id = id };
            var yaml = MarkdownItemWriter.Write(form);
            var path = $"forms/{id}.yaml";
            var parsed = FormParser.ParseText(path, yaml);
            if (!parsed.Success)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiRoundTripFailed, Severity.Error, r.Href, 0, 0,
                    $"the YAML written for this test does not parse back: {string.Join("; ", parsed.Diagnostics.Where(d => d.Severity == Severity.Error).Select(d => d.Code + " " + d.Message))}"));
                continue;
            }
            output[path] = Encoding.UTF8.GetBytes(yaml);
            formResults.Add(parsed);
        }

        var bank = ItemBankLoader.Assemble(itemResults, formResults);
        // Parser warnings on the written files are expected to be none; keep them if any.
        diagnostics.AddRange(bank.Diagnostics);
        return new QtiImportResult(bank.Items, bank.Stimuli, bank.Forms, output.ToImmutableDictionary(StringComparer.Ordinal), [.. diagnostics]);
    }

    private static void ImportStimulus(Resource r, XElement root, string id, Dictionary<string, byte[]> output, List<ItemParseResult> results, ItemParser parser, List<Diagnostic> diagnostics, Dictionary<string, string> idOfPath)
    {
        var body = root.Element(QtiXml.N("qti-stimulus-body"));
        var md = new HtmlToMarkdown { Unsupported = (el, what) => diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, r.Href, 0, 0, $"<{el}>: {what}")) };
        var content = body is null ? "" : md.Blocks(body.Nodes());
        if (content.Trim().Length == 0) content = "（本文なし）";
        var vertical = body is not null && (body.Attribute("class")?.Value ?? "").Contains("qti-writing-mode-vertical-rl", StringComparison.Ordinal);
        var title = r.Meta.Title ?? root.Attribute("title")?.Value;
        var stimulus = new Stimulus
        {
            Id = id, Title = title is { Length: > 0 } && title != id ? title : null, Content = content,
            Writing = vertical ? WritingMode.Vertical : WritingMode.Horizontal, Subject = r.Meta.Subject, Grade = r.Meta.Grade,
        };
        var path = $"items/{id}.md";
        var text = MarkdownItemWriter.Write(stimulus);
        var parsed = parser.ParseText(path, text);
        if (!parsed.Success)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiRoundTripFailed, Severity.Error, r.Href, 0, 0, "the Markdown written for this stimulus does not parse back"));
            return;
        }
        idOfPath[r.Href] = id;
        output[path] = Encoding.UTF8.GetBytes(text);
        results.Add(parsed);
    }

    private static void CopyMedia(XElement root, string itemPath, Dictionary<string, byte[]> files, Dictionary<string, byte[]> output, List<Diagnostic> diagnostics)
    {
        foreach (var img in root.Descendants().Where(e => e.Name.LocalName is "img" or "object" or "source" or "audio" or "video"))
        {
            var src = img.Attribute("src")?.Value ?? img.Attribute("data")?.Value;
            if (src is null || src.Contains(':', StringComparison.Ordinal)) continue;
            if (img.Name.LocalName is "object" or "audio" or "video" or "source")
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsupportedContent, Severity.Warning, itemPath, Line(img), Col(img), $"<{img.Name.LocalName}> media is not supported in items; '{src}' is left out"));
            var packagePath = SafeInput.Resolve(itemPath, src);
            var relative = SafeInput.NormalizePath(src.Split('?', '#')[0]);
            if (packagePath is null || relative is null || src.Contains("..", StringComparison.Ordinal))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Warning, itemPath, Line(img), Col(img), $"media '{SafeInput.Shorten(src)}' is outside the item's folder; it is not copied"));
                continue;
            }
            if (!files.TryGetValue(packagePath, out var bytes))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMissingReference, Severity.Warning, itemPath, Line(img), Col(img), $"media '{SafeInput.Shorten(src)}' is not in the package"));
                continue;
            }
            output["items/" + relative] = bytes;
        }
    }

    private static void WrongRoot(Resource r, XElement? root, List<Diagnostic> diagnostics)
    {
        if (root is null) return; // already reported by the XML loader
        diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, r.Href, 0, 0, $"resource of type '{r.Type}' holds <{root.Name.LocalName}>; it is ignored"));
    }

    internal static int Line(XObject o) => (o as System.Xml.IXmlLineInfo)?.LineNumber ?? 0;
    internal static int Col(XObject o) => (o as System.Xml.IXmlLineInfo)?.LinePosition ?? 0;

    internal static string SanitizeId(string wanted, string prefix, int n)
    {
        var sb = new StringBuilder();
        foreach (var c in wanted.Trim())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var s = sb.ToString().Trim('-', '.', '_');
        if (s.Length > 128) s = s[..128];
        return s.Length == 0 ? prefix + "-" + n.ToString(CultureInfo.InvariantCulture) : s;
    }

    /// <summary>Reads LOM (any namespace prefix) under a manifest resource.</summary>
    private static ResourceMeta ReadLom(XElement resource)
    {
        var lom = resource.Descendants().FirstOrDefault(e => e.Name.LocalName == "lom");
        if (lom is null) return new ResourceMeta();
        string? Text(XElement? e) => e is null ? null : (e.Descendants().FirstOrDefault(d => d.Name.LocalName == "string")?.Value ?? e.Value).Trim();
        var general = lom.Elements().FirstOrDefault(e => e.Name.LocalName == "general");
        var fields = new Dictionary<string, (string? Id, string? Entry)>(StringComparer.Ordinal);
        foreach (var tp in lom.Descendants().Where(e => e.Name.LocalName == "taxonPath"))
        {
            var source = Text(tp.Elements().FirstOrDefault(e => e.Name.LocalName == "source"));
            var taxon = tp.Elements().FirstOrDefault(e => e.Name.LocalName == "taxon");
            if (source is null || taxon is null || !source.StartsWith(Export.Lom.Catalog + ":", StringComparison.Ordinal)) continue;
            fields.TryAdd(source[(Export.Lom.Catalog.Length + 1)..], (taxon.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim(), Text(taxon.Elements().FirstOrDefault(e => e.Name.LocalName == "entry"))));
        }
        var idEntry = general?.Elements().FirstOrDefault(e => e.Name.LocalName == "identifier");
        var catalog = idEntry?.Elements().FirstOrDefault(e => e.Name.LocalName == "catalog")?.Value.Trim();
        int? grade = fields.TryGetValue("grade", out var g) && int.TryParse(g.Id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var gi) && gi is >= 1 and <= 12 ? gi : null;
        return new ResourceMeta
        {
            Id = catalog == Export.Lom.Catalog ? idEntry?.Elements().FirstOrDefault(e => e.Name.LocalName == "entry")?.Value.Trim() : null,
            Title = Text(general?.Elements().FirstOrDefault(e => e.Name.LocalName == "title")),
            Tags = [.. general?.Elements().Where(e => e.Name.LocalName == "keyword").Select(Text).OfType<string>() ?? []],
            Subject = fields.GetValueOrDefault("subject").Entry,
            Grade = grade,
            Domain = fields.GetValueOrDefault("domain").Entry,
            Viewpoint = fields.GetValueOrDefault("viewpoint").Id ?? fields.GetValueOrDefault("viewpoint").Entry,
            Format = fields.GetValueOrDefault("format").Id ?? fields.GetValueOrDefault("format").Entry,
            Curriculum = fields.GetValueOrDefault("curriculum").Entry,
            Kind = fields.GetValueOrDefault("kind").Id,
            Version = Text(lom.Elements().FirstOrDefault(e => e.Name.LocalName == "lifeCycle")?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")),
        };
    }
}
