using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Items;

/// <summary>Metadata every report uses: 教科, 学年, 領域, 観点, 問題形式, points.</summary>
public sealed record ItemMetadata
{
    /// <summary>教科 (for example 算数, 国語, 理科).</summary>
    public required string Subject { get; init; }
    /// <summary>学年 1–12 (1–6 elementary, 7–9 junior high, 10–12 high school).</summary>
    public required int Grade { get; init; }
    /// <summary>領域 (for example 数と計算), or null.</summary>
    public string? Domain { get; init; }
    /// <summary>観点, or null for unscored items.</summary>
    public Viewpoint? Viewpoint { get; init; }
    /// <summary>問題形式; derived from the type when the file does not say.</summary>
    public required ItemFormat Format { get; init; }
    /// <summary>Maximum points of the item (0 for surveys).</summary>
    public required decimal Points { get; init; }
    /// <summary>Free tags.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];
    /// <summary>学習指導要領コード, or null.</summary>
    public string? Curriculum { get; init; }
    /// <summary>Short title for lists and reports, or null.</summary>
    public string? Title { get; init; }
}

/// <summary>
/// One item of the bank. Text content (prompt, choices, explanation...) is kept as Markdown
/// source; the Markdown package renders it. Items are immutable and safe to share between threads.
/// </summary>
public abstract record Item
{
    /// <summary>Bank-wide unique id (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    public required string Id { get; init; }
    /// <summary>The item's type.</summary>
    public abstract ItemType Type { get; }
    /// <summary>Metadata.</summary>
    public required ItemMetadata Metadata { get; init; }
    /// <summary>The question text (Markdown), without the answer structure and containers.</summary>
    public required string Prompt { get; init; }
    /// <summary>Id of a shared stimulus (大問 passage or figure), or null.</summary>
    public string? StimulusId { get; init; }
    /// <summary>解説 (Markdown), shown only in review and teacher views; null when absent.</summary>
    public string? Explanation { get; init; }
    /// <summary>Hints (Markdown), in order.</summary>
    public ImmutableArray<string> Hints { get; init; } = [];
    /// <summary>Writing direction.</summary>
    public WritingMode Writing { get; init; }
    /// <summary>Whether choices (or entries) may be shuffled per student.</summary>
    public bool Shuffle { get; init; }
    /// <summary>Where the item was read from.</summary>
    public SourceLocation Source { get; init; }
    /// <summary>The parsed <see cref="Prompt"/>, kept by the Markdown package (see <see cref="Derived"/>).</summary>
    internal Derived PreparedPrompt { get; init; }
    /// <summary>Whether the item contributes to scores (false for surveys).</summary>
    public virtual bool IsScored => true;
}

/// <summary>A choice of a <c>choice</c> or <c>multiple</c> item.</summary>
/// <param name="Label">A, B, C… in source order.</param>
/// <param name="Content">Choice text (inline Markdown).</param>
/// <param name="IsCorrect">Marked <c>[x]</c> in the source.</param>
public sealed record Choice(string Label, string Content, bool IsCorrect)
{
    /// <summary>Feedback shown in review when this choice was selected (Markdown), or null.</summary>
    public string? Feedback { get; init; }
    /// <summary>Partial points awarded when this (wrong) choice is selected in a single-answer item, or the weight of this choice in a multiple item; null for the default.</summary>
    public decimal? Points { get; init; }
    /// <summary>The choice keeps its position when choices are shuffled (for example 「どれでもない」).</summary>
    public bool Fixed { get; init; }
}

/// <summary>A <c>choice</c> (one answer) or <c>multiple</c> (several answers) item.</summary>
public sealed record ChoiceItem : Item
{
    /// <summary>True for <c>multiple</c>.</summary>
    public required bool AllowMultiple { get; init; }
    /// <inheritdoc />
    public override ItemType Type => AllowMultiple ? ItemType.Multiple : ItemType.Choice;
    /// <summary>The choices in source order.</summary>
    public required ImmutableArray<Choice> Choices { get; init; }
    /// <summary>Scoring rule for <c>multiple</c>.</summary>
    public MultipleScoring Scoring { get; init; } = MultipleScoring.AllOrNothing;
}

/// <summary>A short-answer item.</summary>
public sealed record TextItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Text;
    /// <summary>Accepted answers, in the order given.</summary>
    public required ImmutableArray<string> Answers { get; init; }
    /// <summary>How answers are normalised before comparison.</summary>
    public Normalization.NormalizationOptions Normalization { get; init; } = Cbt.Normalization.NormalizationOptions.Default;
    /// <summary>When true, an answer written only in kana where the accepted answer has kanji is wrong.</summary>
    public bool KanjiRequired { get; init; }
    /// <summary>Answers that earn partial credit (answer, points).</summary>
    public ImmutableArray<PartialAnswer> PartialAnswers { get; init; } = [];
}

/// <summary>An answer that earns partial credit.</summary>
/// <param name="Answer">The answer text.</param>
/// <param name="Points">Points awarded.</param>
public sealed record PartialAnswer(string Answer, decimal Points);

/// <summary>A numeric item.</summary>
public sealed record NumericItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Numeric;
    /// <summary>The correct value.</summary>
    public required decimal Value { get; init; }
    /// <summary>Tolerance (0 for exact).</summary>
    public decimal Tolerance { get; init; }
    /// <summary>How <see cref="Tolerance"/> is interpreted.</summary>
    public ToleranceKind ToleranceKind { get; init; }
    /// <summary>Unit shown after the input (for example cm), or null.</summary>
    public string? Unit { get; init; }
}

/// <summary>An entry of an <c>order</c> item or the left/right side of a <c>match</c> item.</summary>
/// <param name="Label">Display label (A, B, C… or 1, 2, 3…).</param>
/// <param name="Content">Inline Markdown.</param>
public sealed record LabeledEntry(string Label, string Content);

/// <summary>An ordering item. Entries are labelled in display order; the key is a sequence of labels.</summary>
public sealed record OrderItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Order;
    /// <summary>Entries in display order (labels A, B, C…). The display order is a fixed permutation of the source order derived from the item id, never the correct order itself.</summary>
    public required ImmutableArray<LabeledEntry> Entries { get; init; }
    /// <summary>The correct order as labels (the source order of the ordered list).</summary>
    public required ImmutableArray<string> CorrectOrder { get; init; }
}

/// <summary>A matching item: left entries (A, B…) are matched to right entries (1, 2…).</summary>
public sealed record MatchItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Match;
    /// <summary>Left entries labelled A, B, C… in source order.</summary>
    public required ImmutableArray<LabeledEntry> Left { get; init; }
    /// <summary>Right entries labelled 1, 2, 3… in display order (a fixed permutation of the source rows, so the key is not the identity); includes distractors.</summary>
    public required ImmutableArray<LabeledEntry> Right { get; init; }
    /// <summary>Correct pairs: left label → right label.</summary>
    public required ImmutableDictionary<string, string> Pairs { get; init; }
}

/// <summary>A blank of a cloze item.</summary>
public abstract record ClozeBlank
{
    /// <summary>1-based number of the blank in source order.</summary>
    public required int Number { get; init; }
    /// <summary>Points of the blank.</summary>
    public decimal Points { get; init; } = 1m;
    /// <summary>Where the blank is written.</summary>
    public SourceLocation Source { get; init; }
}

/// <summary>A text blank <c>[[答え|別解]]</c>.</summary>
public sealed record TextBlank : ClozeBlank
{
    /// <summary>Accepted answers.</summary>
    public required ImmutableArray<string> Answers { get; init; }
}

/// <summary>A numeric blank <c>[[=12.5~0.1 cm]]</c>.</summary>
public sealed record NumericBlank : ClozeBlank
{
    /// <summary>Correct value.</summary>
    public required decimal Value { get; init; }
    /// <summary>Absolute tolerance.</summary>
    public decimal Tolerance { get; init; }
    /// <summary>Unit shown after the input, or null.</summary>
    public string? Unit { get; init; }
}

/// <summary>An inline-choice blank <c>[[?北|*南|東]]</c>.</summary>
public sealed record ChoiceBlank : ClozeBlank
{
    /// <summary>Options in source order.</summary>
    public required ImmutableArray<string> Options { get; init; }
    /// <summary>0-based index of the correct option.</summary>
    public required int CorrectIndex { get; init; }
}

/// <summary>A cloze item: the prompt contains blanks written <c>[[...]]</c>.</summary>
public sealed record ClozeItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Cloze;
    /// <summary>Blanks in source order.</summary>
    public required ImmutableArray<ClozeBlank> Blanks { get; init; }
    /// <summary>Normalisation for text blanks.</summary>
    public Normalization.NormalizationOptions Normalization { get; init; } = Cbt.Normalization.NormalizationOptions.Default;
}

/// <summary>A level of an essay rubric.</summary>
/// <param name="Points">Points of the level.</param>
/// <param name="Descriptor">What an answer at this level does (Markdown).</param>
public sealed record RubricLevel(decimal Points, string Descriptor);

/// <summary>A free-writing item scored by a teacher.</summary>
public sealed record EssayItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Essay;
    /// <summary>Rubric levels, highest points first.</summary>
    public required ImmutableArray<RubricLevel> Rubric { get; init; }
    /// <summary>Maximum characters (字数制限), or null.</summary>
    public int? MaxLength { get; init; }
    /// <summary>Model answer (模範解答, Markdown) for teachers, or null.</summary>
    public string? ModelAnswer { get; init; }
}

/// <summary>A test case of a program item. Arguments and expected value are JSON.</summary>
public sealed record ProgramTest
{
    /// <summary>1-based number.</summary>
    public required int Number { get; init; }
    /// <summary>Arguments passed to the entry function, as a JSON array.</summary>
    public required string ArgumentsJson { get; init; }
    /// <summary>Expected return value as JSON.</summary>
    public required string ExpectedJson { get; init; }
    /// <summary>Points for passing.</summary>
    public decimal Points { get; init; } = 1m;
    /// <summary>Hidden tests show students only passed/failed.</summary>
    public bool Hidden { get; init; }
    /// <summary>Comparison mode.</summary>
    public ProgramComparison Comparison { get; init; } = ProgramComparison.Exact;
    /// <summary>Tolerance for <see cref="ProgramComparison.Numeric"/>.</summary>
    public double Tolerance { get; init; }
    /// <summary>Optional description shown to students for visible tests.</summary>
    public string? Description { get; init; }
    /// <summary>Where the test is written.</summary>
    public SourceLocation Source { get; init; }
}

/// <summary>A JavaScript programming exercise.</summary>
public sealed record ProgramItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Program;
    /// <summary>Language; only <c>javascript</c> for now.</summary>
    public string Language { get; init; } = "javascript";
    /// <summary>Name of the function the tests call.</summary>
    public required string EntryFunction { get; init; }
    /// <summary>Starter code shown in the editor.</summary>
    public string StarterCode { get; init; } = "";
    /// <summary>Reference solution (teacher only), or null.</summary>
    public string? ReferenceSolution { get; init; }
    /// <summary>Test cases.</summary>
    public required ImmutableArray<ProgramTest> Tests { get; init; }
}

/// <summary>A rating scale of a survey question.</summary>
/// <param name="Min">Lowest value.</param>
/// <param name="Max">Highest value.</param>
/// <param name="Labels">Labels from min to max (may be empty, or just the two ends).</param>
public sealed record RatingScale(int Min, int Max, ImmutableArray<string> Labels);

/// <summary>An unscored questionnaire question (健康観察, learning-attitude surveys).</summary>
public sealed record SurveyItem : Item
{
    /// <inheritdoc />
    public override ItemType Type => ItemType.Survey;
    /// <inheritdoc />
    public override bool IsScored => false;
    /// <summary>Question kind.</summary>
    public required SurveyKind Kind { get; init; }
    /// <summary>Scale for rating questions.</summary>
    public RatingScale? Scale { get; init; }
    /// <summary>Options (labelled A, B…) for choice questions.</summary>
    public ImmutableArray<LabeledEntry> Options { get; init; } = [];
    /// <summary>Whether an answer is required.</summary>
    public bool Required { get; init; }
}

/// <summary>A shared stimulus (大問の本文・資料): a passage or figure used by several items.</summary>
public sealed record Stimulus
{
    /// <summary>Bank-wide unique id.</summary>
    public required string Id { get; init; }
    /// <summary>Title, or null.</summary>
    public string? Title { get; init; }
    /// <summary>Content (Markdown).</summary>
    public required string Content { get; init; }
    /// <summary>Writing direction.</summary>
    public WritingMode Writing { get; init; }
    /// <summary>教科, or null.</summary>
    public string? Subject { get; init; }
    /// <summary>学年, or null.</summary>
    public int? Grade { get; init; }
    /// <summary>Where it was read from.</summary>
    public SourceLocation Source { get; init; }
    /// <summary>The parsed <see cref="Content"/>, kept by the Markdown package (see <see cref="Derived"/>).</summary>
    internal Derived PreparedContent { get; init; }
}
