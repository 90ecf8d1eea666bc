using Sendai.Cbt.Markdown.Parsing;
using Sendai.Cbt.Scoring;

namespace Sendai.Cbt.Cli.Commands;

/// <summary>Loading a bank and compiling a form for the scoring commands.</summary>
internal static class ScoringCommandSupport
{
    /// <summary>Loads <paramref name="bankDir"/> and compiles <paramref name="formId"/> (with <paramref name="options"/>, defaults when null); null (message printed) when impossible.</summary>
    public static CompiledForm? LoadForm(string bankDir, string formId, TextWriter stderr, out int exitCode, ScoringOptions? options = null)
    {
        exitCode = ExitCodes.Ok;
        if (!Directory.Exists(bankDir))
        {
            stderr.WriteLine($"cbt: folder not found: {bankDir}");
            exitCode = ExitCodes.IoError;
            return null;
        }

        var bank = BankLoading.Load(bankDir);
        var form = bank.FindForm(formId);
        if (form is null)
        {
            stderr.WriteLine($"cbt: form '{formId}' is not in {bankDir} (forms: {string.Join(", ", bank.Forms.Select(f => f.Id))})");
            exitCode = ExitCodes.ContentErrors;
            return null;
        }

        try
        {
            return CompiledForm.Compile(bank, form, options);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"cbt: {e.Message}");
            exitCode = ExitCodes.ContentErrors;
            return null;
        }
    }
}
