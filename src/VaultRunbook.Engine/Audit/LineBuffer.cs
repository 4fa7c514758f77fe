namespace VaultRunbook.Engine.Audit;

/// <summary>
/// The read buffer of one source: whole blocks are read into it and the unfinished last line stays at its front
/// for the next read. It grows only for a line longer than a block, up to a fixed limit.
/// </summary>
internal sealed class LineBuffer
{
    private readonly int _maxBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;

    public LineBuffer(int blockBytes, int maxBytes)
    {
        _buffer = new byte[Math.Max(4096, blockBytes)];
        _maxBytes = Math.Max(_buffer.Length, maxBytes);
    }

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
