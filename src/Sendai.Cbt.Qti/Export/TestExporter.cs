using System.Globalization;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti.Export;

/// <summary>Builds a <c>qti-assessment-test</c> from a form (3.0 names).</summary>
internal static class TestExporter
{
    private static XName N(string n) => QtiXml.V3 + n;

    public const string ShuffleWrapperId = "cbt-sections";

    public static XElement Build(TestForm form, ItemBank bank, List<Diagnostic> diagnostics)
    {
        var test = new XElement(N("qti-assessment-test"),
            new XAttribute(XNamespace.Xmlns + "xsi", QtiXml.Xsi),
            new XAttribute(QtiXml.Xsi + "schemaLocation", $"{QtiXml.V3.NamespaceName} {QtiXml.V3Schema}"),
            new XAttribute("identifier", QtiXml.ItemIdentifier(form.Id)),
            new XAttribute("title", form.Title),
            new XAttribute("tool-name", "Sendai.Cbt"),
            new XAttribute("tool-version", form.Version),
            new XAttribute(XNamespace.Xml + "lang", "ja"));
        test.Add(Outcome("SCORE"), Outcome("MAXSCORE"));
        if (form.TimeLimit is TimeSpan t)
            test.Add(new XElement(N("qti-time-limits"), new XAttribute("max-time", ((decimal)t.TotalSeconds).ToString(CultureInfo.InvariantCulture)), new XAttribute("allow-late-submission", "false")));
        var part = new XElement(N("qti-test-part"), new XAttribute("identifier", "P1"),
            new XAttribute("navigation-mode", form.Kind == FormKind.Practice ? "linear" : "nonlinear"), new XAttribute("submission-mode", form.Kind == FormKind.Practice ? "individual" : "simultaneous"));
        var sections = form.Sections.Select(s => Section(s, bank, form, diagnostics)).ToList();
        if (form.ShuffleSections)
        {
            part.Add(new XElement(N("qti-assessment-section"), new XAttribute("identifier", ShuffleWrapperId), new XAttribute("title", form.Title), new XAttribute("visible", "false"),
                new XElement(N("qti-ordering"), new XAttribute("shuffle", "true")), sections));
        }
        else part.Add(sections);
        test.Add(part);
        test.Add(new XElement(N("qti-outcome-processing"),
            new XElement(N("qti-set-outcome-value"), new XAttribute("identifier", "SCORE"),
                new XElement(N("qti-sum"), new XElement(N("qti-test-variables"), new XAttribute("variable-identifier", "SCORE"), new XAttribute("weight-identifier", "W")))),
            new XElement(N("qti-set-outcome-value"), new XAttribute("identifier", "MAXSCORE"),
                new XElement(N("qti-sum"), new XElement(N("qti-test-variables"), new XAttribute("variable-identifier", "MAXSCORE"), new XAttribute("weight-identifier", "W"))))));
        return test;
    }

    private static XElement Outcome(string id) =>
        new(N("qti-outcome-declaration"), new XAttribute("identifier", id), new XAttribute("cardinality", "single"), new XAttribute("base-type", "float"),
            new XElement(N("qti-default-value"), new XElement(N("qti-value"), "0")));

    private static XElement Section(FormSection s, ItemBank bank, TestForm form, List<Diagnostic> diagnostics)
    {
        var el = new XElement(N("qti-assessment-section"), new XAttribute("identifier", QtiXml.ItemIdentifier(s.Id)), new XAttribute("title", s.Title ?? s.Id), new XAttribute("visible", "true"));
        if (s.ShuffleItems) el.Add(new XElement(N("qti-ordering"), new XAttribute("shuffle", "true")));
        if (s.Instructions is not null)
        {
            var xhtml = new XhtmlWriter(form.Source.File ?? form.Id, diagnostics);
            el.Add(new XElement(N("qti-rubric-block"), new XAttribute("use", "instructions"), new XAttribute("view", "candidate"), new XAttribute("class", "cbt-instructions"),
                new XElement(N("qti-content-body"), xhtml.Blocks(s.Instructions))));
        }
        foreach (var r in s.Items)
        {
            if (bank.FindItem(r.ItemId) is null)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMissingReference, Severity.Error, r.Source.File ?? form.Id, r.Source.Line, r.Source.Column, $"item '{r.ItemId}' is not in the bank; the reference is left out"));
                continue;
            }
            var refEl = new XElement(N("qti-assessment-item-ref"), new XAttribute("identifier", QtiXml.ItemIdentifier(r.ItemId)), new XAttribute("href", $"../items/{r.ItemId}.xml"));
            refEl.Add(new XElement(N("qti-weight"), new XAttribute("identifier", "W"), new XAttribute("value", QtiXml.Invariant(r.Weight))));
            el.Add(refEl);
        }
        return el;
    }
}
