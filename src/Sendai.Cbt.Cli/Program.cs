namespace Sendai.Cbt.Cli;

/// <summary>Entry point of the <c>cbt</c> command.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return CliApp.Run(args, Console.Out, Console.Error, TimeProvider.System, interactive: !Console.IsOutputRedirected);
    }
}
