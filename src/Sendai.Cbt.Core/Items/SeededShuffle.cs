using System.Collections.Immutable;

namespace Sendai.Cbt.Items;

/// <summary>
/// Deterministic, platform-independent shuffling of choices, entries and form items.
/// </summary>
/// <remarks>
/// <para>
/// The order depends only on the seed, the id and the fixed positions, never on the .NET
/// version, the machine or the process: the id is hashed with 64-bit FNV-1a over its UTF-16
/// code units (not <see cref="string.GetHashCode()"/>, which is randomised per process), the
/// hash is mixed with the seed, and a SplitMix64 generator drives a Fisher–Yates shuffle with
/// unbiased bounded draws (not <see cref="Random"/>, whose algorithm may change). A student who
/// reopens a test with the same seed sees the same order; two items with the same seed are
/// shuffled independently of each other.
/// </para>
/// <para>The algorithm is part of the contract: changing it changes every recorded display order.</para>
/// </remarks>
public static class SeededShuffle
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>
    /// Returns a permutation of <c>0 … count−1</c>: element <c>i</c> is the source index shown at
    /// display position <c>i</c>. Entries whose <paramref name="fixedPositions"/> flag is set keep
    /// their index; the others are shuffled among the remaining positions.
    /// </summary>
    /// <param name="count">Number of entries (0 or more).</param>
    /// <param name="fixedPositions">Either empty (nothing fixed) or one flag per entry.</param>
    /// <param name="seed">The per-student (or per-session) seed.</param>
    /// <param name="itemId">The id of the item (or form section) being shuffled.</param>
    /// <returns>The permutation, display position → source index.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="fixedPositions"/> is neither empty nor <paramref name="count"/> long.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="itemId"/> is null.</exception>
    public static ImmutableArray<int> Permutation(int count, ReadOnlySpan<bool> fixedPositions, ulong seed, string itemId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(itemId);
        if (!fixedPositions.IsEmpty && fixedPositions.Length != count)
        {
            throw new ArgumentException($"Expected {count} flags or none, got {fixedPositions.Length}.", nameof(fixedPositions));
        }

        var result = new int[count];
        var movable = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            result[i] = i;
            if (fixedPositions.IsEmpty || !fixedPositions[i]) movable.Add(i);
        }

        // Shuffle the movable source indices, then place them into the movable positions in order.
        var shuffled = movable.ToArray();
        ulong state = seed ^ Fnv1a(itemId);
        for (int i = shuffled.Length - 1; i > 0; i--)
        {
            int j = (int)NextBelow(ref state, (ulong)(i + 1));
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        for (int k = 0; k < movable.Count; k++) result[movable[k]] = shuffled[k];
        return ImmutableArray.Create(result);
    }

    /// <summary>64-bit FNV-1a over the UTF-16 code units of <paramref name="text"/> (low byte first).</summary>
    internal static ulong Fnv1a(string text)
    {
        ulong hash = FnvOffset;
        foreach (char c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }
        return hash;
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014).</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>An unbiased draw from <c>0 … bound−1</c> (rejection sampling).</summary>
    private static ulong NextBelow(ref ulong state, ulong bound)
    {
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong x;
        do { x = SplitMix64(ref state); } while (x >= limit);
        return x % bound;
    }
}
