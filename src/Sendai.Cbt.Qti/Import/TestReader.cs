using System.Collections.Immutable;
using System.Globalization;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Qti.Export;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti.Import;

/// <summary>Reads a <c>qti-assessment-test</c> (3.0 names) into a test form.</summary>
internal static class TestReader
{
    private static XName N(string n) => QtiXml.V3 + n;

    public static TestForm? Read(string file, XElement root, ResourceMeta meta, Dictionary<string, string> itemIdOfPath, Func<string, XElement?> load, List<Diagnostic> diagnostics)
    {
        void Report(Severity s, string code, string message, XObject? at = null) =>
            diagnostics.Add(new Diagnostic(code, s, file, at is null ? 0 : QtiImporter.Line(at), at is null ? 0 : QtiImporter.Col(at), message));
        var md = new HtmlToMarkdown { Unsupported = (el, what) => Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, $"<{el}>: {what}") };
        var parts = root.Elements(N("qti-test-part")).ToList();
        if (parts.Count == 0) { Report(Severity.Error, DiagnosticCodes.QtiMissingReference, "the test has no qti-test-part; it is skipped", root); return null; }
        if (parts.Count > 1) Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, $"the test has {parts.Count} test parts; their sections are joined into one form", root);
        TimeSpan? time = null;
        var limits = root.Element(N("qti-time-limits")) ?? parts[0].Element(N("qti-time-limits"));
        if (limits?.Attribute("max-time")?.Value is { } mt && double.TryParse(mt, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs) && secs > 0) time = TimeSpan.FromSeconds(secs);
        bool shuffleSections = false;
        var sections = ImmutableArray.CreateBuilder<FormSection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            var top = part.Elements(N("qti-assessment-section")).ToList();
            if (top.Count == 1 && top[0].Attribute("identifier")?.Value == TestExporter.ShuffleWrapperId)
            {
                shuffleSections = top[0].Element(N("qti-ordering"))?.Attribute("shuffle")?.Value == "true";
                top = top[0].Elements(N("qti-assessment-section")).ToList();
            }
            if (part.Elements(N("qti-assessment-item-ref")).Any())
                Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, "item references directly under a test part are put in a section of their own", part);
            foreach (var s in top) AddSection(s, null);
            var loose = part.Elements(N("qti-assessment-item-ref")).ToList();
            if (loose.Count > 0) AddRefs("s" + (sections.Count + 1).ToString(CultureInfo.InvariantCulture), null, null, false, loose);
        }

        void AddSection(XElement s, string? parentTitle)
        {
            foreach (var x in s.Elements().Where(e => e.Name.LocalName is "qti-selection" or "qti-pre-condition" or "qti-branch-rule"))
                Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, $"<{x.Name.LocalName}> in a section is not supported; it is left out (all items are used)", x);
            var nested = s.Elements(N("qti-assessment-section")).ToList();
            var id = QtiImporter.SanitizeId(QtiXml.ItemIdFromIdentifier(s.Attribute("identifier")?.Value ?? ""), "s", sections.Count + 1);
            var title = s.Attribute("title")?.Value;
            if (title == s.Attribute("identifier")?.Value || string.IsNullOrWhiteSpace(title)) title = null; // QTI requires a title; we write the id when there is none
            var instructions = s.Elements(N("qti-rubric-block")).Select(rb => md.Blocks(rb.Element(N("qti-content-body"))?.Nodes() ?? rb.Nodes())).Where(t => t.Length > 0).ToList();
            bool shuffle = s.Element(N("qti-ordering"))?.Attribute("shuffle")?.Value == "true";
            var refs = s.Elements(N("qti-assessment-item-ref")).ToList();
            if (refs.Count > 0) AddRefs(id, title ?? parentTitle, instructions.Count > 0 ? string.Join("\n\n", instructions) : null, shuffle, refs);
            if (nested.Count > 0)
            {
                Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, $"nested sections in '{id}' are flattened", s);
                foreach (var n in nested) AddSection(n, title);
            }
        }

        void AddRefs(string id, string? title, string? instructions, bool shuffle, List<XElement> refs)
        {
            var items = ImmutableArray.CreateBuilder<FormItemRef>();
            foreach (var r in refs)
            {
                var href = r.Attribute("href")?.Value;
                var path = href is null ? null : SafeInput.Resolve(file, href);
                if (path is null || !itemIdOfPath.TryGetValue(path, out var itemId))
                {
                    Report(Severity.Warning, DiagnosticCodes.QtiMissingReference, $"item reference '{r.Attribute("identifier")?.Value}' ({href}) was not imported; it is left out of the form", r);
                    continue;
                }
                if (!seen.Add(itemId)) { Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, $"item '{itemId}' appears twice; the second reference is left out", r); continue; }
                var weights = r.Elements(N("qti-weight")).ToList();
                decimal weight = 1m;
                if (weights.Count > 0 && decimal.TryParse(weights[0].Attribute("value")?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w >= 0) weight = w;
                if (weights.Count > 1) Report(Severity.Warning, DiagnosticCodes.QtiUnsupportedContent, "only the first qti-weight of an item reference is used", r);
                items.Add(new FormItemRef(itemId, weight, default));
            }
            if (items.Count == 0) return;
            var unique = id;
            for (int n = 2; sections.Any(x => x.Id == unique); n++) unique = id + "-" + n.ToString(CultureInfo.InvariantCulture);
            sections.Add(new FormSection { Id = unique, Title = title, Instructions = instructions, ShuffleItems = shuffle, Items = items.ToImmutable() });
        }

        if (sections.Count == 0) { Report(Severity.Warning, DiagnosticCodes.QtiMissingReference, "the test has no imported items; it is skipped", root); return null; }
        var kind = meta.Kind switch { "practice" => FormKind.Practice, "survey" => FormKind.Survey, _ => FormKind.Test };
        _ = load;
        return new TestForm
        {
            Id = meta.Id ?? QtiXml.ItemIdFromIdentifier(root.Attribute("identifier")?.Value ?? "form"),
            Version = meta.Version ?? root.Attribute("tool-version")?.Value ?? "1",
            Title = meta.Title ?? root.Attribute("title")?.Value ?? "QTI test",
            Kind = kind,
            Subject = meta.Subject,
            Grade = meta.Grade,
            TimeLimit = time,
            ShuffleSections = shuffleSections,
            Sections = sections.ToImmutable(),
        };
    }
}
