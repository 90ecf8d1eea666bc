using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Sendai.Cbt.Diagnostics;

namespace Sendai.Cbt.Qti.Import;

/// <summary>Reads untrusted packages: bounded zip extraction without path traversal, XML without DTDs or external entities, bounded size and depth.</summary>
internal static class SafeInput
{
    /// <summary>Reads every file entry of a zip archive into memory, enforcing the limits; problems become diagnostics.</summary>
    public static Dictionary<string, byte[]>? ReadZip(Stream stream, string display, QtiImportOptions o, List<Diagnostic> diagnostics)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException or ArgumentException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, display, 0, 0, $"not a readable zip archive ({e.Message})"));
            return null;
        }
        using (zip)
        {
            IReadOnlyCollection<ZipArchiveEntry> entries;
            try { entries = zip.Entries; }
            catch (InvalidDataException e)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, display, 0, 0, $"corrupt zip directory ({e.Message})"));
                return null;
            }
            if (entries.Count > o.MaxEntries)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, display, 0, 0, $"the package has {entries.Count} entries (limit {o.MaxEntries}); nothing was imported"));
                return null;
            }
            long total = 0;
            foreach (var entry in entries)
            {
                if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\')) continue;
                var path = NormalizePath(entry.FullName);
                if (path is null)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Error, display, 0, 0, $"entry '{Shorten(entry.FullName)}' points outside the package (absolute path or '..'); it is ignored"));
                    continue;
                }
                if (entry.Length > o.MaxEntryBytes || (entry.CompressedLength > 0 && entry.Length / Math.Max(1, entry.CompressedLength) > o.MaxCompressionRatio))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, display, 0, 0,
                        $"entry '{Shorten(path)}' is too large ({entry.Length} bytes, compression ratio {entry.Length / Math.Max(1, entry.CompressedLength)}); it is ignored"));
                    continue;
                }
                if (total + entry.Length > o.MaxTotalBytes)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, display, 0, 0, $"the package expands to more than {o.MaxTotalBytes} bytes; entries from '{Shorten(path)}' on are ignored"));
                    break;
                }
                byte[]? bytes;
                try { bytes = ReadBounded(entry, o.MaxEntryBytes); }
                catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, display, 0, 0, $"entry '{Shorten(path)}' cannot be read ({e.Message})"));
                    continue;
                }
                if (bytes is null)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, display, 0, 0, $"entry '{Shorten(path)}' expands beyond {o.MaxEntryBytes} bytes (its header lies); it is ignored"));
                    continue;
                }
                total += bytes.Length;
                if (!files.TryAdd(path, bytes))
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiUnsafePath, Severity.Warning, display, 0, 0, $"entry '{Shorten(path)}' appears twice; the first is used"));
            }
        }
        return files;
    }

    private static byte[]? ReadBounded(ZipArchiveEntry entry, long max)
    {
        using var s = entry.Open();
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + n > max) return null;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    /// <summary>Reads the files under a folder (no links followed outside it), with the same limits.</summary>
    public static Dictionary<string, byte[]> ReadDirectory(string directory, QtiImportOptions o, List<Diagnostic> diagnostics)
    {
        var root = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        long total = 0;
        int count = 0;
        foreach (var f in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, MaxRecursionDepth = 32 }).Order(StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(f);
            if (!full.StartsWith(root, StringComparison.Ordinal)) continue;
            var rel = full[root.Length..].Replace('\\', '/');
            if (++count > o.MaxEntries)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, directory, 0, 0, $"the folder has more than {o.MaxEntries} files; the rest are ignored"));
                break;
            }
            var len = new FileInfo(full).Length;
            if (len > o.MaxEntryBytes || total + len > o.MaxTotalBytes)
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, rel, 0, 0, $"file is too large ({len} bytes); it is ignored"));
                continue;
            }
            total += len;
            files[rel] = File.ReadAllBytes(full);
        }
        return files;
    }

    /// <summary>Normalises a package-relative path; null when it is absolute or climbs out with '..'.</summary>
    public static string? NormalizePath(string path)
    {
        var p = path.Replace('\\', '/');
        if (p.StartsWith('/') || (p.Length >= 2 && p[1] == ':') || p.Contains('\0')) return null;
        var parts = new List<string>();
        foreach (var seg in p.Split('/'))
        {
            if (seg.Length == 0 || seg == ".") continue;
            if (seg == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(seg);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>Resolves an href relative to the folder of <paramref name="fromFile"/>; null when it leaves the package or is a URL.</summary>
    public static string? Resolve(string fromFile, string href)
    {
        var h = Uri.UnescapeDataString(href.Split('#', '?')[0]);
        if (h.Contains("://", StringComparison.Ordinal) || h.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return null;
        var dir = fromFile.Contains('/') ? fromFile[..fromFile.LastIndexOf('/')] + "/" : "";
        return NormalizePath(dir + h);
    }

    /// <summary>Parses XML bytes: no DTD, no external resolution, bounded characters and depth. Null (with a diagnostic) on any problem.</summary>
    public static XDocument? LoadXml(byte[] bytes, string display, QtiImportOptions o, List<Diagnostic> diagnostics)
    {
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, display, 0, 0, "the document is not UTF-8"));
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Length > o.MaxXmlChars)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, display, 0, 0, $"the document has {text.Length} characters (limit {o.MaxXmlChars}); it is ignored"));
            return null;
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = o.MaxXmlChars,
            MaxCharactersFromEntities = 1024,
            IgnoreProcessingInstructions = true,
            IgnoreComments = true,
        };
        try
        {
            // First pass: depth.
            using (var r = XmlReader.Create(new StringReader(text), settings))
            {
                while (r.Read())
                {
                    if (r.Depth > o.MaxXmlDepth)
                    {
                        diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiPackageLimit, Severity.Error, display, ((IXmlLineInfo)r).LineNumber, ((IXmlLineInfo)r).LinePosition,
                            $"elements are nested deeper than {o.MaxXmlDepth}; the document is ignored"));
                        return null;
                    }
                }
            }
            using var reader = XmlReader.Create(new StringReader(text), settings);
            return XDocument.Load(reader, LoadOptions.PreserveWhitespace | LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var dtd = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase);
            diagnostics.Add(new Diagnostic(DiagnosticCodes.QtiMalformedXml, Severity.Error, display, e.LineNumber, e.LinePosition,
                dtd ? "the document declares a DTD, which is not allowed (XXE protection); it is ignored" : $"not well-formed XML: {e.Message}"));
            return null;
        }
    }

    public static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
