using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>
/// Loads a bank folder: <c>items/**/*.md</c> (items and stimuli) and <c>forms/*.yaml</c>. Files are
/// parsed in parallel; the result is deterministic (ordered by path). Bank-level checks: duplicate
/// ids, missing stimulus and item references.
/// </summary>
public static class ItemBankLoader
{
    /// <summary>Loads the bank under <paramref name="directory"/>. Paths in diagnostics are relative to the current directory when possible.</summary>
    /// <param name="directory">The bank root (holding items/ and forms/). When it has no items/ folder, every .md file below it is an item.</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    public static ItemBank Load(string directory, CancellationToken cancellationToken = default) =>
        Load(directory, new ItemParser(), cancellationToken);

    /// <summary>Loads the bank under <paramref name="directory"/> with a configured parser (for example one with a <see cref="ItemParser.DisplayKey"/>).</summary>
    /// <param name="directory">The bank root (holding items/ and forms/). When it has no items/ folder, every .md file below it is an item.</param>
    /// <param name="parser">The item parser (it is thread-safe; files are parsed in parallel).</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    public static ItemBank Load(string directory, ItemParser parser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(parser);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"bank folder not found: {directory}");
        var itemsDir = Path.Combine(directory, "items");
        var formsDir = Path.Combine(directory, "forms");
        var itemFiles = Directory.Exists(itemsDir) ? Enumerate(itemsDir, "*.md") : Enumerate(directory, "*.md").Where(f => !IsReadme(f)).ToArray();
        var formFiles = Directory.Exists(formsDir) ? Enumerate(formsDir, "*.yaml").Concat(Enumerate(formsDir, "*.yml")).OrderBy(f => f, StringComparer.Ordinal).ToArray() : [];
        var itemResults = new ItemParseResult[itemFiles.Length];
        Parallel.For(0, itemFiles.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var display = Display(itemFiles[i]);
            itemResults[i] = ReadFile(display, itemFiles[i], out var bytes, out var diag)
                ? parser.Parse(display, bytes)
                : new ItemParseResult(null, null, [diag!]);
        });
        var formResults = formFiles.Select(f =>
        {
            var display = Display(f);
            return ReadFile(display, f, out var bytes, out var diag) ? FormParser.Parse(display, bytes) : new FormParseResult(null, [diag!]);
        }).ToArray();
        return Assemble(itemResults, formResults);
    }

    /// <summary>Builds a bank from already parsed files, running the bank-level checks.</summary>
    /// <param name="items">Item parse results (items and stimuli).</param>
    /// <param name="forms">Form parse results.</param>
    public static ItemBank Assemble(IReadOnlyList<ItemParseResult> items, IReadOnlyList<FormParseResult> forms)
    {
        var diagnostics = new List<Diagnostic>();
        var itemList = new List<Item>();
        var stimuli = new List<Stimulus>();
        var ids = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var r in items)
        {
            diagnostics.AddRange(r.Diagnostics);
            if (r.Item is { } item)
            {
                if (ids.TryGetValue(item.Id, out var first))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicateId, Severity.Error, item.Source.File, item.Source.Line, item.Source.Column, $"id '{item.Id}' is already used by {first.File}"));
                    continue;
                }
                ids[item.Id] = item.Source;
                itemList.Add(item);
            }
            else if (r.Stimulus is { } s)
            {
                if (ids.TryGetValue(s.Id, out var first))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicateId, Severity.Error, s.Source.File, s.Source.Line, s.Source.Column, $"id '{s.Id}' is already used by {first.File}"));
                    continue;
                }
                ids[s.Id] = s.Source;
                stimuli.Add(s);
            }
        }
        var stimulusIds = stimuli.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var item in itemList)
        {
            if (item.StimulusId is { } sid && !stimulusIds.Contains(sid))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.MissingStimulusReference, Severity.Error, item.Source.File, item.Source.Line, item.Source.Column, $"stimulus '{sid}' is not in the bank"));
            }
        }
        var itemIds = itemList.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        // Items whose files have errors are already reported; references to them are not reported again.
        var brokenIds = items.Where(r => r.Item is null && r.Stimulus is null && r.DeclaredId is not null).Select(r => r.DeclaredId!).ToHashSet(StringComparer.Ordinal);
        var formList = new List<TestForm>();
        var formIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in forms)
        {
            diagnostics.AddRange(f.Diagnostics);
            if (f.Form is not { } form) continue;
            bool ok = f.Success;
            foreach (var r in form.AllItems)
            {
                if (!itemIds.Contains(r.ItemId))
                {
                    ok = false;
                    if (brokenIds.Contains(r.ItemId)) continue;
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.MissingItemReference, Severity.Error, r.Source.File, r.Source.Line, r.Source.Column,
                        stimulusIds.Contains(r.ItemId) ? $"'{r.ItemId}' is a stimulus; list the items that use it" : $"item '{r.ItemId}' is not in the bank"));
                    ok = false;
                }
            }
            if (!formIds.Add(form.Id))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicateId, Severity.Error, form.Source.File, 1, 1, $"form id '{form.Id}' is used twice"));
                ok = false;
            }
            if (ok) formList.Add(form);
        }
        var ordered = diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column);
        return new ItemBank(itemList, stimuli, formList, ordered);
    }

    private static string[] Enumerate(string dir, string pattern) =>
        Directory.EnumerateFiles(dir, pattern, new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive })
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();

    private static bool IsReadme(string f) => Path.GetFileName(f).StartsWith("README", StringComparison.OrdinalIgnoreCase);

    private static string Display(string fullPath)
    {
        var rel = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        return rel.StartsWith("..", StringComparison.Ordinal) ? fullPath : rel;
    }

    private static bool ReadFile(string display, string path, out byte[] bytes, out Diagnostic? diagnostic)
    {
        diagnostic = null;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > SourceText.MaxFileBytes)
            {
                bytes = [];
                diagnostic = new Diagnostic(DiagnosticCodes.FileTooLarge, Severity.Error, display, 0, 0, $"file is {info.Length:N0} bytes; the limit is {SourceText.MaxFileBytes:N0} bytes (1 MiB)");
                return false;
            }
            bytes = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bytes = [];
            diagnostic = new Diagnostic(DiagnosticCodes.UnreadableFile, Severity.Error, display, 0, 0, $"cannot read file: {e.Message}");
            return false;
        }
    }
}
