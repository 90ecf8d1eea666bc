using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Tests;
using Xunit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sendai.Cbt.Markdown.Tests.Parsing;

/// <summary>The fast front-matter parser must build exactly the tree YamlDotNet builds, or decline.</summary>
public class FastYamlTests
{
    private static string Dump(YNode n) => n switch
    {
        YScalar s => $"S({s.Line}:{s.Column}{(s.Quoted ? ",q" : "")})[{s.Value}]",
        YSeq q => $"Q({q.Line}:{q.Column})[{string.Join(",", q.Items.Select(Dump))}]",
        YMap m => $"M({m.Line}:{m.Column})[{string.Join(",", m.Entries.Select(e => Dump(e.Key) + "=" + Dump(e.Value)))}]",
        _ => "?",
    };

    private static string? Reference(string yaml)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException) { return null; }
        return stream.Documents.Count == 0 ? null : Dump(Convert(stream.Documents[0].RootNode));
    }

    private static YNode Convert(YamlNode node) => node switch
    {
        YamlScalarNode s => new YScalar { Value = s.Value ?? "", Quoted = s.Style != ScalarStyle.Plain, Line = (int)s.Start.Line, Column = (int)s.Start.Column },
        YamlSequenceNode q => Fill(new YSeq { Line = (int)q.Start.Line, Column = (int)q.Start.Column }, q),
        YamlMappingNode m => Fill(new YMap { Line = (int)m.Start.Line, Column = (int)m.Start.Column }, m),
        _ => throw new InvalidOperationException(),
    };

    private static YSeq Fill(YSeq r, YamlSequenceNode q) { foreach (var c in q.Children) r.Items.Add(Convert(c)); return r; }
    private static YMap Fill(YMap r, YamlMappingNode m) { foreach (var (k, v) in m.Children) r.Entries.Add(new(Convert(k), Convert(v))); return r; }

    private static void AssertAgrees(string yaml)
    {
        var fast = FastYaml.TryParse(yaml);
        if (fast is null) return; // declined: YamlDotNet handles it
        Assert.Equal(Reference(yaml), Dump(fast));
    }

    [Fact]
    public void Every_front_matter_of_the_sample_bank_takes_the_fast_path_and_agrees()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Content, "items"), "*.md", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file).Replace("\r\n", "\n");
            int end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
            var yaml = text[4..(end + 1)];
            var fast = FastYaml.TryParse(yaml);
            Assert.True(fast is not null, file);
            Assert.Equal(Reference(yaml), Dump(fast!));
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Content, "forms")))
        {
            var yaml = File.ReadAllText(file).Replace("\r\n", "\n");
            var fast = FastYaml.TryParse(yaml);
            Assert.True(fast is not null, file);
            Assert.Equal(Reference(yaml), Dump(fast!));
        }
    }

    [Theory]
    [InlineData("a: 1\nb: [x, 'y z', \"q\\\"r\"]\n")]
    [InlineData("a: {min: 1, max: 5, labels: [わるい, よい]}\n")]
    [InlineData("tests:\n  - args: [3]\n    expected: \"Fizz\"\n  - args: [[1, 2]]\n    expected: 3\n")]
    [InlineData("a:\n- x\n- y\nb: c # comment\n")]
    [InlineData("a: x:y\nb: http://example.com/a#b\n")]
    [InlineData("a: 'it''s'\nb: \"\\u3042\"\nc:\nd: ~\n")]
    [InlineData("a: |\n  block\n")]
    [InlineData("a: [1, 2\n")]
    [InlineData("a: b: c\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("- a\n- b\n")]
    [InlineData("a:\n  b:\n    c: d\n  e: [f]\n")]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: [x, {y: z}]\n")]
    [InlineData("a: - b\n")]
    [InlineData("a:    \n  - - x\n    - y\n")]
    [InlineData("tags: [-]\n")]
    [InlineData(":a: x\n")]
    [InlineData("a: {k:}\n")]
    [InlineData("a: {k:, m: 1}\n")]
    [InlineData("title: \"\\ud800\"\n")]
    [InlineData("title: a\u2028b\nsubject: c\n")]
    [InlineData("title: a\u0085b\n")]
    public void Agrees_with_yamldotnet_or_declines(string yaml) => AssertAgrees(yaml);

    private static readonly string[] Pieces =
    [
        "a", "b", "キー", "値", " ", "  ", ":", ": ", "- ", "-", "\n", "\n  ", "\n    ", "[", "]", "{", "}", ",", ", ", "'", "\"", "''", "\\\"",
        "#", " #", "1", "2.5", "true", "null", "~", "𠮷", "|", ">", "&", "*", "!", "?", "%", "@", "`", "\\u3042", "ー", "．",
    ];

    [Property(MaxTest = 2000)]
    public Property Fast_parser_agrees_with_yamldotnet_on_generated_yaml() =>
        Prop.ForAll(Gen.Elements(Pieces).ArrayOf().Select(p => "k: " + string.Concat(p) + "\n").ToArbitrary(), yaml =>
        {
            var fast = FastYaml.TryParse(yaml);
            return fast is null || Reference(yaml) == Dump(fast);
        });

    [Property(MaxTest = 1000)]
    public Property Fast_parser_agrees_on_generated_block_structures() =>
        Prop.ForAll(Gen.Elements("k: v", "k:", "  k: v", "  - x", "- x", "  - k: v", "    k2: [a, b]", "    - y", "k: 'q'", "k2: {a: 1}", "# c", "", "k3: \"x y\"")
            .ArrayOf().Select(lines => string.Join("\n", lines) + "\n").ToArbitrary(), yaml =>
        {
            var fast = FastYaml.TryParse(yaml);
            return fast is null || Reference(yaml) == Dump(fast);
        });
}

public class YamlLimitsTests
{
    private static string Laughs(int levels)
    {
        var sb = new System.Text.StringBuilder("---\nid: laughs\ntype: text\nsubject: 国語\ngrade: 5\nanswers: [a]\nx:\n  l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < levels; i++) sb.Append($"  l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n");
        return sb.Append("---\n\n問題です。\n").ToString();
    }

    [Fact]
    public void Nested_aliases_are_an_error_not_billions_of_values()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = new ItemParser().ParseText("laughs.md", Laughs(10));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var d = Assert.Single(r.Diagnostics, d => d.Code == Sendai.Cbt.Diagnostics.DiagnosticCodes.MalformedYaml);
        Assert.Contains("aliases", d.Message, StringComparison.Ordinal);
        Assert.Null(r.Item);
        Assert.True(allocated < 500_000_000, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public void A_few_aliases_still_work()
    {
        var r = new ItemParser().ParseText("laughs.md", Laughs(3));
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == Sendai.Cbt.Diagnostics.DiagnosticCodes.MalformedYaml);
    }

    [Theory]
    [InlineData("id: f2\nversion: 1\ntitle: t\nsections:\n  - id: s1\n    items: [a]\n---\n")]
    [InlineData("id: f2\nversion: 1\ntitle: t\nsections:\n  - id: s1\n    items: [a]\n---\n# end\n")]
    [InlineData("id: f2\nversion: 1\ntitle: t\nsections: &s\n  - id: s1\n    items: [a]\n---\n")]
    public void A_form_ending_in_a_document_marker_loses_nothing_and_is_fine(string yaml)
    {
        var r = FormParser.Parse("f.yaml", System.Text.Encoding.UTF8.GetBytes(yaml));
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == Sendai.Cbt.Diagnostics.DiagnosticCodes.MalformedYaml);
    }

    [Fact]
    public void Aliases_of_a_long_value_are_an_error_not_gigabytes_of_output()
    {
        var text = "---\nid: amp\ntype: text\nsubject: 国語\ngrade: 5\nanswers: [a]\nx: &a \"" + new string('x', 100_000) + "\"\ntags: [" +
                   string.Join(", ", Enumerable.Repeat("*a", 2_000)) + "]\n---\n\n問題です。\n";
        var r = new ItemParser().ParseText("amp.md", text);
        Assert.Contains(r.Diagnostics, d => d.Code == Sendai.Cbt.Diagnostics.DiagnosticCodes.MalformedYaml && d.Message.Contains("characters", StringComparison.Ordinal));
        Assert.Null(r.Item);
    }

    [Fact]
    public void A_second_yaml_document_in_a_form_is_an_error()
    {
        var yaml = "id: f1\nversion: 1\ntitle: t\nsections:\n  - id: s1\n    items:\n      - a\n---\nsections:\n  - id: s2\n    items: [b]\n";
        var r = FormParser.Parse("f.yaml", System.Text.Encoding.UTF8.GetBytes(yaml));
        var d = Assert.Single(r.Diagnostics, d => d.Code == Sendai.Cbt.Diagnostics.DiagnosticCodes.MalformedYaml);
        Assert.Equal(9, d.Line);
    }
}
