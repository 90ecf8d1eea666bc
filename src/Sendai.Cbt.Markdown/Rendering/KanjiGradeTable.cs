using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>
/// An immutable allocation of kanji to elementary-school grades 1 to 6, in the form of
/// MEXT's 学年別漢字配当表. The renderer uses it to decide which kanji a student of a given
/// grade has been taught, and so which ones need ruby (furigana).
/// </summary>
/// <remarks>
/// <para>
/// Kanji that are not in the table are not taught in elementary school; in Japanese schools
/// they are taught in junior high school (the rest of the 常用漢字) or not at all. This type
/// does not distinguish between those cases: <see cref="GradeOf(int)"/> returns
/// <see langword="null"/> for them and <see cref="IsTaughtBy(string, int)"/> treats them as
/// grade 7, the first year of junior high school.
/// </para>
/// <para>
/// Lookups are by exact code point. Text should be NFC-normalised before it is checked:
/// CJK compatibility ideographs (U+F900–U+FAFF, U+2F800–U+2FA1F) are never in a table and so
/// count as kanji outside it. Instances are immutable and safe to share between threads.
/// </para>
/// </remarks>
public sealed class KanjiGradeTable
{
    /// <summary>The lowest grade in a table (first year of elementary school).</summary>
    private const int MinGrade = 1;

    /// <summary>The highest grade in a table (sixth year of elementary school).</summary>
    private const int MaxGrade = 6;

    /// <summary>The grade that kanji outside the table count as (first year of junior high school).</summary>
    private const int JuniorHighGrade = 7;

    private const string Mext2020ResourceName = "Sendai.Cbt.Markdown.Resources.kanji-grades.txt";

    private static readonly Lazy<KanjiGradeTable> Mext2020Table =
        new(LoadMext2020, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<int, int> _grades;
    private readonly int[] _countsByGrade;

    private KanjiGradeTable(FrozenDictionary<int, int> grades, int[] countsByGrade)
    {
        _grades = grades;
        _countsByGrade = countsByGrade;
    }

    /// <summary>
    /// Gets the 学年別漢字配当表 of the elementary-school course of study announced by MEXT in
    /// 2017 (平成29年告示) and in force since school year 2020: 1,026 kanji, with 80, 160, 200,
    /// 202, 193 and 191 kanji in grades 1 to 6.
    /// </summary>
    /// <remarks>
    /// The table is loaded from an embedded resource on first use; loading is thread-safe and
    /// happens once per process.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The embedded resource is missing or invalid (a build defect).</exception>
    public static KanjiGradeTable Mext2020 => Mext2020Table.Value;

    /// <summary>Gets the total number of kanji in the table, over all grades.</summary>
    public int Count => _grades.Count;

    /// <summary>
    /// Gets the elementary-school grade in which the kanji with the given code point is taught.
    /// </summary>
    /// <param name="codePoint">A Unicode code point (any value; out-of-range values simply have no grade).</param>
    /// <returns>
    /// The grade, 1 to 6; or <see langword="null"/> when the code point is not a kanji of this
    /// table. Such kanji are taught in junior high school (grade 7 and later) or not at school at all.
    /// </returns>
    public int? GradeOf(int codePoint) =>
        _grades.TryGetValue(codePoint, out int grade) ? grade : null;

    /// <summary>
    /// Determines whether a student of the given grade has been taught every kanji in
    /// <paramref name="text"/>.
    /// </summary>
    /// <param name="text">The text to check. It is read by <see cref="Rune"/>, so characters outside the BMP are handled.</param>
    /// <param name="grade">
    /// The student's grade: 1 to 6 for elementary school, 7 or more for junior high school and later.
    /// </param>
    /// <returns>
    /// <see langword="true"/> when every kanji in <paramref name="text"/> has a grade less than or
    /// equal to <paramref name="grade"/>; <see langword="true"/> for text without kanji.
    /// </returns>
    /// <remarks>
    /// Only CJK unified and compatibility ideographs count as kanji; kana, Latin letters,
    /// punctuation and marks such as 々 and 〆 are ignored. Kanji that are not in the table
    /// count as grade 7 (junior high school), which is where the 常用漢字 outside the table are
    /// taught; this includes kanji outside the 常用漢字 such as 𠮷, which schools do not teach at
    /// all. So for <paramref name="grade"/> 7 or more the result is always <see langword="true"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grade"/> is less than 1.</exception>
    public bool IsTaughtBy(string text, int grade)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(grade, MinGrade);

        foreach (Rune rune in text.EnumerateRunes())
        {
            if (!IsIdeograph(rune.Value))
            {
                continue;
            }

            int kanjiGrade = GradeOf(rune.Value) ?? JuniorHighGrade;
            if (kanjiGrade > grade)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gets the number of kanji the table allocates to the given grade.</summary>
    /// <param name="grade">An elementary-school grade, 1 to 6.</param>
    /// <returns>The number of kanji taught in that grade.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grade"/> is not 1 to 6.</exception>
    public int CountForGrade(int grade)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grade, MinGrade);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grade, MaxGrade);
        return _countsByGrade[grade - MinGrade];
    }

    /// <summary>
    /// Reads a custom grade table in the format of the embedded MEXT table.
    /// </summary>
    /// <param name="reader">The table text.</param>
    /// <returns>The table.</returns>
    /// <remarks>
    /// <para>The format is line-based:</para>
    /// <list type="bullet">
    /// <item><description>lines starting with <c>#</c> are comments, and blank lines are ignored;</description></item>
    /// <item><description>
    /// every other line is <c>grade:kanji</c>, for example <c>1:一右雨円</c>, where grade is a
    /// digit 1 to 6 and kanji is a run of CJK unified ideographs with no spaces or separators;
    /// </description></item>
    /// <item><description>each of the grades 1 to 6 has exactly one line (its kanji may be empty);</description></item>
    /// <item><description>no kanji appears more than once in the whole table.</description></item>
    /// </list>
    /// <para>
    /// CJK compatibility ideographs are rejected, because Unicode normalisation (NFC) replaces
    /// most of them by unified ideographs, so text would never contain them.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The text is not a valid table. The message lists every problem found, with its line number.
    /// </exception>
    public static KanjiGradeTable Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);

        var problems = new List<string>();
        var grades = new Dictionary<int, int>();
        var firstLineOfKanji = new Dictionary<int, int>();
        var lineOfGrade = new int[MaxGrade + 1];
        var countsByGrade = new int[MaxGrade];

        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }

            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                problems.Add(Invariant($"line {lineNumber}: expected '<grade>:<kanji>' (for example '1:一右雨'), found '{Shorten(line)}'"));
                continue;
            }

            string gradeText = line[..colon];
            if (gradeText.Length != 1 || gradeText[0] < '0' + MinGrade || gradeText[0] > '0' + MaxGrade)
            {
                problems.Add(Invariant($"line {lineNumber}: grade '{Shorten(gradeText)}' is not a digit from {MinGrade} to {MaxGrade}"));
                continue;
            }

            int grade = gradeText[0] - '0';
            if (lineOfGrade[grade] != 0)
            {
                problems.Add(Invariant($"line {lineNumber}: grade {grade} is already listed on line {lineOfGrade[grade]}"));
                continue;
            }

            lineOfGrade[grade] = lineNumber;
            ReadKanji(line, colon + 1, lineNumber, grade, grades, firstLineOfKanji, countsByGrade, problems);
        }

        for (int grade = MinGrade; grade <= MaxGrade; grade++)
        {
            if (lineOfGrade[grade] == 0)
            {
                problems.Add(Invariant($"grade {grade}: no line '{grade}:<kanji>' in the table"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(
                Invariant($"The kanji grade table is invalid ({problems.Count} problem(s)):") +
                Environment.NewLine + string.Join(Environment.NewLine, problems),
                nameof(reader));
        }

        return new KanjiGradeTable(grades.ToFrozenDictionary(), countsByGrade);
    }

    private static void ReadKanji(
        string line,
        int start,
        int lineNumber,
        int grade,
        Dictionary<int, int> grades,
        Dictionary<int, int> firstLineOfKanji,
        int[] countsByGrade,
        List<string> problems)
    {
        int index = start;
        while (index < line.Length)
        {
            int column = index + 1;
            if (Rune.DecodeFromUtf16(line.AsSpan(index), out Rune rune, out int length) != System.Buffers.OperationStatus.Done)
            {
                problems.Add(Invariant($"line {lineNumber}, column {column}: ill-formed UTF-16 (unpaired surrogate U+{(int)line[index]:X4})"));
                index += Math.Max(length, 1);
                continue;
            }

            index += length;
            int codePoint = rune.Value;
            if (!IsUnifiedIdeograph(codePoint))
            {
                problems.Add(Invariant($"line {lineNumber}, column {column}: {Describe(rune)} is not a CJK unified ideograph"));
                continue;
            }

            if (grades.TryGetValue(codePoint, out int earlierGrade))
            {
                problems.Add(Invariant($"line {lineNumber}, column {column}: {Describe(rune)} is already listed for grade {earlierGrade} on line {firstLineOfKanji[codePoint]}"));
                continue;
            }

            grades.Add(codePoint, grade);
            firstLineOfKanji.Add(codePoint, lineNumber);
            countsByGrade[grade - MinGrade]++;
        }
    }

    private static KanjiGradeTable LoadMext2020()
    {
        using Stream stream = typeof(KanjiGradeTable).Assembly.GetManifestResourceStream(Mext2020ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{Mext2020ResourceName}' is missing.");
        using var reader = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        try
        {
            return Parse(reader);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"The embedded resource '{Mext2020ResourceName}' is invalid.", exception);
        }
    }

    /// <summary>Whether a code point is a CJK unified ideograph (any extension block) that Unicode assigns.</summary>
    private static bool IsUnifiedIdeograph(int codePoint) =>
        IsInUnifiedIdeographBlock(codePoint) &&
        CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.OtherLetter;

    private static bool IsInUnifiedIdeographBlock(int codePoint) =>
        codePoint is (>= 0x3400 and <= 0x4DBF)     // Extension A
            or (>= 0x4E00 and <= 0x9FFF)           // CJK Unified Ideographs
            or (>= 0x20000 and <= 0x2A6DF)         // Extension B
            or (>= 0x2A700 and <= 0x2EE5F)         // Extensions C, D, E, F, I
            or (>= 0x30000 and <= 0x3347F);        // Extensions G, H, J

    /// <summary>Whether a code point is a kanji for <see cref="IsTaughtBy(string, int)"/>: unified or compatibility ideograph.</summary>
    private static bool IsIdeograph(int codePoint) =>
        IsInUnifiedIdeographBlock(codePoint)
        || codePoint is (>= 0xF900 and <= 0xFAFF)  // CJK Compatibility Ideographs
            or (>= 0x2F800 and <= 0x2FA1F);        // CJK Compatibility Ideographs Supplement

    private static string Describe(Rune rune) =>
        Rune.IsControl(rune) || Rune.IsWhiteSpace(rune)
            ? Invariant($"U+{rune.Value:X4}")
            : Invariant($"'{rune}' (U+{rune.Value:X4})");

    private static string Shorten(string text) =>
        text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
