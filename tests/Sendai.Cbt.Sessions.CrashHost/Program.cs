using System.CommandLine;
using Sendai.Cbt.Cli.Commands;

namespace Sendai.Cbt.Sessions.CrashHost;

/// <summary>Runs <c>session</c>, <c>log</c> and <c>pack</c> commands out of process.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var root = new RootCommand("crash-test host");
        root.Subcommands.Add(SessionCommand.Create(Console.Out, Console.Error, TimeProvider.System));
        root.Subcommands.Add(LogCommand.Create(Console.Out, Console.Error, TimeProvider.System));
        root.Subcommands.Add(PackCommand.Create(Console.Out, Console.Error, TimeProvider.System));
        return root.Parse(args).Invoke();
    }
}
