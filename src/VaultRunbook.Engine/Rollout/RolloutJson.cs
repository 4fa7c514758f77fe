using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaultRunbook.Engine.Rollout;

/// <summary>The one JSON shape of the rollout state, for the file store and the Vault store alike.</summary>
internal static class RolloutJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(RolloutState state) => JsonSerializer.Serialize(state, Options);

    public static RolloutState Deserialize(string json) =>
        JsonSerializer.Deserialize<RolloutState>(json, Options) ?? throw new JsonException("The rollout state is null.");
}
