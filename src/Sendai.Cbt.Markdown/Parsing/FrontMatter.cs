using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>Splits an item file into YAML front matter and Markdown body, and loads the YAML with positions.</summary>
internal static class FrontMatter
{
    /// <summary>
    /// Where the parts of a file are: the YAML between the fences (<see cref="YamlStart"/> to
    /// <see cref="YamlEnd"/>, from line <see cref="YamlFirstLine"/>) and the body (from <see cref="BodyStart"/>,
    /// line <see cref="BodyFirstLine"/>, 0-based). Offsets index the file text.
    /// </summary>
    internal readonly record struct Split(string Text, int YamlStart, int YamlEnd, int YamlFirstLine, int BodyStart, int BodyFirstLine)
    {
        /// <summary>The body as its own string.</summary>
        public string Body => Text[BodyStart..];
    }

    public static Split? TrySplit(string path, string text, List<Diagnostic> diagnostics)
    {
        // The first line must be exactly '---' (trailing spaces allowed).
        int firstEnd = text.IndexOf('\n');
        var firstLine = firstEnd < 0 ? text.AsSpan() : text.AsSpan(0, firstEnd);
        if (!firstLine.TrimEnd().SequenceEqual("---"))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.MissingFrontMatter, Severity.Error, path, 1, 1,
                "an item file must start with a YAML front matter block between two '---' lines"));
            return null;
        }
        int pos = firstEnd + 1;
        int line = 1; // 0-based index of the current line
        while (pos <= text.Length && firstEnd >= 0)
        {
            int end = text.IndexOf('\n', pos);
            var trimmed = (end < 0 ? text.AsSpan(pos) : text.AsSpan(pos, end - pos)).TrimEnd();
            if (trimmed.SequenceEqual("---") || trimmed.SequenceEqual("..."))
            {
                return new Split(text, firstEnd + 1, pos, 1, end < 0 ? text.Length : end + 1, line + 1);
            }
            if (end < 0) break;
            pos = end + 1;
            line++;
        }
        diagnostics.Add(new Diagnostic(DiagnosticCodes.UnclosedFrontMatter, Severity.Error, path, 1, 1,
            "the front matter is not closed: add a '---' line after it"));
        return null;
    }

    /// <summary>Loads YAML text; returns the root mapping or null with a diagnostic. <paramref name="lineOffset"/> is added to YAML's 1-based lines.</summary>
    public static YMap? Load(string path, string yaml, int lineOffset, List<Diagnostic> diagnostics, bool allowEmpty = false) =>
        Load(path, yaml, 0, yaml.Length, lineOffset, diagnostics, allowEmpty);

    /// <summary>Loads the YAML in <paramref name="text"/> from <paramref name="start"/> to <paramref name="end"/> (no copy unless YamlDotNet is needed).</summary>
    public static YMap? Load(string path, string text, int start, int end, int lineOffset, List<Diagnostic> diagnostics, bool allowEmpty = false)
    {
        var root = YamlLoader.Load(text, start, end, out var error);
        if (error is { } e)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, e.Line + lineOffset, e.Column, e.Message));
            return null;
        }
        if (root is YMap map) return map;
        if (root is YScalar { Quoted: false, Value: "" })
        {
            if (!allowEmpty)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, 1 + lineOffset, 1, "the YAML block is empty"));
            }
            return null;
        }
        diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, (root?.Line ?? 1) + lineOffset, root?.Column ?? 1,
            "the YAML block must be a mapping of 'key: value' lines"));
        return null;
    }
}
