using System.Collections;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

public sealed class SecretMapTests
{
    [Fact]
    public void Json_maps_take_the_object_and_the_short_form()
    {
        var map = SecretMap.Parse(
            """
            {
              // comments are allowed
              "HF_TOKEN": { "mount": "secret", "path": "cwiq/shared/hf", "field": "token" },
              "PG_PASSWORD": "secret/app/db#pg_password",
              "NO_MOUNT": { "Path": "/a/b/", "Field": "f" },
            }
            """,
            "map.json");

        Assert.Equal(3, map.Count);
        Assert.True(map.TryGet("HF_TOKEN", out var hf));
        Assert.Equal(new SecretReference("HF_TOKEN", "secret", "cwiq/shared/hf", "token"), hf);
        Assert.True(map.TryGet("PG_PASSWORD", out var pg));
        Assert.Equal("secret/app/db#pg_password", pg.Location);
        Assert.True(map.TryGet("NO_MOUNT", out var defaulted));
        Assert.Equal("secret/a/b#f", defaulted.Location);
    }

    [Theory]
    [InlineData("""{ "HF_TOKEN": { "mount": "secret", "path": "x" } }""", "HF_TOKEN", "'field'")]
    [InlineData("""{ "HF_TOKEN": { "mount": "secret", "path": "x", "field": "t", "fiels": "t" } }""", "HF_TOKEN", "unknown key 'fiels'")]
    [InlineData("""{ "HF_TOKEN": { "path": "", "field": "t" } }""", "HF_TOKEN", "'path'")]
    [InlineData("""{ "PG": "secret-app-db" }""", "PG", "mount/path#field")]
    [InlineData("""{ "A=B": "secret/app#f" }""", "A=B", "not a valid environment variable")]
    [InlineData("""{ "PG": 42 }""", "PG", "must be an object")]
    [InlineData("""{ "PG": { "mount": 1, "path": "p", "field": "f" } }""", "PG", "'mount' must be a string")]
    [InlineData("""{ "PG": "secret/a#f", "PG": "secret/b#f" }""", "PG", "more than once")]
    public void A_bad_entry_is_InvalidSecretMap_naming_it(string json, string entry, string problem)
    {
        var ex = Assert.Throws<ConfigurationException>(() => SecretMap.Parse(json, "map.json"));

        Assert.Equal("VaultRunbook.Resolution.InvalidSecretMap", ex.ErrorId);
        Assert.Contains($"entry '{entry}'", ex.Message);
        Assert.Contains(problem, ex.Message);
        Assert.Contains("map.json", ex.Message);
        Assert.Equal(entry, ex.Target);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void A_file_that_is_not_an_object_is_InvalidSecretMap(string json)
    {
        var ex = Assert.Throws<ConfigurationException>(() => SecretMap.Parse(json, "map.json"));

        Assert.Equal("VaultRunbook.Resolution.InvalidSecretMap", ex.ErrorId);
    }

    [Fact]
    public void A_missing_file_is_SecretMapNotFound()
    {
        var ex = Assert.Throws<ConfigurationException>(() => SecretMap.Load("/nonexistent/map.json"));

        Assert.Equal("VaultRunbook.Resolution.SecretMapNotFound", ex.ErrorId);
    }

    [Fact]
    public void Hashtables_work_as_the_cmdlets_read_psd1_files()
    {
        var map = SecretMap.FromDictionary(
            new Hashtable
            {
                ["HF_TOKEN"] = new Hashtable { ["Mount"] = "secret", ["Path"] = "cwiq/shared/hf", ["Field"] = "token" },
                ["PG_PASSWORD"] = "kv/app/db#pg_password",
            },
            "map.psd1");

        Assert.True(map.TryGet("PG_PASSWORD", out var pg));
        Assert.Equal("kv", pg.Mount);
        Assert.Throws<ConfigurationException>(() => SecretMap.FromDictionary(new Hashtable { ["X"] = new Hashtable { ["Path"] = "p" } }, "m"));
    }
}
