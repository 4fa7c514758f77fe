using System.Collections.Frozen;
using System.Diagnostics;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Resolves an environment-variable name to its secret as the rollout says:
/// <list type="bullet">
/// <item>env, or the kill switch on: the environment only.</item>
/// <item>vault: Vault only; a failure is an error, unless EmergencyFallback is set (then the environment).</item>
/// <item>dual: CanaryPercent of accesses go to Vault, the rest to the environment; a Vault failure falls back to the
/// environment, counts as an env fallback and an error, and the caller gets the value, not an exception.</item>
/// <item>shadow: always the environment; Vault is read too and compared (match or mismatch are counted); the Vault
/// value is never served, returned, logged or printed.</item>
/// </list>
/// Vault values are cached per mount/path for the rollout's CacheTtl (one read serves every field); a cache hit
/// allocates nothing. The rollout is re-read at most every <see cref="SecretResolverOptions.CheckInterval"/>, so a
/// running resolver follows a state change (the kill switch) without a restart. Every access is counted in
/// <see cref="Stats"/>. Thread-safe. The resolver does not own the Vault client.
/// </summary>
public sealed class SecretResolver : IDisposable, IAsyncDisposable
{
    private readonly IVaultClient? _vault;
    private readonly Func<CancellationToken, Task<EffectiveRollout>> _rolloutSource;
    private readonly Func<string, string?> _environment;
    private readonly ResolverClock _time;
    private readonly long _checkIntervalTicks;
    private readonly ulong _sampleMask;
    private readonly int _sampleWeight;
    private readonly CanaryRouter _router;
    private readonly FrozenDictionary<string, SecretBinding> _bindings;
    private readonly VaultPathSlot[] _slots;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile RolloutSnapshot? _rollout;
    private ulong _sampleState;

    /// <param name="map">Which name is which Vault secret.</param>
    /// <param name="vault">The Vault connection (not disposed by the resolver); null when only env can be served.</param>
    /// <param name="rollout">Reads the effective rollout (stored state with the environment overrides applied).</param>
    /// <param name="options">Check interval, routing, clock, environment, statistics file.</param>
    public SecretResolver(SecretMap map, IVaultClient? vault, Func<CancellationToken, Task<EffectiveRollout>> rollout, SecretResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(rollout);
        options ??= new SecretResolverOptions();
        if (options.CheckInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The check interval cannot be negative.");
        }

        Map = map;
        _vault = vault;
        _rolloutSource = rollout;
        _environment = options.Environment;
        if (options.LatencySampling < 1 || (options.LatencySampling & (options.LatencySampling - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LatencySampling must be a power of two (1 times every access).");
        }

        _time = new ResolverClock(options.Clock, coarse: true);
        _checkIntervalTicks = _time.ToTicks(options.CheckInterval);
        var seed = options.RandomSeed ?? Random.Shared.NextInt64();
        _router = new CanaryRouter(options.Routing, seed);
        _sampleMask = (ulong)options.LatencySampling - 1;
        _sampleWeight = options.LatencySampling;
        _sampleState = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) | 1;

        var slots = new Dictionary<(string Mount, string Path), VaultPathSlot>();
        var bindings = new Dictionary<string, SecretBinding>(SecretMap.NameComparer);
        foreach (var entry in map.Entries)
        {
            if (!slots.TryGetValue((entry.Mount, entry.Path), out var slot))
            {
                slot = new VaultPathSlot(entry.Mount, entry.Path);
                slots[(entry.Mount, entry.Path)] = slot;
            }

            bindings[entry.Name] = new SecretBinding(entry, slot);
        }

        _bindings = bindings.ToFrozenDictionary(SecretMap.NameComparer);
        _slots = slots.Values.ToArray();
        Stats = new AccessStatsRecorder(options.StatsPath, _time, options.StatsFlushInterval, null);
    }

    /// <summary>A resolver that reads the rollout from <paramref name="store"/> and applies the environment overrides (VAULT_MODE, ...).</summary>
    public static SecretResolver ForStore(SecretMap map, IVaultClient? vault, IRolloutStore store, SecretResolverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var environment = (options ?? new SecretResolverOptions()).Environment;
        return new SecretResolver(
            map,
            vault,
            async ct => RolloutOverrides.Apply(await store.ReadAsync(ct).ConfigureAwait(false), store.Location, environment),
            options);
    }

    public SecretMap Map { get; }

    /// <summary>The access counts of this resolver; <see cref="AccessStatsRecorder.Snapshot"/> gives them as statistics.</summary>
    public AccessStatsRecorder Stats { get; }

    /// <summary>The rollout in force (null before the first access).</summary>
    public EffectiveRollout? CurrentRollout => _rollout?.Rollout;

    /// <summary>Why the last re-read of the rollout failed (the last good one stays in force); null after a good one.</summary>
    public Exception? LastRolloutError { get; private set; }

    /// <summary>How many mount/paths hold values in the cache (fresh or expired).</summary>
    public int CachedPaths => _slots.Count(s => s.Current is not null);

    /// <summary>
    /// Resolves <paramref name="name"/>. Throws <see cref="ResolutionException"/> (SecretNotFound, FieldNotFound,
    /// VaultUnavailable, NotMapped) only when nothing may be served; a bad rollout state throws ConfigurationException.
    /// </summary>
    public ValueTask<ResolvedSecret> ResolveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        var started = TimeThisAccess() ? Stopwatch.GetTimestamp() : 0;
        var now = _time.Now();
        var rollout = _rollout;
        if (rollout is null || now >= rollout.NextCheck)
        {
            return RefreshThenResolveAsync(name, started, cancellationToken);
        }

        return Resolve(rollout, name, started, now, cancellationToken);
    }

    /// <summary>Where <paramref name="name"/> would be served from now, reading no value and calling no Vault.</summary>
    public async Task<SecretSourcePlan> PlanAsync(string name, CancellationToken cancellationToken = default)
    {
        var rollout = _rollout;
        if (rollout is null || _time.Now() >= rollout.NextCheck)
        {
            rollout = await RefreshAsync(force: false, cancellationToken).ConfigureAwait(false);
        }

        var r = rollout.Rollout;
        if (!_bindings.TryGetValue(name, out var binding))
        {
            return new SecretSourcePlan(name, rollout.Mode == SecretSourceMode.Env ? PlannedSource.Env : PlannedSource.NotMapped, null, rollout.Mode, r.CanaryPercent, r.KillSwitch);
        }

        var source = rollout.Mode switch
        {
            SecretSourceMode.Env => PlannedSource.Env,
            SecretSourceMode.Vault => r.EmergencyFallback ? PlannedSource.VaultWithEnvFallback : PlannedSource.Vault,
            SecretSourceMode.Shadow => PlannedSource.EnvShadowedByVault,
            _ when r.CanaryPercent >= 100 => PlannedSource.VaultWithEnvFallback,
            _ when r.CanaryPercent <= 0 => PlannedSource.Env,
            _ when _router.IsSticky => binding.StickyBucket < r.CanaryPercent ? PlannedSource.VaultWithEnvFallback : PlannedSource.Env,
            _ => PlannedSource.Canary,
        };
        return new SecretSourcePlan(name, source, binding.Reference, rollout.Mode, r.CanaryPercent, r.KillSwitch);
    }

    /// <summary>Reads the rollout now instead of waiting for the check interval.</summary>
    public async Task<EffectiveRollout> RefreshRolloutAsync(CancellationToken cancellationToken = default) =>
        (await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false)).Rollout;

    /// <summary>Forgets every cached Vault value.</summary>
    public void ClearCache()
    {
        foreach (var slot in _slots)
        {
            slot.Clear();
        }
    }

    /// <summary>Writes the statistics (see <see cref="AccessStatsRecorder.Dispose"/>).</summary>
    public void Dispose()
    {
        Stats.Dispose();
        _time.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Stats.DisposeAsync().ConfigureAwait(false);
        _time.Dispose();
    }

    // One fast access in N (LatencySampling) is timed: a Stopwatch read can cost more than a cache hit. A xorshift
    // draw, not a counter, so a caller cycling through N names does not always time the same one. Racing threads
    // may share a draw; that only changes which access is timed.
    private bool TimeThisAccess()
    {
        if (_sampleMask == 0)
        {
            return true;
        }

        var x = _sampleState;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        _sampleState = x;
        return (x & _sampleMask) == 0;
    }

    private ValueTask<ResolvedSecret> Resolve(RolloutSnapshot rollout, string name, long started, long now, CancellationToken cancellationToken)
    {
        _bindings.TryGetValue(name, out var binding);
        switch (rollout.Mode)
        {
            case SecretSourceMode.Env:
                return FromEnv(rollout, name, binding, started, now);
            case SecretSourceMode.Vault:
                return binding is null
                    ? NotMapped(rollout, name, started, now)
                    : FromVault(rollout, binding, started, now, rollout.EmergencyFallback, cancellationToken);
            case SecretSourceMode.Dual:
                if (binding is null)
                {
                    return NotMapped(rollout, name, started, now);
                }

                return _router.ToVault(binding.StickyBucket, rollout.CanaryPercent)
                    ? FromVault(rollout, binding, started, now, fallback: true, cancellationToken)
                    : FromEnv(rollout, name, binding, started, now);
            default:
                return binding is null
                    ? NotMapped(rollout, name, started, now)
                    : Shadow(rollout, binding, started, now, cancellationToken);
        }
    }

    private ValueTask<ResolvedSecret> FromEnv(RolloutSnapshot rollout, string name, SecretBinding? binding, long started, long now)
    {
        var env = EnvOf(name, binding);
        if (env is null)
        {
            RecordFast(rollout, AccessOutcome.Failed, started, now, ShadowOutcome.None);
            return ValueTask.FromException<ResolvedSecret>(NotInEnvironment(name, rollout));
        }

        RecordFast(rollout, AccessOutcome.Env, started, now, ShadowOutcome.None);
        return new ValueTask<ResolvedSecret>(new ResolvedSecret(name, env.Value, SecretSource.Env, FromCache: false));
    }

    private ValueTask<ResolvedSecret> FromVault(RolloutSnapshot rollout, SecretBinding binding, long started, long now, bool fallback, CancellationToken cancellationToken)
    {
        var values = binding.Slot.Current;
        if (values is not null && now - values.FetchedAt < rollout.CacheTtlTicks && FieldOf(binding, values) is { } value)
        {
            RecordFast(rollout, AccessOutcome.VaultCached, started, now, ShadowOutcome.None);
            return new ValueTask<ResolvedSecret>(new ResolvedSecret(binding.Reference.Name, value, SecretSource.Vault, FromCache: true));
        }

        return FromVaultUncachedAsync(rollout, binding, started, fallback, cancellationToken);
    }

    private async ValueTask<ResolvedSecret> FromVaultUncachedAsync(RolloutSnapshot rollout, SecretBinding binding, long started, bool fallback, CancellationToken cancellationToken)
    {
        started = started == 0 ? Stopwatch.GetTimestamp() : started;
        var reference = binding.Reference;
        ResolutionException failure;
        try
        {
            var values = await FetchAsync(binding, cancellationToken).ConfigureAwait(false);
            if (FieldOf(binding, values) is { } value)
            {
                RecordSlow(rollout, AccessOutcome.Vault, started, ShadowOutcome.None);
                return new ResolvedSecret(reference.Name, value, SecretSource.Vault, FromCache: false);
            }

            failure = new ResolutionException(
                ResolutionException.FieldNotFound,
                ErrorKind.ObjectNotFound,
                $"{reference.Name}: the Vault secret {reference.Mount}/{reference.Path} (version {values.Version}) has no field '{reference.Field}'.",
                reference.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = VaultFailure(reference, ex);
        }

        if (fallback)
        {
            if (EnvOf(reference.Name, binding) is { } env)
            {
                RecordSlow(rollout, AccessOutcome.EnvFallback, started, ShadowOutcome.None);
                return new ResolvedSecret(reference.Name, env.Value, SecretSource.EnvFallback, FromCache: false);
            }

            failure = new ResolutionException(failure.ErrorId, failure.Kind, $"{failure.Message} The environment has no {reference.Name} to fall back to either.", reference.Name, failure.InnerException);
        }

        RecordSlow(rollout, AccessOutcome.Failed, started, ShadowOutcome.None);
        throw failure;
    }

    private ValueTask<ResolvedSecret> Shadow(RolloutSnapshot rollout, SecretBinding binding, long started, long now, CancellationToken cancellationToken)
    {
        var name = binding.Reference.Name;
        var env = EnvOf(name, binding);
        if (env is null)
        {
            RecordFast(rollout, AccessOutcome.Failed, started, now, ShadowOutcome.None);
            return ValueTask.FromException<ResolvedSecret>(NotInEnvironment(name, rollout));
        }

        var values = binding.Slot.Current;
        if (values is not null && now - values.FetchedAt < rollout.CacheTtlTicks)
        {
            RecordFast(rollout, AccessOutcome.Env, started, now, Compare(binding, env, values));
            return new ValueTask<ResolvedSecret>(new ResolvedSecret(name, env.Value, SecretSource.Env, FromCache: false));
        }

        return ShadowUncachedAsync(rollout, binding, env, started, cancellationToken);
    }

    private async ValueTask<ResolvedSecret> ShadowUncachedAsync(RolloutSnapshot rollout, SecretBinding binding, SecretBinding.EnvMemo env, long started, CancellationToken cancellationToken)
    {
        started = started == 0 ? Stopwatch.GetTimestamp() : started;
        ShadowOutcome outcome;
        try
        {
            outcome = Compare(binding, env, await FetchAsync(binding, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            outcome = ShadowOutcome.Error;
        }

        RecordSlow(rollout, AccessOutcome.Env, started, outcome);
        return new ResolvedSecret(binding.Reference.Name, env.Value, SecretSource.Env, FromCache: false);
    }

    // Equal or not is all that leaves here; the comparison is remembered per (env string, Vault read).
    private static ShadowOutcome Compare(SecretBinding binding, SecretBinding.EnvMemo env, VaultPathValues values)
    {
        var memo = binding.Shadow;
        if (memo is null || !ReferenceEquals(memo.Values, values) || !string.Equals(memo.Raw, env.Raw, StringComparison.Ordinal))
        {
            memo = new SecretBinding.ShadowMemo(env.Raw, values, FieldOf(binding, values) is { } vaultValue && vaultValue.Equals(env.Value));
            binding.Shadow = memo;
        }

        return memo.Match ? ShadowOutcome.Match : ShadowOutcome.Mismatch;
    }

    private Task<VaultPathValues> FetchAsync(SecretBinding binding, CancellationToken cancellationToken)
    {
        if (_vault is null)
        {
            throw new ResolutionException(ResolutionException.VaultUnavailable, ErrorKind.InvalidOperation, "No Vault connection was given to the resolver.", binding.Reference.Name);
        }

        return binding.Slot.FetchAsync(_vault, _time).WaitAsync(cancellationToken);
    }

    private static SensitiveString? FieldOf(SecretBinding binding, VaultPathValues values)
    {
        var memo = binding.Field;
        if (memo is not null && ReferenceEquals(memo.Values, values))
        {
            return memo.Value;
        }

        var value = values.Get(binding.Reference.Field);
        binding.Field = new SecretBinding.FieldMemo(values, value);
        return value;
    }

    // An unset or empty variable is not a value. The wrapped value is kept per name, so a repeated read allocates nothing.
    private SecretBinding.EnvMemo? EnvOf(string name, SecretBinding? binding)
    {
        var raw = _environment(name);
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (binding is null)
        {
            return new SecretBinding.EnvMemo(raw, new SensitiveString(raw));
        }

        var memo = binding.Env;
        if (memo is null || !string.Equals(memo.Raw, raw, StringComparison.Ordinal))
        {
            memo = new SecretBinding.EnvMemo(raw, new SensitiveString(raw));
            binding.Env = memo;
        }

        return memo;
    }

    // A fast access (no Vault round trip) is timed when sampled, and then weighs as LatencySampling accesses.
    private void RecordFast(RolloutSnapshot rollout, AccessOutcome outcome, long started, long now, ShadowOutcome shadow)
    {
        if (started == 0)
        {
            Stats.Record(outcome, 0, 0, now, shadow, rollout.KillSwitch);
        }
        else
        {
            Stats.Record(outcome, Stats.Nanoseconds(Stopwatch.GetTimestamp() - started), _sampleWeight, now, shadow, rollout.KillSwitch);
        }
    }

    // An access that went to Vault is always timed (its start taken on entry to the slow path if not sampled) and weighs one.
    private void RecordSlow(RolloutSnapshot rollout, AccessOutcome outcome, long started, ShadowOutcome shadow) =>
        Stats.Record(outcome, Stats.Nanoseconds(Stopwatch.GetTimestamp() - started), 1, _time.Now(), shadow, rollout.KillSwitch);

    private ValueTask<ResolvedSecret> NotMapped(RolloutSnapshot rollout, string name, long started, long now)
    {
        RecordFast(rollout, AccessOutcome.Failed, started, now, ShadowOutcome.None);
        return ValueTask.FromException<ResolvedSecret>(new ResolutionException(
            ResolutionException.NotMapped,
            ErrorKind.InvalidArgument,
            $"{name} is not in the secret map '{Map.Source}', and the rollout ({rollout.Mode.ToString().ToLowerInvariant()} mode) needs its Vault location. Add it to the map.",
            name));
    }

    private static ResolutionException NotInEnvironment(string name, RolloutSnapshot rollout) => new(
        ResolutionException.SecretNotFound,
        ErrorKind.ObjectNotFound,
        rollout.KillSwitch
            ? $"{name} is not set in the environment, and the kill switch is on: secrets come from the environment only."
            : $"{name} is not set in the environment.",
        name);

    private static ResolutionException VaultFailure(SecretReference reference, Exception ex)
    {
        if (ex is ResolutionException resolution)
        {
            return resolution;
        }

        var kind = ex is EngineException engine ? engine.Kind : ErrorKind.NotSpecified;
        return kind == ErrorKind.ObjectNotFound
            ? new ResolutionException(ResolutionException.SecretNotFound, kind, $"{reference.Name}: {reference.Mount}/{reference.Path} is not in Vault ({ex.Message})", reference.Name, ex)
            : new ResolutionException(ResolutionException.VaultUnavailable, kind == ErrorKind.NotSpecified ? ErrorKind.ResourceUnavailable : kind, $"{reference.Name}: Vault could not serve {reference.Mount}/{reference.Path} ({ex.Message})", reference.Name, ex);
    }

    private async ValueTask<ResolvedSecret> RefreshThenResolveAsync(string name, long started, CancellationToken cancellationToken)
    {
        var rollout = await RefreshAsync(force: false, cancellationToken).ConfigureAwait(false);
        return await Resolve(rollout, name, started, _time.Now(), cancellationToken).ConfigureAwait(false);
    }

    // One reader at a time. With a rollout already known, an access that finds a read under way keeps using the
    // known one instead of waiting; a failed read keeps the known rollout in force and tries again after the interval.
    private async Task<RolloutSnapshot> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        var known = _rollout;
        if (known is not null && !force)
        {
            if (!_refreshGate.Wait(0))
            {
                return known;
            }
        }
        else
        {
            await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            known = _rollout;
            var now = _time.Now();
            if (!force && known is not null && now < known.NextCheck)
            {
                return known;
            }

            try
            {
                var effective = await _rolloutSource(cancellationToken).ConfigureAwait(false);
                LastRolloutError = null;
                var fresh = RolloutSnapshot.Create(effective, _time.Now(), _checkIntervalTicks, _time);
                _rollout = fresh;
                return fresh;
            }
            catch (Exception ex) when (known is not null && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                LastRolloutError = ex;
                var retry = known with { NextCheck = ResolverClock.Add(now, _checkIntervalTicks) };
                _rollout = retry;
                return retry;
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }
}
