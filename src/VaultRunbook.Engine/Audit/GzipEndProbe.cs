namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Sits under a <see cref="System.IO.Compression.GZipStream"/> to tell a complete gzip file from a truncated one,
/// which GZipStream itself reads to a quiet end. After the compressed bytes it gives one more byte, 0x00, that
/// cannot start a gzip member. A complete file leaves that byte unused: the decompressor stops at the end of its
/// last member and asks for nothing more. A truncated file takes it as more of the unfinished member and asks
/// again (or fails on it). So the file was cut short exactly when a read comes after that byte, or when the
/// decompressor fails once it has had it. Costs one call per compressed block read, nothing per line.
/// </summary>
internal sealed class GzipEndProbe : ReadOnlyStream
{
    private readonly Stream _inner;

    public GzipEndProbe(Stream inner) => _inner = inner;

    /// <summary>The compressed bytes ended and the extra byte was handed out.</summary>
    public bool EndReached { get; private set; }

    /// <summary>The decompressor asked for more after the extra byte: the last member was cut short.</summary>
    public bool Truncated { get; private set; }

    public override int Read(Span<byte> buffer) => buffer.IsEmpty || EndReached ? AfterEnd(buffer) : AtEnd(_inner.Read(buffer), buffer);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty || EndReached ? AfterEnd(buffer.Span) : AtEnd(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Span);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int AtEnd(int read, Span<byte> buffer)
    {
        if (read > 0)
        {
            return read;
        }

        EndReached = true;
        buffer[0] = 0;
        return 1;
    }

    private int AfterEnd(Span<byte> buffer)
    {
        if (!buffer.IsEmpty)
        {
            Truncated = true;
        }

        return 0;
    }
}
