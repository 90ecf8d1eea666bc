using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sendai.Cbt.Scoring;

/// <summary>
/// A per-worker, per-item memo of "raw response bytes → scored outcome": students give the same few answers, so the
/// grading path decodes, normalises and scores each distinct answer once and afterwards only hashes and compares the
/// encoded bytes. Scoring is a pure function of the encoded value for every cached item type (program items, whose
/// scorer runs code, are never cached), so a hit records exactly what scoring would have recorded.
/// Bounded: at most <see cref="MaxEntries"/> answers of at most <see cref="MaxKeyBytes"/> bytes each, probe sequences
/// of at most <see cref="MaxProbes"/>; anything beyond is scored the ordinary way (so hostile input cannot grow it).
/// </summary>
internal sealed class OutcomeCache
{
    public const int MaxEntries = 1024;
    public const int MaxKeyBytes = 96;
    public const int MaxProbes = 16;
    /// <summary>Keys up to this length are compared as packed words.</summary>
    public const int PackedBytes = 24;

    private int[] _buckets = new int[64]; // entry index + 1; 0 = empty
    private Entry[] _entries = new Entry[16];
    private byte[] _arena = new byte[1024];
    private int _arenaUsed;
    private int _count;

    internal struct Entry
    {
        public int Hash;
        /// <summary>Keys of up to <see cref="PackedBytes"/> bytes are kept packed here (zero-padded) and compared as three words.</summary>
        public ulong Lo, Mid, Hi;
        public int KeyStart;
        public int KeyLength;
        public int Units;
        public ResponseStatus Status;
        /// <summary>Answer-distribution slot of the worker (≥ 0), -1 counted as other, -2 nothing to count.</summary>
        public int DistSlot;
        /// <summary>Label indices to increment (with repetition), or null.</summary>
        public int[]? Labels;
    }

    public bool IsFull => _count >= MaxEntries;

    /// <summary>
    /// Packs the first <paramref name="length"/> (≤ 24) bytes of <paramref name="window"/> into three zero-padded words;
    /// reads whole words when the window has 24 readable bytes (the usual case inside a file buffer).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pack(ReadOnlySpan<byte> window, int length, out ulong lo, out ulong mid, out ulong hi)
    {
        if (window.Length >= PackedBytes)
        {
            lo = Word(MemoryMarshal.Read<ulong>(window), length);
            mid = Word(MemoryMarshal.Read<ulong>(window[8..]), length - 8);
            hi = Word(MemoryMarshal.Read<ulong>(window[16..]), length - 16);
            return;
        }

        lo = mid = hi = 0;
        for (int i = length - 1; i >= 16; i--) hi = hi << 8 | window[i];
        for (int i = Math.Min(length, 16) - 1; i >= 8; i--) mid = mid << 8 | window[i];
        for (int i = Math.Min(length, 8) - 1; i >= 0; i--) lo = lo << 8 | window[i];
    }

    /// <summary>The first <paramref name="bytes"/> bytes (little-endian) of a word: all of it at 8 or more, none at 0 or less.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Word(ulong w, int bytes) => bytes >= 8 ? w : bytes <= 0 ? 0 : w & ((1UL << (bytes * 8)) - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HashPacked(ulong lo, ulong mid, ulong hi, int length)
    {
        ulong h = (lo * 0x9E3779B97F4A7C15UL) ^ (mid * 0xC2B2AE3D27D4EB4FUL) ^ (hi * 0xBF58476D1CE4E5B9UL) ^ (ulong)length;
        h ^= h >> 29;
        h *= 0x94D049BB133111EBUL;
        return (int)(h >> 32);
    }

    public static int Hash(ReadOnlySpan<byte> key)
    {
        ulong h = (ulong)key.Length * 0x9E3779B97F4A7C15UL;
        int i = 0;
        while (i + 8 <= key.Length)
        {
            h = (h ^ MemoryMarshal.Read<ulong>(key[i..])) * 0xBF58476D1CE4E5B9UL;
            h ^= h >> 31;
            i += 8;
        }

        if (i < key.Length)
        {
            ulong t = 0;
            for (int j = key.Length - 1; j >= i; j--) t = t << 8 | key[j];
            h = (h ^ t) * 0x94D049BB133111EBUL;
            h ^= h >> 29;
        }

        return (int)h ^ (int)(h >> 32);
    }

    /// <summary>Finds the entry for a packed key of at most 24 bytes; returns its index or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int FindPacked(ulong lo, ulong mid, ulong hi, int length, int hash)
    {
        var buckets = _buckets;
        int mask = buckets.Length - 1;
        int b = hash & mask;
        for (int probe = 0; probe < MaxProbes; probe++)
        {
            int e = buckets[b] - 1;
            if (e < 0) return -1;
            ref var entry = ref _entries[e];
            if (entry.Lo == lo && entry.Mid == mid && entry.Hi == hi && entry.KeyLength == length) return e;
            b = (b + 1) & mask;
        }

        return -1;
    }

    /// <summary>Finds the entry for <paramref name="key"/>; returns its index or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<byte> key, int hash)
    {
        int mask = _buckets.Length - 1;
        int b = hash & mask;
        for (int probe = 0; probe < MaxProbes; probe++)
        {
            int e = _buckets[b] - 1;
            if (e < 0) return -1;
            ref var entry = ref _entries[e];
            if (entry.Hash == hash && key.SequenceEqual(_arena.AsSpan(entry.KeyStart, entry.KeyLength))) return e;
            b = (b + 1) & mask;
        }

        return -1;
    }

    public ref Entry this[int index] => ref _entries[index];

    /// <summary>Adds an entry (the caller checked it is absent); false when the cache is full or the probe sequence too long.</summary>
    public bool Add(ReadOnlySpan<byte> key, int hash, in Entry value)
    {
        if (_count >= MaxEntries || key.Length > MaxKeyBytes) return false;
        if ((_count + 1) * 2 > _buckets.Length) Grow();
        int mask = _buckets.Length - 1;
        int b = hash & mask;
        int probe = 0;
        while (_buckets[b] != 0)
        {
            if (++probe >= MaxProbes) return false;
            b = (b + 1) & mask;
        }

        if (_arenaUsed + key.Length > _arena.Length) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + key.Length));
        key.CopyTo(_arena.AsSpan(_arenaUsed));
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        var e = value;
        e.Hash = hash;
        if (key.Length <= PackedBytes) Pack(key, key.Length, out e.Lo, out e.Mid, out e.Hi);
        e.KeyStart = _arenaUsed;
        e.KeyLength = key.Length;
        _entries[_count] = e;
        _arenaUsed += key.Length;
        _buckets[b] = ++_count;
        return true;
    }

    private void Grow()
    {
        var buckets = new int[_buckets.Length * 2];
        int mask = buckets.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            int b = _entries[i].Hash & mask;
            while (buckets[b] != 0) b = (b + 1) & mask;
            buckets[b] = i + 1;
        }

        _buckets = buckets;
    }
}
