using Sendai.Cbt.Markdown.Parsing;

namespace Sendai.Cbt.Cli;

/// <summary>How every <c>cbt</c> command reads items: with the bank's display key from the environment.</summary>
internal static class BankLoading
{
    /// <summary>
    /// The environment variable holding the bank's secret display key (<see cref="ItemParser.DisplayKey"/>):
    /// without it, the display order of order and match items can be computed from the item id.
    /// </summary>
    public const string DisplayKeyVariable = "CBT_DISPLAY_KEY";

    /// <summary>A parser configured from the environment.</summary>
    public static ItemParser Parser() => new() { DisplayKey = Environment.GetEnvironmentVariable(DisplayKeyVariable) };

    /// <summary>Loads a bank folder with <see cref="Parser"/>.</summary>
    public static ItemBank Load(string directory) => ItemBankLoader.Load(directory, Parser());
}
