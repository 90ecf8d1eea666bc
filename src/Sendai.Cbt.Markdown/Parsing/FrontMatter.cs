using Sendai.Cbt.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>Splits an item file into YAML front matter and Markdown body, and loads the YAML with positions.</summary>
internal static class FrontMatter
{
    /// <summary>The body and the line (0-based) in the file where it starts.</summary>
    internal readonly record struct Split(string Yaml, int YamlFirstLine, string Body, int BodyFirstLine);

    public static Split? TrySplit(string path, string text, List<Diagnostic> diagnostics)
    {
        // The first line must be exactly '---' (trailing spaces allowed).
        int firstEnd = text.IndexOf('\n');
        var firstLine = firstEnd < 0 ? text : text[..firstEnd];
        if (firstLine.TrimEnd() != "---")
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
            var current = end < 0 ? text[pos..] : text[pos..end];
            var trimmed = current.TrimEnd();
            if (trimmed is "---" or "...")
            {
                var yaml = text[(firstEnd + 1)..pos];
                var body = end < 0 ? "" : text[(end + 1)..];
                return new Split(yaml, 1, body, line + 1);
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
    public static YamlMappingNode? Load(string path, string yaml, int lineOffset, List<Diagnostic> diagnostics, bool allowEmpty = false)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            int line = (int)e.Start.Line + lineOffset;
            int column = (int)e.Start.Column;
            diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, Math.Max(1, line), Math.Max(1, column),
                "malformed YAML: " + FirstLine(e.Message)));
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet sometimes fails without a position (for example an unclosed '['): find the last good event.
            var (line, column) = LastGoodPosition(yaml);
            diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, line + lineOffset, column,
                "malformed YAML near here (check brackets, quotes and indentation)"));
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            if (!allowEmpty)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, 1 + lineOffset, 1, "the YAML block is empty"));
            }
            return null;
        }
        if (stream.Documents[0].RootNode is YamlMappingNode map) return map;
        var root = stream.Documents[0].RootNode;
        diagnostics.Add(new Diagnostic(DiagnosticCodes.MalformedYaml, Severity.Error, path, (int)root.Start.Line + lineOffset, (int)root.Start.Column,
            "the YAML block must be a mapping of 'key: value' lines"));
        return null;
    }

    private static (int Line, int Column) LastGoodPosition(string yaml)
    {
        var last = Mark.Empty;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                if (parser.Current is { } ev) last = ev.End;
            }
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            if (e is YamlException ye) last = ye.Start;
        }
        return (Math.Max(1, (int)last.Line), Math.Max(1, (int)last.Column));
    }

    private static string FirstLine(string message)
    {
        int nl = message.IndexOf('\n');
        return nl < 0 ? message : message[..nl];
    }
}
