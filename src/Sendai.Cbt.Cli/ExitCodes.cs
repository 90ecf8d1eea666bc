namespace Sendai.Cbt.Cli;

/// <summary>Exit codes of <c>cbt</c> (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Success (warnings may have been printed).</summary>
    public const int Ok = 0;
    /// <summary>The content has errors (diagnostics were printed).</summary>
    public const int ContentErrors = 1;
    /// <summary>Bad command line: unknown option, missing argument.</summary>
    public const int Usage = 2;
    /// <summary>An input file or folder does not exist or cannot be read or written.</summary>
    public const int IoError = 3;
    /// <summary>Unexpected internal error (a bug: please report it).</summary>
    public const int InternalError = 70;
}
