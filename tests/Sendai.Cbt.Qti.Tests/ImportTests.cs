using System.IO.Compression;
using System.Text;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;
using Sendai.Cbt.Qti.Import;
using Xunit;

namespace Sendai.Cbt.Qti.Tests;

public class ImportTests
{
    [Theory]
    [InlineData("http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct", (int)RpTemplate.MatchCorrect)]
    [InlineData("http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct", (int)RpTemplate.MatchCorrect)]
    [InlineData("http://www.imsglobal.org/question/qti_v2p0/rptemplates/match_correct", (int)RpTemplate.MatchCorrect)]
    [InlineData("https://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct.xml", (int)RpTemplate.MatchCorrect)]
    [InlineData("https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml", (int)RpTemplate.MatchCorrect)]
    [InlineData("http://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct", (int)RpTemplate.MatchCorrect)]
    [InlineData("https://www.imsglobal.org/question/qti_v3p0/rptemplates/match_correct.xml", (int)RpTemplate.MatchCorrect)]
    [InlineData("http://www.imsglobal.org/question/qti_v3p0/rptemplates/match_correct", (int)RpTemplate.MatchCorrect)]
    [InlineData("MATCH_CORRECT", (int)RpTemplate.MatchCorrect)]
    [InlineData("match_correct", (int)RpTemplate.MatchCorrect)]
    [InlineData("http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response", (int)RpTemplate.MapResponse)]
    [InlineData("http://www.imsglobal.org/question/qti_v2p2/rptemplates/map_response.xml", (int)RpTemplate.MapResponse)]
    [InlineData("https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml", (int)RpTemplate.MapResponse)]
    [InlineData("MAP_RESPONSE", (int)RpTemplate.MapResponse)]
    [InlineData("http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response_point", (int)RpTemplate.MapResponsePoint)]
    [InlineData("MAP_RESPONSE_POINT", (int)RpTemplate.MapResponsePoint)]
    [InlineData("no_response_processing", (int)RpTemplate.NoResponseProcessing)]
    [InlineData("NONE", (int)RpTemplate.NoResponseProcessing)]
    [InlineData("", (int)RpTemplate.None)]
    [InlineData("   ", (int)RpTemplate.None)]
    [InlineData(null, (int)RpTemplate.None)]
    [InlineData("http://example.com/rptemplates/match_correct", (int)RpTemplate.Unknown)]
    [InlineData("templates/custom.xml", (int)RpTemplate.Unknown)]
    public void Template_url_spellings(string? url, int expected) => Assert.Equal((RpTemplate)expected, TemplateUrls.Classify(url));

    private const string Manifest22 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M1">
          <resources>
            <resource identifier="r1" type="imsqti_item_xmlv2p2" href="q1.xml"><file href="q1.xml"/></resource>
            <resource identifier="r2" type="imsqti_item_xmlv2p1" href="q2.xml"><file href="q2.xml"/></resource>
            <resource identifier="r3" type="imsqti_item_xmlv2p2" href="q3.xml"><file href="q3.xml"/></resource>
            <resource identifier="r4" type="imsqti_item_xmlv2p2" href="q4.xml"><file href="q4.xml"/></resource>
            <resource identifier="t1" type="imsqti_test_xmlv2p2" href="test.xml"><file href="test.xml"/></resource>
          </resources>
        </manifest>
        """;

    // Written for these tests (not copied from any third-party sample).
    private const string Choice22 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="q-1" title="Q1" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
            <correctResponse><value>choice_2</value></correctResponse>
          </responseDeclaration>
          <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
          <itemBody class="writing-mode-vertical-rl">
            <p>どれが<ruby>正<rt>ただ</rt></ruby>しいですか。</p>
            <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
              <prompt>一つ選びましょう。</prompt>
              <simpleChoice identifier="choice_1">あ</simpleChoice>
              <simpleChoice identifier="choice_2" fixed="true"><strong>い</strong></simpleChoice>
            </choiceInteraction>
          </itemBody>
          <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
        </assessmentItem>
        """;

    private const string Text21 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q2" title="q2" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="R" cardinality="single" baseType="string">
            <correctResponse><value>さくら</value></correctResponse>
            <mapping defaultValue="0"><mapEntry mapKey="さくら" mappedValue="2"/><mapEntry mapKey="サクラ" mappedValue="1"/></mapping>
          </responseDeclaration>
          <itemBody><p>春にさく花は？</p><p><textEntryInteraction responseIdentifier="R"/></p></itemBody>
          <responseProcessing template=""/>
        </assessmentItem>
        """;

    private const string Hotspot = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="q3" title="q3" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"/>
          <itemBody><hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1"/></itemBody>
        </assessmentItem>
        """;

    private const string Gaps = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="q4" title="q4" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="G1" cardinality="single" baseType="identifier"><correctResponse><value>b</value></correctResponse></responseDeclaration>
          <responseDeclaration identifier="G2" cardinality="single" baseType="string"><correctResponse><value>東</value></correctResponse></responseDeclaration>
          <itemBody><p>太陽は<inlineChoiceInteraction responseIdentifier="G1"><inlineChoice identifier="a">西</inlineChoice><inlineChoice identifier="b">東</inlineChoice></inlineChoiceInteraction>からのぼり、<textEntryInteraction responseIdentifier="G2"/>へしずむ…のではない。</p>
          <modalFeedback outcomeIdentifier="FB" identifier="x" showHide="show">よくできました</modalFeedback></itemBody>
          <responseProcessing template="https://example.org/custom"/>
        </assessmentItem>
        """;

    private const string Test22 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="T1" title="まとめ">
          <timeLimits maxTime="600"/>
          <testPart identifier="P" navigationMode="linear" submissionMode="individual">
            <assessmentSection identifier="S1" title="大問1" visible="true">
              <assessmentItemRef identifier="a" href="q1.xml"><weight identifier="W" value="2"/></assessmentItemRef>
              <assessmentItemRef identifier="b" href="q2.xml"/>
              <assessmentItemRef identifier="c" href="q3.xml"/>
            </assessmentSection>
          </testPart>
        </assessmentTest>
        """;

    private static QtiImportResult Import(Dictionary<string, string> files) =>
        QtiImporter.ImportFiles(files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetBytes(f.Value)));

    [Fact]
    public void Imports_qti2_items_from_tao_style_packages()
    {
        var r = Import(new() { ["imsmanifest.xml"] = Manifest22, ["q1.xml"] = Choice22, ["q2.xml"] = Text21, ["q3.xml"] = Hotspot, ["q4.xml"] = Gaps, ["test.xml"] = Test22 });
        var choice = Assert.IsType<ChoiceItem>(r.Items.Single(i => i.Id == "q-1"));
        Assert.Equal(WritingMode.Vertical, choice.Writing);
        Assert.True(choice.Choices[1].IsCorrect);
        Assert.True(choice.Choices[1].Fixed);
        Assert.Contains("{正|ただ}", choice.Prompt);
        Assert.Contains("一つ選びましょう。", choice.Prompt);
        var text = Assert.IsType<TextItem>(r.Items.Single(i => i.Id == "q2"));
        Assert.Equal(["さくら"], text.Answers.ToArray());
        Assert.Equal([new PartialAnswer("サクラ", 1m)], text.PartialAnswers.ToArray());
        Assert.Equal(2m, text.Metadata.Points);
        var cloze = Assert.IsType<ClozeItem>(r.Items.Single(i => i.Id == "q4"));
        Assert.Equal(2, cloze.Blanks.Length);
        Assert.IsType<ChoiceBlank>(cloze.Blanks[0]);
        // Unsupported interaction: the item is skipped with CBT0303 naming the element and file.
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0303" && d.File == "q3.xml" && d.Message.Contains("hotspot", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0304" && d.File == "q4.xml");
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0300" && d.File == "q4.xml" && d.Message.Contains("modal-feedback", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0310");
        var form = r.Forms.Single();
        Assert.Equal(TimeSpan.FromMinutes(10), form.TimeLimit);
        Assert.Equal(["q-1", "q2"], form.AllItems.Select(i => i.ItemId).ToArray());
        Assert.Equal(2m, form.AllItems.First().Weight);
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0308" && d.File == "test.xml");
        Assert.Contains("items/q-1.md", r.Files.Keys);
    }

    private static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var ms = new MemoryStream();
        using (var z = new ZipArchive(ms, ZipArchiveMode.Create, true))
            foreach (var (n, d) in entries) { using var s = z.CreateEntry(n, CompressionLevel.SmallestSize).Open(); s.Write(d); }
        return ms.ToArray();
    }

    [Fact]
    public void Zip_bomb_entry_is_refused()
    {
        var zip = Zip(("bomb.xml", new byte[5_000_000]));
        var r = QtiImporter.ImportZip(new MemoryStream(zip));
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0306");
        Assert.Empty(r.Items);
    }

    [Fact]
    public void Too_many_entries_is_refused()
    {
        var zip = Zip([.. Enumerable.Range(0, 30).Select(i => ($"f{i}.txt", new byte[] { 1 }))]);
        var r = QtiImporter.ImportZip(new MemoryStream(zip), options: new QtiImportOptions { MaxEntries = 10 });
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0306");
    }

    [Fact]
    public void Path_traversal_entries_are_ignored()
    {
        var zip = Zip(("../../evil.xml", Encoding.UTF8.GetBytes(Choice22)), ("/etc/passwd", [1]), ("ok/q.xml", Encoding.UTF8.GetBytes(Choice22)));
        var r = QtiImporter.ImportZip(new MemoryStream(zip));
        Assert.Equal(2, r.Diagnostics.Count(d => d.Code == "CBT0307"));
        Assert.Single(r.Items);
        Assert.All(r.Files.Keys, k => Assert.DoesNotContain("..", k, StringComparison.Ordinal));
    }

    [Fact]
    public void Dtd_and_external_entities_are_refused()
    {
        var xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="x"><itemBody><p>&xxe;</p></itemBody></assessmentItem>
            """;
        var bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p2" identifier="x"><itemBody><p>&lol2;</p></itemBody></assessmentItem>
            """;
        var r = Import(new() { ["a.xml"] = xxe, ["b.xml"] = bomb });
        Assert.Equal(2, r.Diagnostics.Count(d => d.Code == "CBT0305" && d.Message.Contains("DTD", StringComparison.Ordinal)));
        Assert.Empty(r.Items);
    }

    [Fact]
    public void Huge_and_deep_documents_are_refused()
    {
        var deep = "<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\">" + string.Concat(Enumerable.Repeat("<div>", 5000)) + string.Concat(Enumerable.Repeat("</div>", 5000)) + "</assessmentItem>";
        var huge = "<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\"><!--" + new string('x', 3000) + "--></assessmentItem>";
        var r = QtiImporter.ImportFiles(new Dictionary<string, byte[]> { ["deep.xml"] = Encoding.UTF8.GetBytes(deep), ["huge.xml"] = Encoding.UTF8.GetBytes(huge) },
            new QtiImportOptions { MaxXmlChars = 2000 });
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0306" && d.File == "deep.xml");
        Assert.Contains(r.Diagnostics, d => d.Code == "CBT0306" && d.File == "huge.xml");
    }

    [Fact]
    public void Garbage_never_throws()
    {
        var r = QtiImporter.ImportZip(new MemoryStream(Encoding.UTF8.GetBytes("this is not a zip")));
        Assert.Contains(r.Diagnostics, d => d.Severity == Severity.Error);
        var r2 = Import(new() { ["x.xml"] = "<unclosed", ["y.xml"] = "<assessmentItem xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p2\" identifier=\"y\"/>" });
        Assert.Contains(r2.Diagnostics, d => d.Code == "CBT0305" && d.File == "x.xml");
        Assert.Contains(r2.Diagnostics, d => d.File == "y.xml");
    }

    [Fact]
    public void Invalid_options_throw_with_every_problem()
    {
        var e = Assert.Throws<ArgumentException>(() => new QtiImportOptions { MaxEntries = 0, MaxXmlDepth = -1 }.Validate());
        Assert.Contains("MaxEntries", e.Message);
        Assert.Contains("MaxXmlDepth", e.Message);
    }
}
