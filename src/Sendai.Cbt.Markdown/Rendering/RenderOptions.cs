namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>Who an item is rendered for, and so how much of the answer key is shown.</summary>
public enum RenderView
{
    /// <summary>During the test: nothing that reveals an answer (no key, feedback, explanation, hidden tests or rubric).</summary>
    Student,
    /// <summary>After the test, for the student: correct answers, per-choice feedback, explanation and rubric; never hidden tests, model answers or reference solutions.</summary>
    Review,
    /// <summary>For teachers and authors: everything, including accepted and partial answers, normalisation, hidden tests, model answer and reference solution.</summary>
    Teacher,
}

/// <summary>Which ruby (furigana) is shown: all, none, or only on kanji above a grade.</summary>
public sealed record RubyMode
{
    private RubyMode(int? grade, bool show)
    {
        Grade = grade;
        ShowAny = show;
    }

    /// <summary>Every reading is shown (the default).</summary>
    public static RubyMode All { get; } = new(null, true);

    /// <summary>No reading is shown; only the base text remains.</summary>
    public static RubyMode None { get; } = new(null, false);

    /// <summary>
    /// Shows a reading only when its base contains a kanji taught after <paramref name="grade"/> in the
    /// kanji table (by default MEXT's 2020 学年別漢字配当表); kanji outside the table count as grade 7.
    /// For mono ruby (<c>{漢字|かん|じ}</c>) each character is decided on its own.
    /// </summary>
    /// <param name="grade">The student's grade, 1–12; 7 and above hide every reading.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="grade"/> is outside 1–12.</exception>
    public static RubyMode AboveGrade(int grade)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(grade, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(grade, 12);
        return new(grade, true);
    }

    /// <summary>The grade of an <see cref="AboveGrade"/> mode; null for <see cref="All"/> and <see cref="None"/>.</summary>
    public int? Grade { get; }

    private bool ShowAny { get; }

    /// <summary>Builds the per-base filter for the ruby renderer (null = show everything).</summary>
    internal Func<string, bool>? CreateFilter(KanjiGradeTable table)
    {
        if (!ShowAny) return static _ => false;
        if (Grade is not int g) return null;
        int grade = Math.Min(g, 7);
        return text => !table.IsTaughtBy(text, grade);
    }

    /// <inheritdoc />
    public override string ToString() => Grade is int g ? $"AboveGrade({g})" : ShowAny ? "All" : "None";
}

/// <summary>Options for one rendering call. Immutable; share freely.</summary>
public sealed record RenderOptions
{
    /// <summary>Who the HTML is for. Default <see cref="RenderView.Student"/>.</summary>
    public RenderView View { get; init; } = RenderView.Student;

    /// <summary>Ruby mode. Default <see cref="RubyMode.All"/>.</summary>
    public RubyMode Ruby { get; init; } = RubyMode.All;

    /// <summary>
    /// The per-student seed for shuffling choices (items with <c>shuffle: true</c>) and form sections
    /// and items; null keeps the source order. See <see cref="Sendai.Cbt.Items.SeededShuffle"/>.
    /// </summary>
    public ulong? ShuffleSeed { get; init; }

    /// <summary>
    /// For whole pages: the URL of a stylesheet to link. Null (the default) embeds
    /// <see cref="ItemRenderer.DefaultStylesheet"/> in a <c>&lt;style&gt;</c> element, so the page stands alone.
    /// </summary>
    public string? StylesheetHref { get; init; }

    /// <summary>Student view, all ruby, source order.</summary>
    public static RenderOptions Default { get; } = new();
}
