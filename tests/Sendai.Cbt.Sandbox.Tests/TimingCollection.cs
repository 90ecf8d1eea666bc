using Xunit;

namespace Sendai.Cbt.Sandbox.Tests;

/// <summary>
/// Test classes that measure wall-clock time or grade on many threads run one after another (xunit runs
/// different collections in parallel), so that parallel grading in one class does not eat the time budget of
/// a hostile case in another on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TimingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "sandbox timing";
}
