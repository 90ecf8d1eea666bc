using Markdig.Syntax.Inlines;

namespace Sendai.Cbt.Markdown.Extensions.Cloze;

/// <summary>A cloze blank <c>[[...]]</c>; <see cref="Raw"/> is the text between the brackets.</summary>
public sealed class ClozeBlankInline : LeafInline
{
    /// <summary>The text between <c>[[</c> and <c>]]</c>.</summary>
    public required string Raw { get; init; }
    /// <summary>1-based number of the blank within its document, in source order (set by the item parser and by the renderer).</summary>
    public int Number { get; set; }
}
