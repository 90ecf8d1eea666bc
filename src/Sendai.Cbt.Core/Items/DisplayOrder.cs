using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Sendai.Cbt.Items;

/// <summary>
/// The fixed display order of <c>order</c> entries and <c>match</c> right-hand entries, so the labels
/// students see never spell out the key. Stable across .NET versions and machines; changing it would
/// relabel published items.
/// </summary>
/// <remarks>
/// Without a secret the permutation comes from the item id alone (FNV-1a over UTF-16, then a
/// SplitMix64-driven Fisher–Yates, never the identity): anyone who knows this code and reads the id in a
/// student page can compute it, and so the key. With a bank's secret (see <c>ItemParser.DisplayKey</c>)
/// it comes from HMAC-SHA256(secret, id), which students cannot compute; two entries are then in either
/// order (never swapping them would give the key away by itself), more are never in the key's order.
/// </remarks>
public static class DisplayOrder
{
    /// <summary>The permutation from the id alone: element <c>i</c> is the source index shown at display position <c>i</c>.</summary>
    /// <param name="count">Number of entries.</param>
    /// <param name="key">The item id (with a suffix such as <c>#right</c> for a second list of the same item).</param>
    public static int[] Permutation(int count, string key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(key);
        ulong state = 14695981039346656037UL;
        foreach (char c in key) { state ^= c; state *= 1099511628211UL; }
        return Shuffle(count, state, minimumForDerangement: 2);
    }

    /// <summary>The permutation keyed by a secret; with a null or empty secret, <see cref="Permutation(int, string)"/>.</summary>
    /// <param name="count">Number of entries.</param>
    /// <param name="key">The item id (with a suffix such as <c>#right</c>).</param>
    /// <param name="secret">The bank's display key, known only where items are parsed.</param>
    public static int[] Permutation(int count, string key, string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return Permutation(count, key);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(key), mac);
        return Shuffle(count, BinaryPrimitives.ReadUInt64LittleEndian(mac), minimumForDerangement: 3);
    }

    private static int[] Shuffle(int count, ulong state, int minimumForDerangement)
    {
        var perm = new int[count];
        for (int i = 0; i < count; i++) perm[i] = i;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            for (int i = count - 1; i > 0; i--)
            {
                int j = (int)(SeededShuffle.SplitMix64(ref state) % (ulong)(i + 1));
                (perm[i], perm[j]) = (perm[j], perm[i]);
            }
            if (count < minimumForDerangement || !IsIdentity(perm)) return perm;
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
