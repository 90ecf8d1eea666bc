namespace Sendai.Cbt.Sandbox;

/// <summary>Cheap checks before parsing: size and bracket nesting (a heuristic scan that skips strings, comments and template text).</summary>
internal static class SourceGuard
{
    /// <summary>Returns the limit the source breaks, or <see cref="SandboxLimit.None"/>, and the 1-based line where the nesting got too deep.</summary>
    public static (SandboxLimit Limit, int Line) Check(string source, SandboxOptions o)
    {
        if (source.Length > o.MaxSourceLength) return (SandboxLimit.SourceSize, 0);
        int depth = 0, line = 1;
        var templates = new Stack<int>(); // depth at which a ${ opened inside a template
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            if (c == '\n') { line++; i++; continue; }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/') { while (i < source.Length && source[i] != '\n') i++; continue; }
            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                i += 2;
                while (i < source.Length && !(source[i] == '*' && i + 1 < source.Length && source[i + 1] == '/')) { if (source[i] == '\n') line++; i++; }
                i += 2;
                continue;
            }
            if (c is '"' or '\'')
            {
                i++;
                while (i < source.Length && source[i] != c && source[i] != '\n') { if (source[i] == '\\') i++; i++; }
                i++;
                continue;
            }
            if (c == '`' || (c == '}' && templates.Count > 0 && templates.Peek() == depth))
            {
                if (c == '}') { templates.Pop(); depth--; }
                i++;
                while (i < source.Length && source[i] != '`')
                {
                    if (source[i] == '\\') { i += 2; continue; }
                    if (source[i] == '\n') line++;
                    if (source[i] == '$' && i + 1 < source.Length && source[i + 1] == '{')
                    {
                        depth++;
                        if (depth > o.MaxNestingDepth) return (SandboxLimit.Nesting, line);
                        templates.Push(depth);
                        i += 2;
                        goto next;
                    }
                    i++;
                }
                i++;
                continue;
            }
            if (c is '(' or '[' or '{')
            {
                depth++;
                if (depth > o.MaxNestingDepth) return (SandboxLimit.Nesting, line);
            }
            else if (c is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
            i++;
        next:;
        }
        return (SandboxLimit.None, 0);
    }
}
