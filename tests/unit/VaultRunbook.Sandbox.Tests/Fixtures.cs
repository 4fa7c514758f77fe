using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>Reads tests/fixtures/vault (real Vault response bodies) and compares JSON shapes.</summary>
internal static class Fixtures
{
    public static string Folder { get; } = FindFolder();

    public static JsonElement Load(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name)));
        return document.RootElement.Clone();
    }

    public static string Raw(string name) => File.ReadAllText(Path.Combine(Folder, name));

    /// <summary>"bool" for true/false, else the JSON kind in lower case.</summary>
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    /// <summary>Every member of <paramref name="fixture"/> is in <paramref name="actual"/> with the same JSON kind.</summary>
    public static void AssertCovers(JsonElement fixture, JsonElement actual, string fixtureName)
    {
        foreach (JsonProperty expected in fixture.EnumerateObject())
        {
            Assert.True(actual.TryGetProperty(expected.Name, out JsonElement value), $"{fixtureName}: field '{expected.Name}' missing from the sandbox's answer");
            Assert.True(Kind(expected.Value) == Kind(value), $"{fixtureName}: field '{expected.Name}' is {Kind(value)}, Vault sends {Kind(expected.Value)}");
        }
    }

    /// <summary><paramref name="keys"/> appear in the relative order of <paramref name="order"/> (all of them listed there).</summary>
    public static void AssertInOrder(IReadOnlyList<string> keys, IReadOnlyList<string> order)
    {
        int last = -1;
        foreach (string key in keys)
        {
            int index = order.ToList().IndexOf(key);
            Assert.True(index >= 0, $"unexpected field '{key}'");
            Assert.True(index > last, $"field '{key}' is out of Go struct order: {string.Join(",", keys)}");
            last = index;
        }
    }

    private static string FindFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "fixtures", "vault");
            if (File.Exists(Path.Combine(candidate, "MANIFEST.md")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/fixtures/vault not found above " + AppContext.BaseDirectory);
    }
}
