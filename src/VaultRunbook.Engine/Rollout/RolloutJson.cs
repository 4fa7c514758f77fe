using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The one JSON shape of the rollout state, for the file store and the Vault store alike. Reading checks it with the
/// same rules as a change (<see cref="RolloutRules"/>): a state that breaks one is
/// <c>VaultRunbook.Rollout.InvalidState</c>, naming the location and the field; a key it does not know (a
/// misspelling) is a warning carried in <see cref="RolloutState.Warnings"/>.
/// </summary>
internal static class RolloutJson
{
    private static readonly HashSet<string> KnownKeys = typeof(RolloutState).GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public)
        .Where(p => p.GetCustomAttributes(typeof(JsonIgnoreAttribute), true).Length == 0 && p.SetMethod is not null)
        .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name))
        .ToHashSet(StringComparer.Ordinal);

    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize(RolloutState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>Parses and checks a stored state; <paramref name="location"/> names it in errors and warnings.</summary>
    /// <exception cref="ConfigurationException">VaultRunbook.Rollout.InvalidState.</exception>
    public static RolloutState Deserialize(string json, string location)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Invalid(location, $"it is not valid JSON ({ex.Message})", ex);
        }

        if (root is not JsonObject fields)
        {
            throw Invalid(location, "it must be a JSON object", null);
        }

        RolloutState? state;
        try
        {
            state = fields.Deserialize<RolloutState>(Options);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? $" field '{path[2..]}'" : string.Empty;
            throw Invalid(location, $"the{field} value is not valid ({ex.Message})", ex);
        }

        if (state is null)
        {
            throw Invalid(location, "it is null", null);
        }

        if (RolloutRules.FindProblem(state) is { } problem)
        {
            throw Invalid(location, $"field '{problem.Field}' {problem.Problem}", null);
        }

        var warnings = fields.Select(f => f.Key)
            .Where(key => !KnownKeys.Contains(key))
            .Select(key => $"The rollout state at '{location}' has an unknown field '{key}', which is ignored (a misspelling?); the next change rewrites the state without it. Known fields: {string.Join(", ", KnownKeys)}.")
            .ToArray();
        return warnings.Length == 0 ? state : state with { Warnings = warnings };
    }

    private static ConfigurationException Invalid(string location, string problem, Exception? inner) =>
        new(RolloutRules.InvalidStateErrorId, $"The rollout state at '{location}' is not valid: {problem}. It was left untouched; fix or remove it.", inner) { Target = location };
}
