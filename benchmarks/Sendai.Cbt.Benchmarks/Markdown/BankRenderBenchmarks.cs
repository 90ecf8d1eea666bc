using BenchmarkDotNet.Attributes;
using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Markdown.Rendering;

namespace Sendai.Cbt.Benchmarks.Markdown;

/// <summary>
/// Parse + render of the whole sample bank (every item file: front matter, body, diagnostics, student
/// view HTML) against the baseline of plain <c>Markdig.Markdown.ToHtml</c> over the same bodies.
/// Issue #2 target: within 2× the baseline.
/// </summary>
[MemoryDiagnoser]
public class BankRenderBenchmarks
{
    private (string Path, byte[] Bytes, string Body)[] _files = [];
    private readonly ItemParser _parser = new();
    private readonly ItemRenderer _renderer = new();
    private readonly RenderOptions _options = new() { View = RenderView.Student, ShuffleSeed = 42 };

    [GlobalSetup]
    public void Setup()
    {
        var root = FindContent();
        _files = Directory.EnumerateFiles(Path.Combine(root, "items"), "*.md", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f =>
            {
                var text = File.ReadAllText(f);
                int end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
                var body = end < 0 ? text : text[(text.IndexOf('\n', end + 1) + 1)..];
                return (f, File.ReadAllBytes(f), body);
            })
            .ToArray();
    }

    internal static string FindContent()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "content", "items"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("content/ not found"), "content");
    }

    /// <summary>Plain Markdig over the bodies: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public int MarkdigToHtml()
    {
        int total = 0;
        foreach (var (_, _, body) in _files) total += Markdig.Markdown.ToHtml(body).Length;
        return total;
    }

    /// <summary>Our parser (YAML + Markdown + checks) and the student-view renderer.</summary>
    [Benchmark]
    public int ParseAndRender()
    {
        int total = 0;
        foreach (var (path, bytes, _) in _files)
        {
            var r = _parser.Parse(path, bytes);
            if (r.Item is { } item) total += _renderer.RenderItem(item, _options).Length;
            else if (r.Stimulus is { } s) total += _renderer.RenderStimulus(s, _options).Length;
        }
        return total;
    }

    /// <summary>Markdig's parse alone with the default pipeline.</summary>
    internal int MarkdigParseDefault()
    {
        int total = 0;
        foreach (var (_, _, body) in _files) total += Markdig.Markdown.Parse(body).Count;
        return total;
    }

    /// <summary>Markdig's parse alone with the item pipeline (our extensions, precise source locations).</summary>
    internal int MarkdigParseCbt()
    {
        int total = 0;
        foreach (var (_, _, body) in _files) total += Markdig.Markdown.Parse(body, Sendai.Cbt.Markdown.CbtPipeline.Instance).Count;
        return total;
    }

    /// <summary>UTF-8 decoding alone (the part of parsing that no parser can avoid).</summary>
    internal int DecodeOnly()
    {
        int total = 0;
        var diagnostics = new List<Sendai.Cbt.Diagnostics.Diagnostic>();
        foreach (var (path, bytes, _) in _files) total += SourceText.Decode(path, bytes, diagnostics)!.Length;
        return total;
    }

    /// <summary>Decoding and front matter (split + YAML) alone.</summary>
    internal int FrontMatterOnly()
    {
        int total = 0;
        var diagnostics = new List<Sendai.Cbt.Diagnostics.Diagnostic>();
        foreach (var (path, bytes, _) in _files)
        {
            var text = SourceText.Decode(path, bytes, diagnostics)!;
            var split = FrontMatter.TrySplit(path, text, diagnostics)!.Value;
            total += FrontMatter.Load(path, text, split.YamlStart, split.YamlEnd, split.YamlFirstLine, diagnostics)!.Entries.Count;
        }
        return total;
    }

    /// <summary>Number of item files in the bank.</summary>
    internal int FileCount => _files.Length;

    /// <summary>Parses every file once (for <see cref="RenderOnly"/>).</summary>
    internal ItemParseResult[] ParseAll() => [.. _files.Select(f => _parser.Parse(f.Path, f.Bytes))];

    /// <summary>Rendering alone, of items parsed beforehand.</summary>
    internal int RenderOnly(ItemParseResult[] parsed)
    {
        int total = 0;
        foreach (var r in parsed)
        {
            if (r.Item is { } item) total += _renderer.RenderItem(item, _options).Length;
            else if (r.Stimulus is { } s) total += _renderer.RenderStimulus(s, _options).Length;
        }
        return total;
    }

    /// <summary>Parsing alone, to see where the time goes.</summary>
    [Benchmark]
    public int ParseOnly()
    {
        int total = 0;
        foreach (var (path, bytes, _) in _files) total += _parser.Parse(path, bytes).Diagnostics.Length;
        return total;
    }
}
