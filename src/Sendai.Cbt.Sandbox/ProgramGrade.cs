using System.Collections.Immutable;

namespace Sendai.Cbt.Sandbox;

/// <summary>How a test, or a whole submission, ended.</summary>
public enum ProgramOutcome
{
    /// <summary>The returned value matched the expected one (for a submission: every test passed).</summary>
    Passed,
    /// <summary>The function returned a value that does not match.</summary>
    Failed,
    /// <summary>The source could not be parsed (see line and column).</summary>
    SyntaxError,
    /// <summary>The code threw (an Error or any other value), or the entry function is missing.</summary>
    RuntimeError,
    /// <summary>A sandbox limit stopped the code (see <see cref="SandboxLimit"/>).</summary>
    LimitExceeded,
}

/// <summary>The sandbox limit that stopped a run.</summary>
public enum SandboxLimit
{
    /// <summary>No limit was hit.</summary>
    None,
    /// <summary>Too many statements (<see cref="SandboxOptions.MaxStatements"/>), usually an endless loop.</summary>
    Statements,
    /// <summary>Too much memory allocated.</summary>
    Memory,
    /// <summary>Recursion too deep (depth limit or native stack guard).</summary>
    Recursion,
    /// <summary>An array longer than <see cref="SandboxOptions.MaxArraySize"/>.</summary>
    ArraySize,
    /// <summary>A string longer than <see cref="SandboxOptions.MaxStringLength"/>.</summary>
    StringLength,
    /// <summary>Wall-clock time of the test or the submission ran out.</summary>
    Time,
    /// <summary>A regular expression match took too long.</summary>
    Regex,
    /// <summary>The source is larger than <see cref="SandboxOptions.MaxSourceLength"/>.</summary>
    SourceSize,
    /// <summary>The source nests deeper than the parser accepts.</summary>
    Nesting,
    /// <summary>The caller cancelled the grading.</summary>
    Cancelled,
}

/// <summary>The result of one test of a program item.</summary>
public sealed record ProgramTestResult
{
    /// <summary>1-based test number.</summary>
    public required int Number { get; init; }
    /// <summary>Hidden tests reveal only passed/failed: <see cref="Expected"/>, <see cref="Actual"/>, <see cref="ErrorMessage"/> and <see cref="Output"/> are null.</summary>
    public required bool Hidden { get; init; }
    /// <summary>How the test ended.</summary>
    public required ProgramOutcome Outcome { get; init; }
    /// <summary>True when <see cref="Outcome"/> is <see cref="ProgramOutcome.Passed"/>.</summary>
    public bool Passed => Outcome == ProgramOutcome.Passed;
    /// <summary>Points earned (the test's points when passed, else 0).</summary>
    public required decimal Points { get; init; }
    /// <summary>Points the test is worth.</summary>
    public required decimal MaxPoints { get; init; }
    /// <summary>The limit that stopped the test, or <see cref="SandboxLimit.None"/>.</summary>
    public SandboxLimit Limit { get; init; }
    /// <summary>Expected value as JavaScript-like text (visible tests only).</summary>
    public string? Expected { get; init; }
    /// <summary>Returned value as JavaScript-like text (visible tests that returned, only).</summary>
    public string? Actual { get; init; }
    /// <summary>Error message for runtime errors (visible tests only).</summary>
    public string? ErrorMessage { get; init; }
    /// <summary>1-based line of the error, when known (visible tests only).</summary>
    public int? Line { get; init; }
    /// <summary>Captured <c>console.log</c> output of this test (visible tests only).</summary>
    public string? Output { get; init; }
    /// <summary>Feedback for the student in Japanese, for example 「テスト3: 期待値 15、実際 14」.</summary>
    public required string Feedback { get; init; }
}

/// <summary>The result of grading one submission of a program item.</summary>
public sealed record ProgramGrade
{
    /// <summary>Id of the graded item.</summary>
    public required string ItemId { get; init; }
    /// <summary>Points earned: the sum of the points of the passed tests.</summary>
    public required decimal Score { get; init; }
    /// <summary>Sum of the points of all tests.</summary>
    public required decimal MaxScore { get; init; }
    /// <summary><see cref="ProgramOutcome.Passed"/> when every test passed; otherwise the outcome of the first test that did not pass (or of the whole source, for syntax errors and top-level failures).</summary>
    public required ProgramOutcome Outcome { get; init; }
    /// <summary>The limit behind a <see cref="ProgramOutcome.LimitExceeded"/> outcome, else <see cref="SandboxLimit.None"/>.</summary>
    public SandboxLimit Limit { get; init; }
    /// <summary>Line of a syntax or top-level runtime error, when known.</summary>
    public int? Line { get; init; }
    /// <summary>Column of a syntax error, when known.</summary>
    public int? Column { get; init; }
    /// <summary>Per-test results in test order.</summary>
    public required ImmutableArray<ProgramTestResult> Tests { get; init; }
    /// <summary><c>console.log</c> output of the top-level script (tests keep their own).</summary>
    public string Output { get; init; } = "";
    /// <summary>Feedback for the student in Japanese: a summary line, then one line per test.</summary>
    public required string Feedback { get; init; }
}
