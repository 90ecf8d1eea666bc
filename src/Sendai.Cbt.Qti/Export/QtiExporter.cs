using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Qti.Export;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti;

/// <summary>
/// Exports an item bank (items, shared stimuli, forms) as an IMS content package holding QTI 3.0 (or 2.2)
/// documents: one <c>qti-assessment-item</c> per item, one <c>qti-assessment-test</c> per form, one
/// <c>qti-assessment-stimulus</c> per shared stimulus, media files and <c>imsmanifest.xml</c> with LOM metadata.
/// Stateless and thread-safe. See docs/qti.md for the mapping.
/// </summary>
public static class QtiExporter
{
    /// <summary>Writes the package as a zip archive to <paramref name="output"/>.</summary>
    /// <param name="bank">The bank to export (items with errors are not in a bank, so everything exported is valid).</param>
    /// <param name="output">A writable stream; it is left open.</param>
    /// <param name="options">Options, or null for QTI 3.0 with every form.</param>
    public static QtiExportResult ExportPackage(ItemBank bank, Stream output, QtiExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(output);
        var files = BuildPackage(bank, options ?? new QtiExportOptions(), out var result);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (path, bytes) in files)
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
            entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero); // deterministic packages
            using var s = entry.Open();
            s.Write(bytes);
        }
        return result;
    }

    /// <summary>Writes the package as loose files under <paramref name="directory"/>.</summary>
    /// <param name="bank">The bank to export.</param>
    /// <param name="directory">The folder to write (created when missing).</param>
    /// <param name="options">Options, or null for QTI 3.0 with every form.</param>
    public static QtiExportResult ExportDirectory(ItemBank bank, string directory, QtiExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(directory);
        var files = BuildPackage(bank, options ?? new QtiExportOptions(), out var result);
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(directory, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
        return result;
    }

    /// <summary>Builds the <c>qti-assessment-item</c> document of one item (without packaging).</summary>
    /// <param name="item">The item.</param>
    /// <param name="version">The QTI flavour.</param>
    /// <param name="diagnostics">Receives everything approximated.</param>
    public static XDocument ExportItem(Item item, QtiVersion version, out ImmutableArray<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(item);
        var list = new List<Diagnostic>();
        var el = new ItemExporter(item, version, list).Build(null, null);
        diagnostics = [.. list];
        return new XDocument(new XDeclaration("1.0", "utf-8", null), Flavour(el, version));
    }

    internal static XElement Flavour(XElement v3, QtiVersion version)
    {
        if (version == QtiVersion.V3p0) return v3;
        var v2 = QtiXml.ToV22(v3);
        v2.SetAttributeValue(XNamespace.Xmlns + "xsi", QtiXml.Xsi.NamespaceName);
        v2.SetAttributeValue(XNamespace.Xmlns + "m", QtiXml.MathMl.NamespaceName);
        v2.SetAttributeValue(QtiXml.Xsi + "schemaLocation", $"{QtiXml.V22.NamespaceName} {QtiXml.V22Schema}");
        return v2;
    }

    internal static byte[] Serialize(XElement root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Entitize };
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, settings)) new XDocument(root).Save(w);
        return ms.ToArray();
    }

    private sealed record Entry(string Path, byte[] Bytes);

    internal static List<(string Path, byte[] Bytes)> BuildPackage(ItemBank bank, QtiExportOptions options, out QtiExportResult result)
    {
        var v = options.Version;
        var diagnostics = new List<Diagnostic>();
        var files = new List<(string Path, byte[] Bytes)>();
        var forms = options.FormIds is { } ids
            ? ids.Select(id => bank.FindForm(id) ?? throw new ArgumentException($"form '{id}' is not in the bank", nameof(options))).ToList()
            : [.. bank.Forms];
        var items = options.FormIds is null
            ? [.. bank.Items]
            : forms.SelectMany(f => f.AllItems).Select(r => bank.FindItem(r.ItemId)).OfType<Item>().Distinct().ToList();
        var stimuli = items.Select(i => i.StimulusId).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(bank.FindStimulus).OfType<Stimulus>().ToList();
        if (options.FormIds is null) stimuli = [.. bank.Stimuli];

        string itemType = v == QtiVersion.V3p0 ? "imsqti_item_xmlv3p0" : "imsqti_item_xmlv2p2";
        string testType = v == QtiVersion.V3p0 ? "imsqti_test_xmlv3p0" : "imsqti_test_xmlv2p2";
        string stimType = v == QtiVersion.V3p0 ? "imsqti_stimulus_xmlv3p0" : "imsqti_stimulus_xmlv2p2";
        XNamespace cp = v == QtiVersion.V3p0 ? QtiXml.CpV3 : QtiXml.CpV1p2;
        var resources = new XElement(cp + "resources");
        var mediaOwners = new Dictionary<string, string>(StringComparer.Ordinal); // package path → source file

        foreach (var s in stimuli)
        {
            var path = $"stimuli/{s.Id}.xml";
            var el = StimulusElement(s, diagnostics);
            files.Add((path, Serialize(Flavour(el, v))));
            resources.Add(new XElement(cp + "resource", new XAttribute("identifier", "S_" + s.Id), new XAttribute("type", stimType), new XAttribute("href", path),
                new XElement(cp + "metadata", Lom.ForStimulus(s)),
                new XElement(cp + "file", new XAttribute("href", path))));
        }

        foreach (var item in items)
        {
            var path = $"items/{item.Id}.xml";
            var stim = item.StimulusId is null ? null : bank.FindStimulus(item.StimulusId);
            var exporter = new ItemExporter(item, v, diagnostics);
            var el = exporter.Build(stim is null ? null : $"../stimuli/{stim.Id}.xml", stim?.Title);
            var resource = new XElement(cp + "resource", new XAttribute("identifier", "I_" + item.Id), new XAttribute("type", itemType), new XAttribute("href", path),
                new XElement(cp + "metadata", Lom.ForItem(item)),
                new XElement(cp + "file", new XAttribute("href", path)));
            if (options.CopyMedia)
            {
                foreach (var media in exporter.Media)
                {
                    var packagePath = CopyMedia(item, media, options, files, mediaOwners, diagnostics);
                    if (packagePath is not null) resource.Add(new XElement(cp + "file", new XAttribute("href", packagePath)));
                }
            }
            if (stim is not null) resource.Add(new XElement(cp + "dependency", new XAttribute("identifierref", "S_" + stim.Id)));
            files.Add((path, Serialize(Flavour(el, v))));
            resources.Add(resource);
        }

        foreach (var form in forms)
        {
            var path = $"tests/{form.Id}.xml";
            var el = TestExporter.Build(form, bank, diagnostics);
            files.Add((path, Serialize(Flavour(el, v))));
            var resource = new XElement(cp + "resource", new XAttribute("identifier", "T_" + form.Id), new XAttribute("type", testType), new XAttribute("href", path),
                new XElement(cp + "metadata", Lom.ForForm(form)),
                new XElement(cp + "file", new XAttribute("href", path)));
            foreach (var r in form.AllItems.Where(r => bank.FindItem(r.ItemId) is not null))
                resource.Add(new XElement(cp + "dependency", new XAttribute("identifierref", "I_" + r.ItemId)));
            resources.Add(resource);
        }

        var manifest = new XElement(cp + "manifest",
            new XAttribute("identifier", "MANIFEST-sendai-cbt"),
            new XAttribute(XNamespace.Xmlns + "lom", QtiXml.Lom),
            new XAttribute(XNamespace.Xmlns + "xsi", QtiXml.Xsi),
            new XElement(cp + "metadata",
                new XElement(cp + "schema", "QTI Package"),
                new XElement(cp + "schemaversion", v == QtiVersion.V3p0 ? "3.0.0" : "2.2.0")),
            new XElement(cp + "organizations"),
            resources);
        files.Insert(0, ("imsmanifest.xml", Serialize(manifest)));
        result = new QtiExportResult(items.Count, forms.Count, [.. files.Select(f => f.Path)], [.. diagnostics]);
        return files;
    }

    private static string? CopyMedia(Item item, string url, QtiExportOptions options, List<(string, byte[])> files, Dictionary<string, string> owners, List<Diagnostic> diagnostics)
    {
        var rel = Uri.UnescapeDataString(url.Split('?', '#')[0]).Replace('\\', '/');
        var dir = Path.GetDirectoryName(item.Source.File ?? "") ?? "";
        var source = Path.GetFullPath(Path.Combine(dir, rel));
        var file = item.Source.File ?? item.Id;
        if (!File.Exists(source))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMissingReference, Severity.Warning, file, 0, 0, $"image '{url}' was not found next to the item; it is not in the package"));
            return null;
        }
        var info = new FileInfo(source);
        if (info.Length > options.MaxMediaBytes)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Warning, file, 0, 0, $"image '{url}' is larger than {options.MaxMediaBytes} bytes; it is not in the package"));
            return null;
        }
        var segments = rel.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s is ".." or ".")) 
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Warning, file, 0, 0, $"image '{url}' points outside the item's folder; it is not in the package"));
            return null;
        }
        var packagePath = "items/" + string.Join('/', segments);
        if (owners.TryGetValue(packagePath, out var owner))
        {
            if (owner != source)
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Warning, file, 0, 0, $"image '{url}' has the same package path as an image of another item; the first one is kept"));
            return packagePath;
        }
        owners[packagePath] = source;
        files.Add((packagePath, File.ReadAllBytes(source)));
        return packagePath;
    }

    private static XElement StimulusElement(Stimulus s, List<Diagnostic> diagnostics)
    {
        var xhtml = new XhtmlWriter(s.Source.File ?? s.Id, diagnostics);
        var body = new XElement(QtiXml.N("qti-stimulus-body"), xhtml.Blocks(s.Content));
        if (s.Writing == WritingMode.Vertical) body.SetAttributeValue("class", "qti-writing-mode-vertical-rl");
        return new XElement(QtiXml.N("qti-assessment-stimulus"),
            new XAttribute(XNamespace.Xmlns + "m", QtiXml.MathMl),
            new XAttribute("identifier", QtiXml.ItemIdentifier(s.Id)),
            new XAttribute("title", s.Title ?? s.Id),
            new XAttribute(XNamespace.Xml + "lang", "ja"),
            body);
    }
}
