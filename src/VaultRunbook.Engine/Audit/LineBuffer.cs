namespace VaultRunbook.Engine.Audit;

/// <summary>
/// The read buffer of one source: whole blocks are read into it and the unfinished last line stays at its front
/// for the next read. It grows only for a line longer than a block, up to a fixed limit. For reading ahead it
/// keeps a second array of the same size: the next block is read into that one (after the carried-over
/// unfinished line) while the complete lines of this one are scanned, then the two change places.
/// </summary>
internal sealed class LineBuffer
{
    private readonly int _maxBytes;
    private byte[] _buffer;
    private byte[]? _spare;
    private int _start;
    private int _end;
    private int _carried;

    public LineBuffer(int blockBytes, int maxBytes)
    {
        _buffer = new byte[Math.Max(4096, blockBytes)];
        _maxBytes = Math.Max(_buffer.Length, maxBytes);
    }

    /// <summary>The size of the array read into.</summary>
    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> Pending => _buffer.AsSpan(_start, _end - _start);

    /// <summary>
    /// Room for the next read: the pending bytes move to the front, and the buffer doubles when they fill more than
    /// half of it. Empty when a single unfinished line already fills the largest buffer allowed.
    /// </summary>
    public Memory<byte> FreeSpace()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end > _buffer.Length / 2 && _buffer.Length < _maxBytes)
        {
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxBytes));
        }

        return _buffer.AsMemory(_end);
    }

    public void Advance(int count) => _end += count;

    /// <summary>
    /// Copies the pending bytes from <paramref name="complete"/> on (the unfinished line) to the front of the spare
    /// array and returns the room after them, for the next read. The pending bytes stay readable until
    /// <see cref="EndReadAhead"/>.
    /// </summary>
    public Memory<byte> BeginReadAhead(int complete)
    {
        if (_spare is null || _spare.Length != _buffer.Length)
        {
            _spare = new byte[_buffer.Length];
        }

        var tail = _buffer.AsSpan(_start + complete, _end - _start - complete);
        tail.CopyTo(_spare);
        _carried = tail.Length;
        return _spare.AsMemory(_carried);
    }

    /// <summary>Makes the spare array, holding the carried line and <paramref name="read"/> new bytes, the buffer.</summary>
    public void EndReadAhead(int read)
    {
        (_buffer, _spare) = (_spare!, _buffer);
        _start = 0;
        _end = _carried + read;
        _carried = 0;
    }

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            Clear();
        }
    }

    public void Clear()
    {
        _start = 0;
        _end = 0;
    }
}
