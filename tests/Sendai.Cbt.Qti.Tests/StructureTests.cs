using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Tests;
using Xunit;

namespace Sendai.Cbt.Qti.Tests;

public partial class StructureTests
{
    private static readonly XNamespace V3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
    private static readonly XNamespace V22 = "http://www.imsglobal.org/xsd/imsqti_v2p2";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$")]
    private static partial Regex Identifier();

    public static IEnumerable<object[]> Banks() => new[] { RoundTripTests.SampleBank, RepoPaths.Content }.Where(Directory.Exists).Select(b => new object[] { b });

    private static Dictionary<string, byte[]> Package(string bankDir, QtiVersion v)
    {
        var bank = ItemBankLoader.Load(bankDir);
        using var ms = new MemoryStream();
        QtiExporter.ExportPackage(bank, ms, new QtiExportOptions { Version = v });
        ms.Position = 0;
        using var zip = new ZipArchive(ms);
        return zip.Entries.ToDictionary(e => e.FullName, e => { using var s = e.Open(); using var m = new MemoryStream(); s.CopyTo(m); return m.ToArray(); });
    }

    [Theory]
    [MemberData(nameof(Banks))]
    public void Exported_items_are_well_formed_and_pass_structural_checks(string bankDir)
    {
        var files = Package(bankDir, QtiVersion.V3p0);
        Assert.Contains("imsmanifest.xml", files.Keys);
        var manifest = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["imsmanifest.xml"]));
        var hrefs = manifest.Descendants().Where(e => e.Name.LocalName == "resource").Select(r => r.Attribute("href")!.Value).ToList();
        Assert.All(hrefs, h => Assert.Contains(h, files.Keys));
        Assert.Contains(manifest.Descendants().Where(e => e.Name.LocalName == "resource"), r => r.Attribute("type")!.Value == "imsqti_item_xmlv3p0");
        foreach (var (path, bytes) in files.Where(f => f.Key.StartsWith("items/", StringComparison.Ordinal) && f.Key.EndsWith(".xml", StringComparison.Ordinal)))
        {
            var doc = XDocument.Load(XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit }));
            var root = doc.Root!;
            Assert.Equal(V3 + "qti-assessment-item", root.Name);
            Assert.Matches(Identifier(), root.Attribute("identifier")!.Value);
            var decls = root.Elements(V3 + "qti-response-declaration").ToDictionary(d => d.Attribute("identifier")!.Value);
            var interactions = root.Descendants().Where(e => e.Name.Namespace == V3 && e.Name.LocalName.EndsWith("-interaction", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(interactions);
            foreach (var i in interactions)
            {
                var rid = i.Attribute("response-identifier")!.Value;
                Assert.True(decls.ContainsKey(rid), $"{path}: {rid} has no declaration");
                var choiceIds = i.Descendants().Where(c => c.Name.LocalName is "qti-simple-choice" or "qti-inline-choice" or "qti-simple-associable-choice")
                    .Select(c => c.Attribute("identifier")!.Value).ToList();
                Assert.All(choiceIds, id => Assert.Matches(Identifier(), id));
                Assert.Equal(choiceIds.Count, choiceIds.Distinct().Count());
                var correct = decls[rid].Element(V3 + "qti-correct-response")?.Elements(V3 + "qti-value").Select(v => v.Value).ToList() ?? [];
                if (decls[rid].Attribute("base-type")!.Value == "identifier") Assert.All(correct, c => Assert.Contains(c, choiceIds));
                if (decls[rid].Attribute("base-type")!.Value == "directedPair")
                    Assert.All(correct.SelectMany(c => c.Split(' ')), c => Assert.Contains(c, choiceIds));
            }
            Assert.All(root.Descendants().Where(e => e.Attribute("identifier") is not null && e.Name.Namespace == V3), e => Assert.Matches(Identifier(), e.Attribute("identifier")!.Value));
            Assert.Contains(root.Elements(V3 + "qti-outcome-declaration"), o => o.Attribute("identifier")!.Value == "SCORE");
            Assert.Contains(root.Elements(V3 + "qti-outcome-declaration"), o => o.Attribute("identifier")!.Value == "MAXSCORE");
            // Response processing refers only to declared variables.
            foreach (var v in root.Descendants(V3 + "qti-variable").Concat(root.Descendants(V3 + "qti-correct")).Concat(root.Descendants(V3 + "qti-map-response")))
            {
                var id = v.Attribute("identifier")!.Value;
                Assert.True(decls.ContainsKey(id) || root.Elements(V3 + "qti-outcome-declaration").Any(o => o.Attribute("identifier")!.Value == id), $"{path}: {id}");
            }
        }
        foreach (var (path, bytes) in files.Where(f => f.Key.StartsWith("tests/", StringComparison.Ordinal)))
        {
            var root = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;
            Assert.Equal(V3 + "qti-assessment-test", root.Name);
            foreach (var r in root.Descendants(V3 + "qti-assessment-item-ref"))
                Assert.Contains("items/" + Path.GetFileName(r.Attribute("href")!.Value), files.Keys);
        }
    }

    [Fact]
    public void Qti22_flavour_uses_camel_case_names_and_tao_vertical_class()
    {
        var files = Package(RoundTripTests.SampleBank, QtiVersion.V2p2);
        var text = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["items/jpn-g3-capital.xml"])).Root!;
        Assert.Equal(V22 + "assessmentItem", text.Name);
        Assert.NotNull(text.Descendants(V22 + "textEntryInteraction").Single().Attribute("responseIdentifier"));
        Assert.Equal("writing-mode-vertical-rl", text.Element(V22 + "itemBody")!.Attribute("class")!.Value);
        Assert.DoesNotContain(text.Descendants(), e => e.Name.LocalName.StartsWith("qti-", StringComparison.Ordinal));
        var rp = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["items/soc-g4-capitals.xml"])).Root!.Element(V22 + "responseProcessing")!;
        Assert.Equal("http://www.imsglobal.org/question/qti_v2p2/rptemplates/map_response", rp.Attribute("template")!.Value);
        Assert.Contains("imsqti_item_xmlv2p2", System.Text.Encoding.UTF8.GetString(files["imsmanifest.xml"]));
    }

    [Fact]
    public void Ruby_vertical_writing_math_and_metadata_are_exported()
    {
        var files = Package(RoundTripTests.SampleBank, QtiVersion.V3p0);
        var text = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["items/jpn-g3-capital.xml"])).Root!;
        Assert.Equal("qti-writing-mode-vertical-rl", text.Element(V3 + "qti-item-body")!.Attribute("class")!.Value);
        var ruby = text.Descendants(V3 + "ruby").First();
        Assert.Equal("首都", ruby.Nodes().OfType<XText>().First().Value);
        Assert.Equal(["(", ")"], ruby.Elements(V3 + "rp").Select(r => r.Value));
        Assert.Equal("しゅと", ruby.Element(V3 + "rt")!.Value);
        var math = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["items/math-g5-area.xml"])).Root!;
        XNamespace m = "http://www.w3.org/1998/Math/MathML";
        Assert.Contains(math.Descendants(m + "mfrac"), f => f.Elements().Count() == 2);
        var manifest = System.Text.Encoding.UTF8.GetString(files["imsmanifest.xml"]);
        Assert.Contains("sendai-cbt:subject", manifest);
        Assert.Contains("知識・技能", manifest);
        Assert.Contains("E5-B-1", manifest);
        var essay = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["items/jpn-g6-essay.xml"])).Root!;
        Assert.Contains(essay.Descendants(V3 + "qti-rubric-block"), r => r.Attribute("view")!.Value == "scorer");
        Assert.NotNull(essay.Element(V3 + "qti-assessment-stimulus-ref"));
        Assert.Contains("stimuli/g6-passage.xml", files.Keys);
    }

    [Fact]
    public void Unconvertible_tex_and_program_items_give_diagnostics()
    {
        var bank = ItemBankLoader.Load(RoundTripTests.SampleBank);
        var doc = QtiExporter.ExportItem(bank.FindItem("math-g6-ratio")!, QtiVersion.V3p0, out var diagnostics);
        Assert.Contains(diagnostics, d => d.Code == "CBT0301");
        Assert.Contains(doc.Descendants(V3 + "span"), s => s.Attribute("class")?.Value == "cbt-math-tex");
        QtiExporter.ExportItem(bank.FindItem("prog-fizzbuzz")!, QtiVersion.V3p0, out diagnostics);
        Assert.Contains(diagnostics, d => d.Code == "CBT0302");
    }
}
