using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;

namespace Sendai.Cbt;

/// <summary>
/// A loaded item bank: items, shared stimuli and forms, with every diagnostic found while loading.
/// Items with errors are left out; <see cref="Diagnostics"/> says why. Immutable and thread-safe.
/// </summary>
public sealed class ItemBank
{
    private readonly ImmutableDictionary<string, Item> _items;
    private readonly ImmutableDictionary<string, Stimulus> _stimuli;
    private readonly ImmutableDictionary<string, TestForm> _forms;

    /// <summary>Creates a bank. When ids repeat, the first occurrence wins (loaders report the duplicate).</summary>
    public ItemBank(IEnumerable<Item> items, IEnumerable<Stimulus>? stimuli = null, IEnumerable<TestForm>? forms = null, IEnumerable<Diagnostic>? diagnostics = null)
    {
        Items = [.. items];
        Stimuli = [.. stimuli ?? []];
        Forms = [.. forms ?? []];
        Diagnostics = [.. diagnostics ?? []];
        _items = First(Items, i => i.Id);
        _stimuli = First(Stimuli, s => s.Id);
        _forms = First(Forms, f => f.Id);
    }

    private static ImmutableDictionary<string, T> First<T>(ImmutableArray<T> values, Func<T, string> key)
    {
        var b = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var v in values) b.TryAdd(key(v), v);
        return b.ToImmutable();
    }

    /// <summary>Items in a stable order (by source path).</summary>
    public ImmutableArray<Item> Items { get; }
    /// <summary>Shared stimuli.</summary>
    public ImmutableArray<Stimulus> Stimuli { get; }
    /// <summary>Test forms.</summary>
    public ImmutableArray<TestForm> Forms { get; }
    /// <summary>Every problem found, in file order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when there is no error-severity diagnostic.</summary>
    public bool IsValid => !Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>Finds an item by id.</summary>
    public Item? FindItem(string id) => _items.GetValueOrDefault(id);

    /// <summary>Finds a stimulus by id.</summary>
    public Stimulus? FindStimulus(string id) => _stimuli.GetValueOrDefault(id);

    /// <summary>Finds a form by id.</summary>
    public TestForm? FindForm(string id) => _forms.GetValueOrDefault(id);
}
