namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// A fixed set of 256 async locks picked by key hash, as Vault's locksutil does: two requests on the
/// same key always take the same lock; requests on different keys rarely wait for each other.
/// </summary>
internal sealed class StripedLocks
{
    private const int Count = 256;

    private readonly SemaphoreSlim[] _locks = Enumerable.Range(0, Count).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task<IDisposable> AcquireAsync(string key)
    {
        SemaphoreSlim gate = _locks[(uint)StringComparer.Ordinal.GetHashCode(key) % Count];
        await gate.WaitAsync().ConfigureAwait(false);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
