using System.Security.Cryptography;
using VaultRunbook.Sandbox.Crypto;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The server's seal state machine: initialisation, the unseal attempt, sealing, and the state kept
/// behind the barrier. One lock guards it all; every method is safe to call from many requests.
/// </summary>
internal sealed class SandboxCore
{
    /// <summary>Barrier key length; unseal keys may be 16..(32 + share overhead) bytes long.</summary>
    public const int MinKeyLength = 16;
    public const int MaxKeyLength = BarrierCipher.KeySize + Shamir.ShareOverhead;

    private readonly object _gate = new();
    private readonly SandboxStore _store;
    private readonly List<byte[]> _unsealProgress = [];
    private SealFile? _seal;
    private byte[]? _barrierKey;
    private SandboxState? _state;
    private string _unsealNonce = string.Empty;
    private static long s_unsealOrder; // process-wide: two nodes unsealed within one clock tick still have an order
    private long _unsealedAt;

    private SandboxCore(SandboxStore store, SealFile? seal)
    {
        _store = store;
        _seal = seal;
    }

    /// <summary>Loads whatever DataPath holds. A loaded server always starts sealed.</summary>
    public static SandboxCore Load(SandboxStore store) => new(store, store.ReadSealFile());

    public bool IsInitialized
    {
        get
        {
            lock (_gate)
            {
                return SealUnderLock() is not null;
            }
        }
    }

    /// <summary>The order in which the barrier was last opened (a process-wide sequence, not a time); 0 while sealed. HA: the first unsealed node leads.</summary>
    public long UnsealedAt
    {
        get
        {
            lock (_gate)
            {
                return _barrierKey is null ? 0 : _unsealedAt;
            }
        }
    }

    public bool IsSealed
    {
        get
        {
            lock (_gate)
            {
                return _barrierKey is null;
            }
        }
    }

    public SealStatus GetSealStatus()
    {
        lock (_gate)
        {
            SealUnderLock();
            return StatusUnderLock();
        }
    }

    /// <summary>PUT sys/init after the request was parsed: validation, then the already-initialised check.</summary>
    public CoreResult<InitResult> Initialize(int shares, int threshold)
    {
        if (SealConfigRules.Validate(shares, threshold) is { } invalid)
        {
            return CoreResult<InitResult>.Fail(400, "invalid seal configuration: " + invalid.Message);
        }

        lock (_gate)
        {
            if (SealUnderLock() is not null)
            {
                return CoreResult<InitResult>.Fail(400, "Vault is already initialized");
            }

            byte[] unsealKey = SecretGenerator.Key();
            byte[] barrierKey = SecretGenerator.Key();
            try
            {
                SandboxState state = DefaultMounts.Complete(
                    new SandboxState(
                        RootToken: SecretGenerator.RootToken(),
                        RootAccessor: SecretGenerator.Accessor(),
                        RootCreationTime: DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                        ClusterName: SecretGenerator.ClusterName(),
                        ClusterId: SecretGenerator.Uuid()),
                    out _);
                IReadOnlyList<byte[]> shareList = shares == 1
                    ? [(byte[])unsealKey.Clone()]
                    : Shamir.Split(unsealKey, shares, threshold);
                _seal = _store.WriteInitial(shares, threshold, unsealKey, barrierKey, state);
                ClearAttemptUnderLock();

                // A Shamir-sealed Vault stays sealed after init.
                return CoreResult<InitResult>.Ok(new InitResult(shareList, state.RootToken));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(unsealKey);
                CryptographicOperations.ZeroMemory(barrierKey);
            }
        }
    }

    /// <summary>
    /// One unseal key share, already decoded from hex/base64. Follows Vault's order: not initialised,
    /// already unsealed, length, duplicate, progress, and at the threshold combine + decrypt.
    /// </summary>
    public CoreResult<SealStatus> SubmitUnsealKey(byte[] key)
    {
        lock (_gate)
        {
            if (SealUnderLock() is not { } seal)
            {
                return CoreResult<SealStatus>.Fail(400, "Vault is not initialized");
            }

            if (_barrierKey is not null)
            {
                return CoreResult<SealStatus>.Ok(StatusUnderLock());
            }

            if (key.Length < MinKeyLength)
            {
                return CoreResult<SealStatus>.Fail(400, $"invalid key: key is shorter than minimum {MinKeyLength} bytes");
            }

            if (key.Length > MaxKeyLength)
            {
                return CoreResult<SealStatus>.Fail(400, $"invalid key: key is longer than maximum {MaxKeyLength} bytes");
            }

            foreach (byte[] given in _unsealProgress)
            {
                if (given.AsSpan().SequenceEqual(key))
                {
                    return CoreResult<SealStatus>.Ok(StatusUnderLock());
                }
            }

            if (_unsealProgress.Count == 0)
            {
                _unsealNonce = SecretGenerator.Uuid();
            }

            _unsealProgress.Add((byte[])key.Clone());
            if (_unsealProgress.Count < seal.SecretThreshold)
            {
                return CoreResult<SealStatus>.Ok(StatusUnderLock());
            }

            // Threshold reached: the attempt is over whatever happens next.
            List<byte[]> parts = [.. _unsealProgress];
            _unsealProgress.Clear();
            _unsealNonce = string.Empty;
            try
            {
                return OpenBarrierUnderLock(parts);
            }
            finally
            {
                parts.ForEach(p => CryptographicOperations.ZeroMemory(p));
            }
        }
    }

    /// <summary>sys/unseal with reset: null when the server is unsealed (Vault answers 400 then).</summary>
    public SealStatus? ResetUnseal()
    {
        lock (_gate)
        {
            if (_barrierKey is not null)
            {
                return null;
            }

            ClearAttemptUnderLock();
            return StatusUnderLock();
        }
    }

    /// <summary>Seals: forgets the barrier key and the decrypted state. Does nothing when sealed.</summary>
    public void Seal()
    {
        lock (_gate)
        {
            if (_barrierKey is not null)
            {
                CryptographicOperations.ZeroMemory(_barrierKey);
            }

            _barrierKey = null;
            _state = null;
            ClearAttemptUnderLock();
        }
    }

    /// <summary>The state behind the barrier as it is now, or null while sealed. Immutable: safe to read without a lock.</summary>
    public SandboxState? State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// Reads the state behind the barrier again from storage (an HA node taking over after another
    /// node wrote to the shared store). Does nothing while sealed.
    /// </summary>
    public void Reload()
    {
        lock (_gate)
        {
            if (_barrierKey is not null && _store.TryReadState(_barrierKey) is { } state)
            {
                _state = DefaultMounts.Complete(state, out _);
            }
        }
    }

    /// <summary>
    /// The token's entry, or null when the token is unknown, expired or the server is sealed:
    /// the root token, or one made by auth/token/create.
    /// </summary>
    public TokenEntry? LookupToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        SandboxState? state = State;
        if (state is null)
        {
            return null;
        }

        return TokenTree.ById(state, token);
    }

    /// <summary>
    /// Changes the state behind the barrier and persists it before returning. Null when sealed.
    /// KV data, tokens, mounts and audit devices all change through here.
    /// </summary>
    public SandboxState? Update(Func<SandboxState, SandboxState> change)
    {
        lock (_gate)
        {
            if (_state is null || _barrierKey is null)
            {
                return null;
            }

            SandboxState next = change(_state);
            _store.WriteState(_barrierKey, next);
            _state = next;
            return next;
        }
    }

    /// <summary>
    /// Raft snapshots (<see cref="RaftSnapshots"/>): runs <paramref name="work"/> under the core's lock with the
    /// barrier key, the seal file, the stored state blob and the state, so that nothing changes in between (the
    /// lock is re-entrant: <see cref="Update"/> and <see cref="ReplaceWithForeignSnapshot"/> may be called from it).
    /// 503 "Vault is sealed" while sealed.
    /// </summary>
    public CoreResult<T> WithBarrier<T>(Func<BarrierView, CoreResult<T>> work)
        where T : class
    {
        lock (_gate)
        {
            if (_state is null || _barrierKey is null || _seal is null || _store.ReadEncryptedState() is not { } blob)
            {
                return CoreResult<T>.Fail(503, "Vault is sealed");
            }

            return work(new BarrierView(_barrierKey, _seal, blob, _state));
        }
    }

    /// <summary>
    /// A forced restore of a snapshot sealed by another barrier key: its seal file and state replace ours on disk
    /// and the server seals, so that only that cluster's unseal keys open it again (as Vault does).
    /// </summary>
    public void ReplaceWithForeignSnapshot(SealFile seal, byte[] encryptedState)
    {
        lock (_gate)
        {
            _store.WriteRestored(seal, encryptedState);
            _seal = seal;
            Seal();
        }
    }

    /// <summary>
    /// Whether key shares rebuild the unseal key (sys/generate-root at its threshold): null when they
    /// do, else the reason. Changes nothing.
    /// </summary>
    public string? CheckUnsealKeyShares(IReadOnlyList<byte[]> parts)
    {
        lock (_gate)
        {
            if (SealUnderLock() is not { } seal)
            {
                return "server is not yet initialized";
            }

            byte[] unsealKey;
            try
            {
                unsealKey = seal.SecretThreshold == 1 ? (byte[])parts[0].Clone() : Shamir.Combine(parts);
            }
            catch (ShamirException e)
            {
                return "failed to compute root key: " + e.Message;
            }

            byte[]? barrierKey = SandboxStore.TryOpenBarrierKey(seal, unsealKey);
            CryptographicOperations.ZeroMemory(unsealKey);
            if (barrierKey is null)
            {
                return "failed to decrypt keys from storage: cipher: message authentication failed";
            }

            CryptographicOperations.ZeroMemory(barrierKey);
            return null;
        }
    }

    private CoreResult<SealStatus> OpenBarrierUnderLock(List<byte[]> parts)
    {
        byte[] unsealKey;
        if (_seal!.SecretThreshold == 1)
        {
            unsealKey = (byte[])parts[0].Clone();
        }
        else
        {
            try
            {
                unsealKey = Shamir.Combine(parts);
            }
            catch (ShamirException e)
            {
                return CoreResult<SealStatus>.Fail(400, "invalid key: failed to compute combined key: " + e.Message);
            }
        }

        try
        {
            byte[]? barrierKey = SandboxStore.TryOpenBarrierKey(_seal, unsealKey);
            if (barrierKey is null)
            {
                return CoreResult<SealStatus>.Fail(
                    500,
                    "unable to retrieve stored keys: failed to decrypt keys from storage: cipher: message authentication failed");
            }

            SandboxState? state = _store.TryReadState(barrierKey);
            if (state is null)
            {
                CryptographicOperations.ZeroMemory(barrierKey);
                return CoreResult<SealStatus>.Fail(500, "error initializing core: failed to read the sandbox state from storage");
            }

            state = DefaultMounts.Complete(state, out bool upgraded);
            if (upgraded)
            {
                _store.WriteState(barrierKey, state);
            }

            _barrierKey = barrierKey;
            _state = state;
            _unsealedAt = Interlocked.Increment(ref s_unsealOrder);
            return CoreResult<SealStatus>.Ok(StatusUnderLock());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unsealKey);
        }
    }

    // Another node of an HA cluster may have initialised the shared store since this one loaded it.
    private SealFile? SealUnderLock() => _seal ??= _store.ReadSealFile();

    private void ClearAttemptUnderLock()
    {
        _unsealProgress.ForEach(p => CryptographicOperations.ZeroMemory(p));
        _unsealProgress.Clear();
        _unsealNonce = string.Empty;
    }

    private SealStatus StatusUnderLock() => new(
        Initialized: _seal is not null,
        Sealed: _barrierKey is null,
        Threshold: _seal?.SecretThreshold ?? 0,
        Shares: _seal?.SecretShares ?? 0,
        Progress: _unsealProgress.Count,
        Nonce: _unsealNonce,
        ClusterName: _state?.ClusterName,
        ClusterId: _state?.ClusterId);
}
