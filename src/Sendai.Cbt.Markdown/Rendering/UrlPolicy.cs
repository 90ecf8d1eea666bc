namespace Sendai.Cbt.Markdown.Rendering;

/// <summary>Which link and image URLs may reach the HTML: http, https, mailto and relative URLs.</summary>
internal static class UrlPolicy
{
    /// <summary>True when the URL is relative or uses http, https or mailto.</summary>
    /// <remarks>
    /// Browsers drop ASCII tabs and newlines anywhere in a URL and leading control characters and
    /// spaces, so <c>java&#9;script:</c> is <c>javascript:</c>; those characters are removed before the
    /// scheme is read. A colon before the first <c>/</c>, <c>?</c> or <c>#</c> starts a scheme.
    /// </remarks>
    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        Span<char> buffer = url.Length <= 256 ? stackalloc char[url.Length] : new char[url.Length];
        int n = 0;
        foreach (char c in url)
        {
            if (c > ' ' && c != '\u007F') buffer[n++] = c;
        }
        var s = buffer[..n];
        int i = s.IndexOfAny(":/?#\\");
        if (i < 0 || s[i] != ':') return true;
        var scheme = s[..i];
        return scheme.Equals("http", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("https", StringComparison.OrdinalIgnoreCase)
            || scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase);
    }
}
