namespace Sendai.Cbt.Tests;

/// <summary>Finds the repository root (the folder holding Sendai.Cbt.sln) from the test binaries.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Sendai.Cbt.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    });

    public static string Root => RootLazy.Value;
    public static string Content => Path.Combine(Root, "content");
    public static string Tests => Path.Combine(Root, "tests");
}
