using System.CommandLine;

namespace Sendai.Cbt.Cli;

/// <summary>render and demo (filled in when the renderer lands).</summary>
internal static class RenderCommands
{
    public static IEnumerable<Command> Build(CliApp app)
    {
        _ = app;
        return [];
    }
}
