using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

/// <summary>The renderer skips Markdig for text without markup; its output must be what Markdig would produce.</summary>
public class PlainFastPathTests
{
    private static readonly Gen<string> JapaneseText =
        Gen.Elements("あ", "漢字", "カタカナ", "。", "、", "「", "」", "𠮷", "ABC", "abc", " ", "1", "？", "．", "'", "/", "%", "@", "ー", "〜", "；", "x")
           .ArrayOf().Select(parts => string.Concat(parts));

    [Property(MaxTest = 500)]
    public Property Plain_text_renders_exactly_as_markdig_would() =>
        Prop.ForAll(JapaneseText.ToArbitrary(), text =>
        {
            if (!ContentRenderer.IsPlain(text)) return true;
            var expected = Markdig.Markdown.ToHtml(text, CbtPipeline.Instance).Trim();
            var block = new ContentRenderer(RubyMode.All, KanjiGradeTable.Mext2020).Block(text);
            return block == expected;
        });
}
