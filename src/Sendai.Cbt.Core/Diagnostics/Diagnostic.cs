namespace Sendai.Cbt.Diagnostics;

/// <summary>How serious a <see cref="Diagnostic"/> is.</summary>
public enum Severity
{
    /// <summary>Informational; nothing to fix.</summary>
    Info,
    /// <summary>Probably a mistake; the item is still usable.</summary>
    Warning,
    /// <summary>The item, form or file cannot be used as written.</summary>
    Error,
}

/// <summary>
/// A problem found in authored content (an item file, a form, a response file).
/// Content mistakes are reported as diagnostics, never as exceptions.
/// </summary>
/// <param name="Code">Stable code such as <c>CBT0010</c>; see <see cref="DiagnosticCodes"/>.</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="File">Path of the file as given to the parser (relative paths stay relative).</param>
/// <param name="Line">1-based line (0 when the problem concerns the whole file).</param>
/// <param name="Column">1-based column in UTF-16 code units (0 when the whole line or file).</param>
/// <param name="Message">Human-readable explanation (English; wording is not part of the contract).</param>
public sealed record Diagnostic(string Code, Severity Severity, string File, int Line, int Column, string Message)
{
    /// <summary>Formats the diagnostic as <c>path:line:col: error CODE: message</c>, the format editors and CI understand.</summary>
    public override string ToString()
    {
        var sev = Severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
        return $"{File}:{Line}:{Column}: {sev} {Code}: {Message}";
    }
}

/// <summary>A position in a source file: 1-based line and column.</summary>
/// <param name="File">Path as given to the parser.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}";
}
