using Markdig.Syntax.Inlines;

namespace Sendai.Cbt.Markdown.Extensions.Ruby;

/// <summary>Which source syntax produced a ruby annotation.</summary>
public enum RubySyntax
{
    /// <summary>Aozora Bunko with an explicit start: <c>｜漢字《かんじ》</c>.</summary>
    AozoraExplicit,
    /// <summary>Aozora Bunko without the start mark: <c>漢字《かんじ》</c> (the base is the preceding run of kanji).</summary>
    AozoraImplicit,
    /// <summary>Denden Markdown: <c>{漢字|かんじ}</c> or per character <c>{漢字|かん|じ}</c>.</summary>
    Denden,
}

/// <summary>
/// A ruby annotation (furigana). <see cref="Readings"/> has one entry for group ruby, or one per
/// base character (by Unicode scalar) for mono ruby.
/// </summary>
public sealed class RubyInline : LeafInline
{
    /// <summary>The base text (親文字).</summary>
    public required string Base { get; init; }
    /// <summary>The readings (ルビ).</summary>
    public required IReadOnlyList<string> Readings { get; init; }
    /// <summary>The syntax used in the source.</summary>
    public RubySyntax Syntax { get; init; }
    /// <summary>True when one reading per base character (mono ruby).</summary>
    public bool IsMono => Readings.Count > 1;
    /// <summary>True when any reading is empty or whitespace (diagnostic CBT0016).</summary>
    public bool HasEmptyReading => Readings.Count == 0 || Readings.Any(string.IsNullOrWhiteSpace);
}
