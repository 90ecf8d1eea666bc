using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Sendai.Cbt.Reports.Layout.Text;
using Xunit;

namespace Sendai.Cbt.Reports.Tests;

public class LineBreakerTests
{
    // Every character is 1 wide except ASCII, which is half wide, so "width 4" means four kanji.
    internal static double Width(string cluster) => cluster.Length > 0 && cluster[0] < 0x80 ? 0.5 : 1;

    private static List<string> Break(string text, double width) => JapaneseLineBreaker.BreakString(text, width, Width);

    [Fact]
    public void Pushes_a_closing_period_out_with_its_neighbour()
        => Assert.Equal(["あいうえ", "お。"], Break("あいうえお。", 5));

    [Fact]
    public void Never_ends_a_line_with_an_opening_bracket()
        => Assert.Equal(["あいう", "「えお」"], Break("あいう「えお」", 4));

    [Fact]
    public void Small_kana_do_not_start_a_line()
        => Assert.Equal(["ちょっ", "とまっ", "て"], Break("ちょっとまって", 3));

    [Fact]
    public void Closing_bracket_and_period_move_together()
        => Assert.Equal(["「は", "い」。と", "言った"], Break("「はい」。と言った", 4));

    [Fact]
    public void Long_vowel_mark_does_not_start_a_line()
        => Assert.Equal(["コン", "ピュー", "ター"], Break("コンピューター", 3));

    [Fact]
    public void Latin_words_break_only_at_spaces_and_spaces_hang()
        => Assert.Equal(["This ", "is a ", "pen."], Break("This is a pen.", 3));

    [Fact]
    public void Numbers_are_kept_whole()
        => Assert.Equal(["得点は", "12345点", "です"], Break("得点は12345点です", 4));

    [Fact]
    public void A_word_longer_than_the_line_is_split_as_a_last_resort()
        => Assert.Equal(["abcdefgh", "ij"], Break("abcdefghij", 4));

    [Fact]
    public void Ellipsis_pairs_are_not_split()
        => Assert.Equal(["あ", "……", "い"], Break("あ……い", 2));

    [Fact]
    public void A_character_beyond_the_BMP_is_one_unit()
    {
        var units = JapaneseLineBreaker.Segment("𠮷田", Width);
        Assert.Equal(["𠮷", "田"], units.Select(u => u.Text));
        Assert.Equal(["𠮷", "田"], Break("𠮷田", 1));
    }

    [Fact]
    public void Combining_marks_and_variation_selectors_stay_with_their_base()
    {
        Assert.Equal(["か\u3099", "葛\U000E0100"], JapaneseLineBreaker.Clusters("か\u3099葛\U000E0100"));
    }

    [Fact]
    public void Hard_forbidden_runs_give_way_rather_than_overflow()
    {
        var lines = Break("」」」」」", 2);
        Assert.Equal("」」」」」", string.Concat(lines));
        Assert.All(lines, l => Assert.True(l.Length <= 2));
    }

    [Fact]
    public void Empty_text_has_no_lines() => Assert.Empty(Break("", 10));

    // ---- Properties -------------------------------------------------------------------------

    internal const string ForbiddenStart = "、。，．）〕］｝〉》」』】ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・：；！？";
    internal const string ForbiddenEnd = "（「『【〔〈《";
    private const string Alphabet = "あいう漢字花子田ab1 2。、「」『』（）ーっゃァ・！？……A𠮷 ";

    private static Arbitrary<string> JapaneseText()
    {
        var pieces = new List<string>();
        for (int i = 0; i < Alphabet.Length; i += char.IsSurrogatePair(Alphabet, i) ? 2 : 1)
            pieces.Add(char.IsSurrogatePair(Alphabet, i) ? Alphabet.Substring(i, 2) : Alphabet[i].ToString());
        return Gen.Elements(pieces.ToArray()).ListOf().Select(l => string.Concat(l)).ToArbitrary();
    }

    private static Arbitrary<int> Widths() => Gen.Choose(1, 12).ToArbitrary();

    private static (List<BreakUnit> Units, List<(int Start, int End)> Lines) Run(string text, int width)
    {
        var units = JapaneseLineBreaker.Segment(text, Width);
        return (units, JapaneseLineBreaker.Break(units, width));
    }

    [Property(MaxTest = 500)]
    public Property Lines_concatenate_back_to_the_input()
        => Prop.ForAll(JapaneseText(), Widths(), (text, width) => string.Concat(Break(text, width)) == text);

    [Property(MaxTest = 500)]
    public Property Lines_fit_unless_a_single_unit_is_wider()
        => Prop.ForAll(JapaneseText(), Widths(), (text, width) =>
        {
            var (units, lines) = Run(text, width);
            return lines.All(l =>
            {
                int end = l.End;
                while (end > l.Start && units[end - 1].IsSpace)
                    end--;
                double w = Enumerable.Range(l.Start, end - l.Start).Sum(i => units[i].Width);
                return w <= width + 1e-9 || end - l.Start == 1;
            });
        });

    [Property(MaxTest = 1000)]
    public Property Kinsoku_holds_unless_unavoidable()
        => Prop.ForAll(JapaneseText(), Widths(), (text, width) =>
        {
            var (units, lines) = Run(text, width);
            for (int k = 1; k < lines.Count; k++)
            {
                var (prevStart, prevEnd) = lines[k - 1];
                int last = prevEnd - 1;
                while (last > prevStart && units[last].IsSpace)
                    last--;
                bool badStart = ForbiddenStart.Contains(units[lines[k].Start].Text[0], StringComparison.Ordinal);
                bool badEnd = ForbiddenEnd.Contains(units[last].Text[^1], StringComparison.Ordinal);
                if (!badStart && !badEnd)
                    continue;
                // Only allowed when the previous line had no legal break at all and was full.
                for (int j = prevStart + 1; j < prevEnd; j++)
                {
                    if (JapaneseLineBreaker.CanBreakBefore(units, j))
                        return false.Label($"line {k} of {string.Join("|", Break(text, width))} breaks illegally though {j} was legal");
                }
                // Spaces inside the line count: they would not hang if the next unit joined the line.
                double used = Enumerable.Range(prevStart, prevEnd - prevStart).Sum(i => units[i].Width);
                if (used + units[lines[k].Start].Width <= width + 1e-9)
                    return false.Label($"line {k - 1} was not full");
            }
            return true.ToProperty();
        });

    [Property(MaxTest = 300)]
    public Property Never_throws_on_arbitrary_strings(NonNull<string> text, PositiveInt width)
        => (string.Concat(Break(text.Get, width.Get % 20 + 1)) == text.Get).ToProperty();
}

public class TextLayoutProperties
{
    [Property(MaxTest = 200)]
    public Property Layout_never_throws_and_keeps_every_drawable_character(NonNull<string> text, PositiveInt width)
    {
        var paragraph = new Sendai.Cbt.Reports.Layout.ParagraphModel();
        paragraph.Spans.Add(new Sendai.Cbt.Reports.Layout.SpanModel(text.Get, null));
        var lines = TextLayouter.Layout(paragraph, Sendai.Cbt.Reports.Layout.TextStyle.Default, (width.Get % 300) + 10);
        return (lines.Count >= 1 && lines.All(l => l.Height > 0)).ToProperty();
    }

    [Property(MaxTest = 25)]
    public Property Rendering_arbitrary_text_never_throws(NonNull<string> text)
    {
        var pdf = ReportDocument.Create().Page(p => p.Content(c =>
        {
            c.Text(text.Get);
            c.Table(t => t.Column().Column().Row(r => { r.Cell(text.Get); r.Cell(x => x.Ruby(text.Get, text.Get)); }));
        })).GeneratePdf();
        return (pdf.Length > 0).ToProperty();
    }
}
