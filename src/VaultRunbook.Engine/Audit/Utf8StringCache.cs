using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Gives the same string for the same short UTF-8 value (operation, type, mount, caller, address, policy names
/// repeat on almost every line), so a search does not allocate them again and again. A fixed number of slots,
/// the newest value wins a slot: memory stays bounded. One per search; not thread-safe.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int Slots = 512;
    private const int MaxBytes = 96;

    private readonly byte[]?[] _keys = new byte[Slots][];
    private readonly string?[] _values = new string[Slots];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = (int)(Hash(utf8) % Slots);
        if (_keys[slot] is { } key && utf8.SequenceEqual(key))
        {
            return _values[slot]!;
        }

        var value = Encoding.UTF8.GetString(utf8);
        _keys[slot] = utf8.ToArray();
        _values[slot] = value;
        return value;
    }

    // The first and last eight bytes and the length tell these values apart well enough; a collision only costs a miss.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= sizeof(ulong))
        {
            var head = MemoryMarshal.Read<ulong>(utf8);
            var tail = MemoryMarshal.Read<ulong>(utf8[^sizeof(ulong)..]);
            return ((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)utf8.Length) >> 17;
        }

        var hash = 2166136261u;
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
