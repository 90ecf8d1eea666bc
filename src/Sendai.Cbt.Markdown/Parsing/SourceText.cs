using System.Text;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>Decodes an authored file: size limit, strict UTF-8, BOM and CRLF handled.</summary>
internal static class SourceText
{
    /// <summary>The largest file accepted (1 MiB).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Decodes bytes to text with LF line ends; null (and a diagnostic) when the file cannot be used.</summary>
    public static string? Decode(string path, ReadOnlySpan<byte> bytes, List<Diagnostic> diagnostics)
    {
        if (bytes.Length > MaxFileBytes)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.FileTooLarge, Severity.Error, path, 0, 0,
                $"file is {bytes.Length:N0} bytes; the limit is {MaxFileBytes:N0} bytes (1 MiB)"));
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        // One pass: transcode into a pooled buffer (never more chars than bytes) and stop at the first
        // invalid sequence. Encoding.GetString validates and counts first, then transcodes: two passes.
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes, buffer, out _, out int written, replaceInvalidSequences: false);
            if (status != System.Buffers.OperationStatus.Done)
            {
                var (line, column) = FindInvalidUtf8(bytes);
                diagnostics.Add(new Diagnostic(DiagnosticCodes.InvalidUtf8, Severity.Error, path, line, column,
                    "file is not valid UTF-8 (save it as UTF-8)"));
                return null;
            }
            var chars = buffer.AsSpan(0, written);
            return chars.Contains('\r') || chars.StartsWith('\uFEFF') ? NormalizeNewLines(new string(chars)) : new string(chars);
        }
        finally
        {
            System.Buffers.ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>CRLF and lone CR become LF; a leading BOM character is dropped.</summary>
    public static string NormalizeNewLines(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return text.Contains('\r') ? text.Replace("\r\n", "\n").Replace('\r', '\n') : text;
    }

    private static (int Line, int Column) FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int line = 1;
        int lineStart = 0;
        int i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                // Column in characters of the valid prefix of the line, plus one.
                int column = Encoding.UTF8.GetCharCount(bytes[lineStart..i]) + 1;
                return (line, column);
            }
            // A line ends at LF, CRLF or a lone CR, as NormalizeNewLines has it.
            if (bytes[i] == (byte)'\n' || (bytes[i] == (byte)'\r' && (i + 1 == bytes.Length || bytes[i + 1] != (byte)'\n'))) { line++; lineStart = i + 1; }
            i += consumed;
        }
        return (line, 1);
    }
}
