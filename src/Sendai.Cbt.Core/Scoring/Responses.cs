using System.Collections.Immutable;
using System.Globalization;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Scoring;

/// <summary>The shape of an <see cref="ItemResponse"/>.</summary>
public enum ResponseKind
{
    /// <summary>無解答: the student gave no response. Never the same as an empty or wrong answer.</summary>
    None,
    /// <summary>One raw value as typed, in the response-cell syntax of docs/formats.md (interpreted by the item type).</summary>
    Raw,
    /// <summary>Several parts: choice labels, order labels, <c>A=2</c> pairs, or cloze blanks (a null part is an unanswered blank).</summary>
    Parts,
    /// <summary>Essay text with an optional teacher rubric score.</summary>
    Essay,
}

/// <summary>
/// One student's raw response to one item. Build it with the factory methods; the scorer interprets it by the
/// item's type. Immutable.
/// </summary>
public sealed record ItemResponse
{
    private ItemResponse(ResponseKind kind, ImmutableArray<string?> parts, decimal? rubricScore)
    {
        Kind = kind;
        Parts = parts;
        RubricScore = rubricScore;
    }

    /// <summary>The shape of the response.</summary>
    public ResponseKind Kind { get; }

    /// <summary>The raw value (one part for <see cref="ResponseKind.Raw"/> and <see cref="ResponseKind.Essay"/>), the parts, or empty for <see cref="ResponseKind.None"/>.</summary>
    public ImmutableArray<string?> Parts { get; }

    /// <summary>The teacher's rubric score of an essay, or null when not yet scored (the response is then pending).</summary>
    public decimal? RubricScore { get; }

    /// <summary>True for 無解答.</summary>
    public bool IsNoResponse => Kind == ResponseKind.None;

    /// <summary>The single no-response value.</summary>
    public static ItemResponse NoResponse { get; } = new(ResponseKind.None, [], null);

    /// <summary>A raw value as typed (a CSV cell): <c>B</c>, <c>A;C</c>, <c>A=2;B=1</c>, text or a number. An empty string is an empty answer, not 無解答.</summary>
    /// <param name="value">The raw value.</param>
    public static ItemResponse Raw(string value) => new(ResponseKind.Raw, [value ?? throw new ArgumentNullException(nameof(value))], null);

    /// <summary>Text typed by the student (text and numeric items, program source, survey comments).</summary>
    /// <param name="text">The text.</param>
    public static ItemResponse Text(string text) => Raw(text);

    /// <summary>A number (numeric items), written in invariant culture.</summary>
    /// <param name="value">The value.</param>
    public static ItemResponse Number(decimal value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Marked choice labels (one for <c>choice</c>, any number for <c>multiple</c>).</summary>
    /// <param name="labels">Labels A, B, C…</param>
    public static ItemResponse Choices(params string[] labels) => FromParts(labels);

    /// <summary>An order answer: labels in the order the student put them.</summary>
    /// <param name="labels">Labels A, B, C…</param>
    public static ItemResponse Order(params string[] labels) => FromParts(labels);

    /// <summary>A match answer: left label to right label pairs.</summary>
    /// <param name="pairs">Pairs such as (A, 2).</param>
    public static ItemResponse Pairs(params (string Left, string Right)[] pairs) =>
        FromParts(pairs.Select(p => $"{p.Left}={p.Right}").ToArray());

    /// <summary>Cloze blanks in order; a null blank was left unanswered.</summary>
    /// <param name="blanks">The blank answers.</param>
    public static ItemResponse Blanks(params string?[] blanks) => FromParts(blanks);

    /// <summary>Essay text with the teacher's rubric score (null: not scored yet, so pending).</summary>
    /// <param name="text">The essay.</param>
    /// <param name="rubricScore">Rubric points given by the teacher, or null.</param>
    public static ItemResponse Essay(string? text, decimal? rubricScore = null) => new(ResponseKind.Essay, [text], rubricScore);

    /// <summary>Source code of a program answer.</summary>
    /// <param name="source">The source.</param>
    public static ItemResponse Program(string source) => Raw(source);

    private static ItemResponse FromParts(IReadOnlyList<string?> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return new(ResponseKind.Parts, [.. parts], null);
    }

    /// <summary>The response as one CSV cell (parts joined by <c>;</c>); empty for no response.</summary>
    public string ToCell() => Kind switch
    {
        ResponseKind.None => "",
        ResponseKind.Parts => string.Join(';', Parts.Select(p => p ?? "")),
        _ => Parts.IsDefaultOrEmpty ? "" : Parts[0] ?? "",
    };
}

/// <summary>One student's responses to a batch's items.</summary>
/// <param name="StudentId">The student's id (unique in the batch).</param>
/// <param name="Responses">Responses aligned with <see cref="ResponseBatch.ItemIds"/>; missing trailing entries are no response.</param>
/// <param name="Line">Position of the student's row in the source (CSV line, or 1-based record number in MessagePack); 0 when not from a file.</param>
public sealed record StudentResponses(string StudentId, ImmutableArray<ItemResponse> Responses, int Line = 0);

/// <summary>A set of students' responses to one form, as read from a file or produced by the simulator.</summary>
public sealed record ResponseBatch
{
    /// <summary>The form id the responses were given to.</summary>
    public required string FormId { get; init; }
    /// <summary>The form version, or null when unknown.</summary>
    public string? FormVersion { get; init; }
    /// <summary>Item ids of the columns, in file order (may include ids that are not in the form; they are reported).</summary>
    public required ImmutableArray<string> ItemIds { get; init; }
    /// <summary>Students in file order.</summary>
    public required ImmutableArray<StudentResponses> Students { get; init; }
    /// <summary>Where the batch came from (file path), used in diagnostics.</summary>
    public string Source { get; init; } = "";
    /// <summary>The 1-based column of each entry of <see cref="ItemIds"/> in the source, for diagnostics; default: position + 2 (CSV, after <c>student_id</c>).</summary>
    public ImmutableArray<int> Columns { get; init; }
    /// <summary>Problems found while reading the file (rows already rejected there are not in <see cref="Students"/>).</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; init; } = [];
    /// <summary>Rows rejected while reading (each has a diagnostic).</summary>
    public int RejectedRows { get; init; }

    internal int ColumnOf(int position) =>
        !Columns.IsDefault && position < Columns.Length ? Columns[position] : position + 2;
}
