namespace VaultRunbook.Engine.Audit;

/// <summary>Keeps the last N items added (a ring buffer), so Tail needs memory for N events only.</summary>
internal sealed class TailBuffer<T>
{
    private readonly T[] _items;
    private int _next;
    private int _count;

    public TailBuffer(int capacity) => _items = new T[capacity];

    public void Add(T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        _count = Math.Min(_count + 1, _items.Length);
    }

    /// <summary>Returns the kept items oldest first and empties the buffer.</summary>
    public T[] Drain()
    {
        var result = new T[_count];
        var first = (_next - _count + _items.Length) % _items.Length;
        for (var i = 0; i < _count; i++)
        {
            result[i] = _items[(first + i) % _items.Length];
        }

        Array.Clear(_items);
        _next = 0;
        _count = 0;
        return result;
    }
}
