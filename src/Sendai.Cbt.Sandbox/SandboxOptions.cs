namespace Sendai.Cbt.Sandbox;

/// <summary>
/// Limits of the JavaScript sandbox. Every limit is finite; <see cref="Validate"/> (called by
/// <see cref="ProgramGrader"/>) rejects zero, negative or unbounded values with one exception
/// listing every problem. Immutable and safe to share between threads.
/// </summary>
public sealed record SandboxOptions
{
    /// <summary>The defaults documented in docs/sandbox.md.</summary>
    public static SandboxOptions Default { get; } = new();

    /// <summary>Largest accepted source, in UTF-16 characters, checked before parsing (default 64 Ki).</summary>
    public int MaxSourceLength { get; init; } = 64 * 1024;

    /// <summary>Deepest bracket nesting (<c>( [ {</c>) accepted, checked before parsing (default 64).</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Statements one test (or the top-level script) may execute (default 500,000).</summary>
    public int MaxStatements { get; init; } = 500_000;

    /// <summary>Bytes one test (or the top-level script) may allocate (default 32 MB).</summary>
    public long MaxMemoryPerTest { get; init; } = 32_000_000;

    /// <summary>Bytes a whole submission may allocate; remaining tests are not run once it is spent (default 128 MB).</summary>
    public long MaxMemoryPerSubmission { get; init; } = 128_000_000;

    /// <summary>Deepest JavaScript call recursion (default 1,000). The native stack guard stays on as well.</summary>
    public int MaxRecursionDepth { get; init; } = 1_000;

    /// <summary>Largest array length (default 100,000).</summary>
    public int MaxArraySize { get; init; } = 100_000;

    /// <summary>Longest string that <c>repeat</c>, <c>padStart</c>, <c>padEnd</c>, <c>join</c>, <c>concat</c>, <c>replace</c> and <c>JSON.stringify</c> may build (default 1,000,000 characters).</summary>
    public int MaxStringLength { get; init; } = 1_000_000;

    /// <summary>Time one regular-expression match may take (default 100 ms).</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Wall-clock time one test (or the top-level script) may take (default 500 ms).</summary>
    public TimeSpan TestTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Wall-clock time the whole submission may take, shared by all its tests (default 1 s).</summary>
    public TimeSpan SubmissionTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Characters of <c>console.log</c> output kept per submission; the rest is dropped (default 16 Ki).</summary>
    public int MaxOutputLength { get; init; } = 16 * 1024;

    /// <summary>What <c>Date.now()</c> and <c>new Date()</c> return inside the sandbox (a fixed clock).</summary>
    public DateTimeOffset FixedNow { get; init; } = new(2025, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));

    /// <summary>Seed of <c>Math.random</c>; the same seed gives the same sequence for every submission.</summary>
    public ulong RandomSeed { get; init; } = 20250401;

    /// <summary>Throws <see cref="ArgumentException"/> listing every limit that is not positive and finite.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        void Positive(string name, long value, long max)
        {
            if (value <= 0) problems.Add($"{name} must be positive (was {value})");
            else if (value > max) problems.Add($"{name} must be at most {max} (was {value})");
        }
        void Time(string name, TimeSpan value, TimeSpan max)
        {
            if (value <= TimeSpan.Zero) problems.Add($"{name} must be positive (was {value})");
            else if (value > max) problems.Add($"{name} must be at most {max} (was {value})");
        }
        Positive(nameof(MaxSourceLength), MaxSourceLength, 1 << 20);
        Positive(nameof(MaxNestingDepth), MaxNestingDepth, 1_000);
        Positive(nameof(MaxStatements), MaxStatements, int.MaxValue - 1);
        Positive(nameof(MaxMemoryPerTest), MaxMemoryPerTest, 4L << 30);
        Positive(nameof(MaxMemoryPerSubmission), MaxMemoryPerSubmission, 16L << 30);
        Positive(nameof(MaxRecursionDepth), MaxRecursionDepth, 100_000);
        Positive(nameof(MaxArraySize), MaxArraySize, 100_000_000);
        Positive(nameof(MaxStringLength), MaxStringLength, 256 << 20);
        Positive(nameof(MaxOutputLength), MaxOutputLength, 64 << 20);
        Time(nameof(RegexTimeout), RegexTimeout, TimeSpan.FromMinutes(1));
        Time(nameof(TestTimeout), TestTimeout, TimeSpan.FromHours(1));
        Time(nameof(SubmissionTimeout), SubmissionTimeout, TimeSpan.FromHours(1));
        if (MaxMemoryPerSubmission < MaxMemoryPerTest) problems.Add($"{nameof(MaxMemoryPerSubmission)} must be at least {nameof(MaxMemoryPerTest)}");
        if (problems.Count > 0) throw new ArgumentException("Invalid sandbox options: " + string.Join("; ", problems) + ".");
    }
}
