using System.Text;
using FsCheck.Xunit;
using Sendai.Cbt.Markdown.Rendering;
using Xunit;

namespace Sendai.Cbt.Markdown.Tests.Rendering;

public class KanjiGradeTableTests
{
    private const string PrefectureKanji = "茨媛岡潟岐熊香佐埼崎滋鹿縄井沖栃奈梨阪阜";

    private static KanjiGradeTable Table => KanjiGradeTable.Mext2020;

    private static int Cp(string s) => Rune.GetRuneAt(s, 0).Value;

    [Theory]
    [InlineData(1, 80)]
    [InlineData(2, 160)]
    [InlineData(3, 200)]
    [InlineData(4, 202)]
    [InlineData(5, 193)]
    [InlineData(6, 191)]
    public void Mext2020_has_the_2020_count_per_grade(int grade, int expected) =>
        Assert.Equal(expected, Table.CountForGrade(grade));

    [Fact]
    public void Mext2020_has_1026_kanji() => Assert.Equal(1026, Table.Count);

    [Fact]
    public void Mext2020_is_the_same_instance_every_time() =>
        Assert.Same(KanjiGradeTable.Mext2020, KanjiGradeTable.Mext2020);

    [Fact]
    public void Mext2020_loads_once_under_concurrency()
    {
        var tables = new KanjiGradeTable[16];
        Parallel.For(0, tables.Length, i => tables[i] = KanjiGradeTable.Mext2020);
        Assert.All(tables, t => Assert.Same(tables[0], t));
    }

    [Fact]
    public void The_20_prefecture_kanji_are_grade_4()
    {
        Assert.Equal(20, PrefectureKanji.Length);
        foreach (char c in PrefectureKanji)
        {
            Assert.True(Table.GradeOf(c) == 4, $"{c} should be grade 4 but is {Table.GradeOf(c)?.ToString() ?? "null"}");
        }
    }

    [Theory]
    [InlineData("一", 1)]
    [InlineData("学", 1)]
    [InlineData("校", 1)]
    [InlineData("曜", 2)]
    [InlineData("漢", 3)]
    [InlineData("鹿", 4)]
    [InlineData("城", 4)]   // grade 6 -> 4 in 2020
    [InlineData("賀", 4)]   // grade 5 -> 4
    [InlineData("群", 4)]   // grade 5 -> 4
    [InlineData("徳", 4)]   // grade 5 -> 4
    [InlineData("富", 4)]   // grade 5 -> 4
    [InlineData("桜", 5)]
    [InlineData("囲", 5)]   // grade 4 -> 5
    [InlineData("歴", 5)]   // grade 4 -> 5
    [InlineData("士", 5)]   // grade 4 -> 5
    [InlineData("俳", 6)]
    [InlineData("憲", 6)]
    [InlineData("胃", 6)]   // grade 4 -> 6
    [InlineData("腸", 6)]   // grade 4 -> 6
    [InlineData("恩", 6)]   // grade 5 -> 6
    [InlineData("預", 6)]   // grade 5 -> 6
    [InlineData("字", 1)]
    public void GradeOf_known_kanji(string kanji, int expected) =>
        Assert.Equal(expected, Table.GradeOf(Cp(kanji)));

    [Theory]
    [InlineData("鬱")]  // 常用漢字, junior high
    [InlineData("憂")]  // 常用漢字, junior high
    [InlineData("𠮷")]  // outside the BMP, not 常用漢字
    [InlineData("々")]  // iteration mark, not a kanji
    [InlineData("あ")]
    [InlineData("A")]
    [InlineData("\uFA11")] // 﨑, compatibility ideograph
    public void GradeOf_is_null_outside_the_table(string s) =>
        Assert.Null(Table.GradeOf(Cp(s)));

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(0x110000)]
    [InlineData(int.MaxValue)]
    public void GradeOf_tolerates_any_int(int codePoint) => Assert.Null(Table.GradeOf(codePoint));

    [Theory]
    [InlineData("学校", 1, true)]
    [InlineData("漢字", 2, false)]  // 漢 is grade 3
    [InlineData("漢字", 3, true)]
    [InlineData("城", 3, false)]
    [InlineData("城", 4, true)]
    [InlineData("人々", 1, true)]   // 々 is not a kanji
    [InlineData("がっこうへ行く。ABC 123", 2, true)]
    [InlineData("", 1, true)]
    [InlineData("ひらがなだけ", 1, true)]
    [InlineData("憂鬱", 6, false)]
    [InlineData("憂鬱", 7, true)]
    [InlineData("𠮷野家", 6, false)] // 𠮷 counts as grade 7
    [InlineData("𠮷野家", 7, true)]
    [InlineData("野家", 2, true)]
    public void IsTaughtBy(string text, int grade, bool expected) =>
        Assert.Equal(expected, Table.IsTaughtBy(text, grade));

    [Fact]
    public void IsTaughtBy_handles_lone_surrogates() =>
        Assert.True(Table.IsTaughtBy("学\uD842校\uDFB7", 1));

    [Fact]
    public void IsTaughtBy_rejects_bad_arguments()
    {
        Assert.Throws<ArgumentNullException>(() => Table.IsTaughtBy(null!, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Table.IsTaughtBy("学", 0));
    }

    [Property]
    public bool IsTaughtBy_is_monotonic_in_grade_and_never_throws(string? text, byte grade)
    {
        text ??= string.Empty;
        int g = 1 + (grade % 7);
        return !Table.IsTaughtBy(text, g) || Table.IsTaughtBy(text, g + 1);
    }

    [Property]
    public bool IsTaughtBy_grade_7_accepts_everything(string? text) =>
        Table.IsTaughtBy(text ?? string.Empty, 7);

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void CountForGrade_rejects_grades_outside_1_to_6(int grade) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Table.CountForGrade(grade));

    [Fact]
    public void Embedded_resource_has_six_grade_lines_of_distinct_cjk_ideographs()
    {
        using Stream? stream = typeof(KanjiGradeTable).Assembly
            .GetManifestResourceStream("Sendai.Cbt.Markdown.Resources.kanji-grades.txt");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        string[] dataLines = reader.ReadToEnd()
            .Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToArray();

        Assert.Equal(["1:", "2:", "3:", "4:", "5:", "6:"], dataLines.Select(l => l[..2]));
        var seen = new HashSet<char>();
        for (int i = 0; i < dataLines.Length; i++)
        {
            foreach (char c in dataLines[i][2..])
            {
                Assert.InRange(c, '\u4E00', '\u9FFF');
                Assert.True(seen.Add(c), $"{c} listed twice");
                Assert.Equal(i + 1, Table.GradeOf(c));
            }
        }

        Assert.Equal(1026, seen.Count);
    }

    [Fact]
    public void Parse_reads_a_custom_table()
    {
        const string text = "\uFEFF# custom\n\n1:一二\r\n2:𠮷\n3:\n4:四\n5:五\n6:六\n";
        KanjiGradeTable table = KanjiGradeTable.Parse(new StringReader(text));

        Assert.Equal(6, table.Count);
        Assert.Equal(2, table.CountForGrade(1));
        Assert.Equal(0, table.CountForGrade(3));
        Assert.Equal(2, table.GradeOf(Cp("𠮷")));
        Assert.Null(table.GradeOf(Cp("三")));
        Assert.True(table.IsTaughtBy("𠮷", 2));
        Assert.False(table.IsTaughtBy("三", 6));
    }

    [Fact]
    public void Parse_lists_every_problem()
    {
        const string text =
            "1:一二 三\n" +      // space
            "2:二a\n" +          // duplicate 二, Latin letter
            "2:四\n" +           // grade 2 twice
            "7:七\n" +           // grade out of range
            "no colon\n" +
            "4:\uF900\n";        // compatibility ideograph
        var ex = Assert.Throws<ArgumentException>(() => KanjiGradeTable.Parse(new StringReader(text)));

        Assert.Equal("reader", ex.ParamName);
        Assert.Contains("line 1, column 5: U+0020 is not a CJK unified ideograph", ex.Message);
        Assert.Contains("line 2, column 3: '二' (U+4E8C) is already listed for grade 1 on line 1", ex.Message);
        Assert.Contains("line 2, column 4: 'a' (U+0061) is not a CJK unified ideograph", ex.Message);
        Assert.Contains("line 3: grade 2 is already listed on line 2", ex.Message);
        Assert.Contains("line 4: grade '7' is not a digit from 1 to 6", ex.Message);
        Assert.Contains("line 5: expected '<grade>:<kanji>'", ex.Message);
        Assert.Contains("line 6, column 3: '\uF900' (U+F900) is not a CJK unified ideograph", ex.Message);
        Assert.Contains("grade 3: no line", ex.Message);
        Assert.Contains("grade 5: no line", ex.Message);
        Assert.Contains("grade 6: no line", ex.Message);
        Assert.Contains("(10 problem(s))", ex.Message);
    }

    [Fact]
    public void Parse_reports_unpaired_surrogates()
    {
        const string text = "1:一\uD842\n2:\n3:\n4:\n5:\n6:\n";
        var ex = Assert.Throws<ArgumentException>(() => KanjiGradeTable.Parse(new StringReader(text)));
        Assert.Contains("line 1, column 4: ill-formed UTF-16 (unpaired surrogate U+D842)", ex.Message);
    }

    [Fact]
    public void Parse_rejects_null() =>
        Assert.Throws<ArgumentNullException>(() => KanjiGradeTable.Parse(null!));
}
