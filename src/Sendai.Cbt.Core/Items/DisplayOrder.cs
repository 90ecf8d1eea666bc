namespace Sendai.Cbt.Items;

/// <summary>
/// The fixed display order of <c>order</c> entries and <c>match</c> right-hand entries: a permutation
/// derived from the item id (FNV-1a over UTF-16, then a SplitMix64-driven Fisher–Yates), never the
/// identity for two or more entries, so the labels students see never spell out the key. Stable
/// across .NET versions and machines; changing it would relabel published items.
/// </summary>
public static class DisplayOrder
{
    /// <summary>The permutation: element <c>i</c> is the source index shown at display position <c>i</c>.</summary>
    /// <param name="count">Number of entries.</param>
    /// <param name="key">The item id (with a suffix such as <c>#right</c> for a second list of the same item).</param>
    public static int[] Permutation(int count, string key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(key);
        ulong state = 14695981039346656037UL;
        foreach (char c in key) { state ^= c; state *= 1099511628211UL; }
        var perm = new int[count];
        for (int i = 0; i < count; i++) perm[i] = i;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            for (int i = count - 1; i > 0; i--)
            {
                int j = (int)(SeededShuffle.SplitMix64(ref state) % (ulong)(i + 1));
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            if (count < 2 || !IsIdentity(perm)) return perm;
        }
        // Still the identity after several attempts: rotate by one.
        for (int i = 0; i < count; i++) perm[i] = (i + 1) % count;
        return perm;
    }

    private static bool IsIdentity(int[] perm)
    {
        for (int i = 0; i < perm.Length; i++)
        {
            if (perm[i] != i) return false;
        }
        return true;
    }
}
