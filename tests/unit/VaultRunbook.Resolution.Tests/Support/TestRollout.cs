using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>A rollout state a test changes while a resolver runs; counts how often the resolver read it.</summary>
public sealed class TestRollout
{
    private int _reads;

    public TestRollout(SecretSourceMode mode, int percent = 0, bool killSwitch = false, bool emergencyFallback = false, TimeSpan? cacheTtl = null)
    {
        _state = new RolloutState
        {
            Mode = mode,
            CanaryPercent = percent,
            KillSwitch = killSwitch,
            EmergencyFallback = emergencyFallback,
            CacheTtl = cacheTtl ?? RolloutState.DefaultCacheTtl,
        };
    }

    private volatile RolloutState _state;

    /// <summary>The stored state the next read returns.</summary>
    public RolloutState State
    {
        get => _state;
        set => _state = value;
    }

    public Exception? FailWith { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public Task<EffectiveRollout> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return FailWith is { } failure
            ? Task.FromException<EffectiveRollout>(failure)
            : Task.FromResult(RolloutOverrides.Apply(State, "test", _ => null));
    }
}
