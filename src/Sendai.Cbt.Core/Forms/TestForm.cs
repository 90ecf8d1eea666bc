using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Forms;

/// <summary>What a form is used for.</summary>
public enum FormKind
{
    /// <summary>A scored test.</summary>
    Test,
    /// <summary>Practice (ワークシート, 自習): feedback after each answer.</summary>
    Practice,
    /// <summary>A questionnaire (健康観察, アンケート): recorded, not scored.</summary>
    Survey,
}

/// <summary>A reference from a form section to an item.</summary>
/// <param name="ItemId">Id of the item in the bank.</param>
/// <param name="Weight">Multiplier applied to the item's points (1 by default).</param>
/// <param name="Source">Where the reference is written.</param>
public sealed record FormItemRef(string ItemId, decimal Weight, SourceLocation Source);

/// <summary>A section (大問) of a form.</summary>
public sealed record FormSection
{
    /// <summary>Section id, unique within the form.</summary>
    public required string Id { get; init; }
    /// <summary>Title (for example 大問1), or null.</summary>
    public string? Title { get; init; }
    /// <summary>Instructions (Markdown), or null.</summary>
    public string? Instructions { get; init; }
    /// <summary>Whether the items of the section are shuffled per student.</summary>
    public bool ShuffleItems { get; init; }
    /// <summary>Item references in order.</summary>
    public required ImmutableArray<FormItemRef> Items { get; init; }
}

/// <summary>A test form: sections of item references, weights, a time limit and shuffling.</summary>
public sealed record TestForm
{
    /// <summary>Form id.</summary>
    public required string Id { get; init; }
    /// <summary>Version (for example <c>1</c> or <c>2026.1</c>); results record the version they were scored with.</summary>
    public required string Version { get; init; }
    /// <summary>Title shown to students and on reports.</summary>
    public required string Title { get; init; }
    /// <summary>What the form is for.</summary>
    public FormKind Kind { get; init; } = FormKind.Test;
    /// <summary>教科, or null for mixed forms.</summary>
    public string? Subject { get; init; }
    /// <summary>学年, or null.</summary>
    public int? Grade { get; init; }
    /// <summary>Time limit, or null for untimed.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>Whether sections are shuffled per student.</summary>
    public bool ShuffleSections { get; init; }
    /// <summary>Sections in order.</summary>
    public required ImmutableArray<FormSection> Sections { get; init; }
    /// <summary>Where the form was read from.</summary>
    public SourceLocation Source { get; init; }

    /// <summary>All item references in form order.</summary>
    public IEnumerable<FormItemRef> AllItems => Sections.SelectMany(s => s.Items);
}
