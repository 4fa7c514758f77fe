namespace VaultRunbook.Engine.Tokens;

/// <summary>An enabled auth method as sys/auth lists it.</summary>
public sealed record VaultAuthMethod
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The mount path with its trailing slash ("approle/").</summary>
    public required string Path { get; init; }

    public required string Type { get; init; }

    public string? Description { get; init; }

    public string? Accessor { get; init; }

    public bool Local { get; init; }

    public bool SealWrap { get; init; }

    public string? RunningPluginVersion { get; init; }

    public override string ToString() => $"{Path} ({Type})";
}
