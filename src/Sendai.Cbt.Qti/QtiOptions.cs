using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Qti;

/// <summary>The QTI flavour written by the exporter.</summary>
public enum QtiVersion
{
    /// <summary>1EdTech QTI 3.0 (namespace <c>http://www.imsglobal.org/xsd/imsqtiasi_v3p0</c>, kebab-case <c>qti-</c> element names). The default.</summary>
    V3p0,
    /// <summary>IMS QTI 2.2 (namespace <c>http://www.imsglobal.org/xsd/imsqti_v2p2</c>, camelCase element names), for TAO versions that import only 2.x.</summary>
    V2p2,
}

/// <summary>Options of <see cref="QtiExporter"/>.</summary>
public sealed record QtiExportOptions
{
    /// <summary>The QTI flavour (default 3.0).</summary>
    public QtiVersion Version { get; init; } = QtiVersion.V3p0;

    /// <summary>Export only these forms and the items (and stimuli) they use; null exports the whole bank with every form.</summary>
    public ImmutableArray<string>? FormIds { get; init; }

    /// <summary>Copy images referenced with relative paths (resolved against each item file's folder) into the package (default true).</summary>
    public bool CopyMedia { get; init; } = true;

    /// <summary>Maximum size of one media file copied into the package (default 20 MiB); larger files are left out with a diagnostic.</summary>
    public long MaxMediaBytes { get; init; } = 20L * 1024 * 1024;
}

/// <summary>Limits applied when reading untrusted packages. Every limit is finite.</summary>
public sealed record QtiImportOptions
{
    /// <summary>Maximum number of entries in a zip package (default 10,000).</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Maximum uncompressed size of one entry (default 50 MiB).</summary>
    public long MaxEntryBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Maximum total uncompressed size of the package (default 500 MiB).</summary>
    public long MaxTotalBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>Maximum compression ratio of one entry (default 200); a higher ratio is treated as a zip bomb.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Maximum size of one XML document in characters (default 8 MiB).</summary>
    public long MaxXmlChars { get; init; } = 8L * 1024 * 1024;

    /// <summary>Maximum element nesting depth of an XML document (default 256).</summary>
    public int MaxXmlDepth { get; init; } = 256;

    /// <summary>The defaults.</summary>
    public static QtiImportOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> listing every invalid limit.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (MaxEntries <= 0) problems.Add("MaxEntries must be positive");
        if (MaxEntryBytes <= 0) problems.Add("MaxEntryBytes must be positive");
        if (MaxTotalBytes <= 0) problems.Add("MaxTotalBytes must be positive");
        if (MaxCompressionRatio <= 0) problems.Add("MaxCompressionRatio must be positive");
        if (MaxXmlChars <= 0) problems.Add("MaxXmlChars must be positive");
        if (MaxXmlDepth <= 0) problems.Add("MaxXmlDepth must be positive");
        if (problems.Count > 0) throw new ArgumentException("invalid QtiImportOptions: " + string.Join("; ", problems));
    }
}

/// <summary>The result of an export: what was written and every diagnostic.</summary>
/// <param name="ItemCount">Items written.</param>
/// <param name="TestCount">Tests (forms) written.</param>
/// <param name="Files">Package paths written, in order (imsmanifest.xml first).</param>
/// <param name="Diagnostics">Everything approximated or left out.</param>
public sealed record QtiExportResult(int ItemCount, int TestCount, ImmutableArray<string> Files, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>The result of an import: the model, the Markdown/YAML files that represent it and every diagnostic.</summary>
/// <param name="Items">Imported items (as parsed back from the written Markdown).</param>
/// <param name="Stimuli">Imported shared stimuli.</param>
/// <param name="Forms">Imported test forms.</param>
/// <param name="Files">Bank-relative path (items/…/x.md, forms/x.yaml, items/media/…) → content (UTF-8 text or raw bytes for media).</param>
/// <param name="Diagnostics">Everything that could not be represented, and why.</param>
public sealed record QtiImportResult(
    ImmutableArray<Item> Items,
    ImmutableArray<Stimulus> Stimuli,
    ImmutableArray<TestForm> Forms,
    ImmutableDictionary<string, byte[]> Files,
    ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error.</summary>
    public bool Success => !Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>Writes <see cref="Files"/> under <paramref name="directory"/> (creating folders); existing files are overwritten.</summary>
    /// <param name="directory">The bank folder to write.</param>
    public void WriteTo(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var root = Path.GetFullPath(directory);
        foreach (var (rel, bytes) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var full = Path.GetFullPath(Path.Combine(root, rel));
            if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new InvalidOperationException($"refusing to write outside {root}: {rel}");
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }
}
