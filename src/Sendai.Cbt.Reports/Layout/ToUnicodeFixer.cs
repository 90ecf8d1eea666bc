using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace Sendai.Cbt.Reports.Layout;

/// <summary>
/// Repairs the ToUnicode CMaps PDFsharp 6.2.4 writes for characters beyond the BMP.
/// </summary>
/// <remarks>
/// <c>PdfToUnicodeMap.PrepareForSave</c> (internal to PDFsharp, regenerated on every save, no hook)
/// writes each glyph as <c>&lt;gid&gt;&lt;gid&gt;&lt;code point as hex&gt;</c>; for 𠮷 (U+20BB7) that is
/// <c>&lt;20BB7&gt;</c>, five hex digits, which readers decode as the bytes 20 BB 70 and extract as
/// garbage. A ToUnicode destination must be UTF-16BE, i.e. the surrogate pair <c>&lt;D842DFB7&gt;</c>.
/// This class finds the Type0 fonts' ToUnicode streams in the saved file, rewrites such entries and
/// appends the corrected streams as a PDF incremental update (new object versions, an xref section and
/// a trailer with /Prev), so that everything else PDFsharp wrote stays byte for byte as it was.
/// </remarks>
internal static partial class ToUnicodeFixer
{
    [GeneratedRegex("<([0-9A-Fa-f]{4})><([0-9A-Fa-f]{4})><([0-9A-Fa-f]{5,6})>")]
    private static partial Regex WideEntry();

    /// <summary>Rewrites a ToUnicode CMap text so that code points beyond the BMP become surrogate pairs.</summary>
    public static string FixCMap(string cmap) => WideEntry().Replace(cmap, m =>
    {
        int cp = int.Parse(m.Groups[3].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (cp <= 0xFFFF || cp > 0x10FFFF)
            return m.Value;
        var s = char.ConvertFromUtf32(cp);
        return $"<{m.Groups[1].Value}><{m.Groups[2].Value}><{(int)s[0]:X4}{(int)s[1]:X4}>";
    });

    /// <summary>Returns the PDF with repaired ToUnicode maps (the input itself when nothing needs repair).</summary>
    public static byte[] Fix(byte[] pdf)
    {
        var fixes = new SortedDictionary<int, (int Generation, byte[] Content)>();
        using (var document = PdfReader.Open(new MemoryStream(pdf, writable: false), PdfDocumentOpenMode.Import))
        {
            foreach (var obj in document.Internals.GetAllObjects())
            {
                if (obj is not PdfDictionary font || font.Elements.GetName("/Subtype") != "/Type0")
                    continue;
                var reference = font.Elements.GetReference("/ToUnicode");
                if (reference?.Value is not PdfDictionary { Stream: { } stream })
                    continue;
                var text = Encoding.ASCII.GetString(stream.UnfilteredValue);
                var repaired = FixCMap(text);
                if (!ReferenceEquals(text, repaired) && text != repaired)
                    fixes[reference.ObjectNumber] = (reference.GenerationNumber, Encoding.ASCII.GetBytes(repaired));
            }
        }
        return fixes.Count == 0 ? pdf : AppendIncrementalUpdate(pdf, fixes);
    }

    private static byte[] AppendIncrementalUpdate(byte[] pdf, SortedDictionary<int, (int Generation, byte[] Content)> objects)
    {
        var latin1 = Encoding.Latin1;
        string whole = latin1.GetString(pdf);
        int trailerAt = whole.LastIndexOf("trailer", StringComparison.Ordinal);
        int startXrefAt = whole.LastIndexOf("startxref", StringComparison.Ordinal);
        if (trailerAt < 0 || startXrefAt < trailerAt)
            throw new InvalidOperationException("Cannot repair the ToUnicode maps: the PDF has no classic trailer.");
        var previousXref = Regex.Match(whole[(startXrefAt + 9)..], @"\d+").Value;
        string trailer = ExtractDictionary(whole, trailerAt);
        trailer = Regex.Replace(trailer, @"/Prev\s+\d+", "");
        trailer = "<<\n/Prev " + previousXref + trailer[2..];

        using var output = new MemoryStream(pdf.Length + 4096);
        output.Write(pdf);
        if (pdf.Length > 0 && pdf[^1] != '\n')
            output.WriteByte((byte)'\n');
        var offsets = new List<(int Number, int Generation, long Offset)>();
        foreach (var (number, (generation, content)) in objects)
        {
            offsets.Add((number, generation, output.Position));
            var compressed = Deflate(content);
            output.Write(latin1.GetBytes(Invariant($"{number} {generation} obj\n<<\n/Filter /FlateDecode\n/Length {compressed.Length}\n>>\nstream\n")));
            output.Write(compressed);
            output.Write(latin1.GetBytes("\nendstream\nendobj\n"));
        }
        long xref = output.Position;
        var sb = new StringBuilder("xref\n");
        foreach (var (number, generation, offset) in offsets)
            sb.Append(Invariant($"{number} 1\n{offset:D10} {generation:D5} n \n"));
        sb.Append("trailer\n").Append(trailer).Append(Invariant($"\nstartxref\n{xref}\n%%EOF\n"));
        output.Write(latin1.GetBytes(sb.ToString()));
        return output.ToArray();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string ExtractDictionary(string text, int from)
    {
        int start = text.IndexOf("<<", from, StringComparison.Ordinal);
        int depth = 0;
        for (int i = start; i < text.Length - 1; i++)
        {
            if (text[i] == '<' && text[i + 1] == '<')
            {
                depth++;
                i++;
            }
            else if (text[i] == '>' && text[i + 1] == '>')
            {
                depth--;
                i++;
                if (depth == 0)
                    return text[start..(i + 1)];
            }
        }
        throw new InvalidOperationException("Cannot repair the ToUnicode maps: the trailer dictionary is not closed.");
    }

    private static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(data);
        return ms.ToArray();
    }
}
