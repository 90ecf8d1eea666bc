namespace Sendai.Cbt.Items;

/// <summary>
/// Something a content package derived from one of a model's texts when it read it — the Markdown
/// package keeps the parsed prompt so that rendering does not parse it again. It is not part of the
/// model's value: it never affects equality, hashing, printing or serialisation (it is internal), and it
/// is used only while the text it came from is the same string instance, so a <c>with</c> copy that
/// replaces the text falls back to the text.
/// </summary>
internal readonly struct Derived : IEquatable<Derived>
{
    private readonly string? _source;
    private readonly object? _value;

    /// <summary>Attaches <paramref name="value"/>, derived from <paramref name="source"/>.</summary>
    public Derived(string source, object value)
    {
        _source = source;
        _value = value;
    }

    /// <summary>The attached value when <paramref name="text"/> is the very string it was derived from; otherwise null.</summary>
    public T? For<T>(string? text) where T : class =>
        _source is not null && ReferenceEquals(_source, text) ? _value as T : null;

    /// <summary>Always true: derived data is not part of the model's value.</summary>
    public bool Equals(Derived other) => true;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Derived;

    /// <inheritdoc />
    public override int GetHashCode() => 0;
}
