namespace Sendai.Cbt.Normalization;

/// <summary>The result of normalising an answer.</summary>
/// <param name="Value">The normalised text; the very same instance as the input when nothing changed.</param>
/// <param name="Applied">The rules that actually changed something (so a teacher can see why two answers matched).</param>
public readonly record struct NormalizedText(string Value, NormalizationRules Applied);
