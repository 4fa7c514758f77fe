using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using static VaultRunbook.Sandbox.Tests.Transit.TransitClient;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>keys/:name create, read, list and rotate, compared with Vault's bodies field by field.</summary>
public sealed class TransitKeysTests
{
    [Fact]
    public async Task A_key_read_has_every_field_of_vaults_body_with_the_same_json_kinds()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "x509-CA-A", "ecdsa-p256");

        ApiResponse read = await harness.RootAsync("GET", "/v1/transit/keys/x509-CA-A");

        JsonElement fixture = Fixtures.Load("transit.keys.read.ecdsa-p256.200.json");
        Fixtures.AssertCovers(fixture, read.Json, "transit.keys.read.ecdsa-p256.200.json");
        JsonElement data = read.Json.GetProperty("data");
        Fixtures.AssertCovers(fixture.GetProperty("data"), data, "transit.keys.read.ecdsa-p256.200.json data");
        foreach (JsonProperty field in fixture.GetProperty("data").EnumerateObject().Where(f => f.Name is not ("keys" or "name")))
        {
            Assert.Equal(field.Value.GetRawText(), data.GetProperty(field.Name).GetRawText());
        }

        JsonElement version = data.GetProperty("keys").GetProperty("1");
        Fixtures.AssertCovers(fixture.GetProperty("data").GetProperty("keys").GetProperty("1"), version, "keys.1");
        Assert.Equal("P-256", version.GetProperty("name").GetString());
        Assert.Equal("x509-CA-A", data.GetProperty("name").GetString());
        Assert.Equal("transit", read.Json.GetProperty("mount_type").GetString());

        // The PEM is Go's pem.EncodeToMemory: 64-character lines and a final newline; it parses as a P-256 key.
        string pem = version.GetProperty("public_key").GetString()!;
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----\n", pem, StringComparison.Ordinal);
        Assert.EndsWith("-----END PUBLIC KEY-----\n", pem, StringComparison.Ordinal);
        using ECDsa ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(pem);
        Assert.Equal(256, ecdsa.KeySize);
        Assert.True(DateTimeOffset.TryParse(version.GetProperty("creation_time").GetString(), out _));
    }

    [Theory]
    [InlineData("ed25519", "ed25519", false)]
    [InlineData("rsa-2048", "rsa-2048", true)]
    [InlineData("ecdsa-p384", "P-384", true)]
    public async Task Each_signing_type_reports_its_version_name_and_public_key_format(string type, string versionName, bool pem)
    {
        using SandboxHarness harness = await StartWithTransitAsync();

        JsonElement data = await CreateKeyAsync(harness, "k", type);

        Assert.Equal(type, data.GetProperty("type").GetString());
        Assert.True(data.GetProperty("supports_signing").GetBoolean());
        Assert.Equal(type.StartsWith("rsa", StringComparison.Ordinal), data.GetProperty("supports_encryption").GetBoolean());
        JsonElement version = data.GetProperty("keys").GetProperty("1");
        Assert.Equal(versionName, version.GetProperty("name").GetString());
        string publicKey = version.GetProperty("public_key").GetString()!;
        Assert.Equal(pem, publicKey.StartsWith("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal));
        if (!pem)
        {
            Assert.Equal(32, Convert.FromBase64String(publicKey).Length);
        }
    }

    [Fact]
    public async Task The_default_type_is_aes256_gcm96_whose_keys_map_holds_creation_seconds()
    {
        using SandboxHarness harness = await StartWithTransitAsync();

        ApiResponse created = await harness.RootAsync("POST", "/v1/transit/keys/aes", "");

        Assert.Equal(HttpStatusCode.OK, created.Status);
        JsonElement data = created.Json.GetProperty("data");
        Assert.Equal("aes256-gcm96", data.GetProperty("type").GetString());
        Assert.False(data.GetProperty("supports_signing").GetBoolean());
        Assert.True(data.GetProperty("supports_encryption").GetBoolean());
        Assert.Equal(JsonValueKind.Number, data.GetProperty("keys").GetProperty("1").ValueKind);
    }

    [Fact]
    public async Task Creating_an_existing_key_keeps_it_and_warns()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        JsonElement first = await CreateKeyAsync(harness, "k", "ecdsa-p256");

        ApiResponse again = await harness.RootAsync("POST", "/v1/transit/keys/k", new { type = "rsa-2048" });

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["key k already existed"], again.Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray());
        JsonElement data = again.Json.GetProperty("data");
        Assert.Equal("ecdsa-p256", data.GetProperty("type").GetString());
        Assert.Equal(
            first.GetProperty("keys").GetProperty("1").GetProperty("public_key").GetString(),
            data.GetProperty("keys").GetProperty("1").GetProperty("public_key").GetString());
    }

    [Fact]
    public async Task List_names_the_keys_and_is_404_when_there_are_none()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("LIST", "/v1/transit/keys")).Status);
        await CreateKeyAsync(harness, "b-key", "ed25519");
        await CreateKeyAsync(harness, "a.key", "ecdsa-p256");

        ApiResponse listed = await harness.RootAsync("LIST", "/v1/transit/keys");
        ApiResponse viaGet = await harness.RootAsync("GET", "/v1/transit/keys?list=true");

        Assert.Equal(["a.key", "b-key"], listed.Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray());
        Assert.Equal(listed.Json.GetProperty("data").GetRawText(), viaGet.Json.GetProperty("data").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/transit/keys/none")).Status);
    }

    [Fact]
    public async Task Rotate_adds_a_version_with_a_new_public_key_and_answers_with_the_key()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        JsonElement created = await CreateKeyAsync(harness, "k", "ecdsa-p256");

        ApiResponse rotated = await harness.RootAsync("POST", "/v1/transit/keys/k/rotate", "");

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        JsonElement data = rotated.Json.GetProperty("data");
        Assert.Equal(2, data.GetProperty("latest_version").GetInt32());
        Assert.Equal(1, data.GetProperty("min_decryption_version").GetInt32());
        Assert.Equal(0, data.GetProperty("min_encryption_version").GetInt32());
        Assert.Equal(
            created.GetProperty("keys").GetProperty("1").GetProperty("public_key").GetString(),
            data.GetProperty("keys").GetProperty("1").GetProperty("public_key").GetString());
        Assert.NotEqual(
            data.GetProperty("keys").GetProperty("1").GetProperty("public_key").GetString(),
            data.GetProperty("keys").GetProperty("2").GetProperty("public_key").GetString());

        ApiResponse missing = await harness.RootAsync("POST", "/v1/transit/keys/none/rotate", "");
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(["key not found"], missing.Errors);
    }

    [Theory]
    [InlineData("{\"type\":\"des\"}", "unknown key type des")]
    [InlineData("{\"type\":\"ed25519\",\"convergent_encryption\":true}", "convergent encryption requires derivation to be enabled")]
    [InlineData("{\"type\":\"ed25519\",\"auto_rotate_period\":\"10m\"}", "auto rotate period must be 0 to disable or at least an hour")]
    [InlineData("{\"type\":\"ecdsa-p256\",\"key_size\":32}", "key_size is not valid for algorithm ecdsa-p256")]
    public async Task Bad_create_requests_answer_400_with_vaults_text(string body, string message)
    {
        using SandboxHarness harness = await StartWithTransitAsync();

        ApiResponse response = await harness.RootAsync("POST", "/v1/transit/keys/k", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([message], response.Errors);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/transit/keys/k")).Status);
    }

    [Fact]
    public async Task Transit_mounts_at_any_path_and_lists_in_sys_mounts()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/transit/keys/k")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/signing/prod", new { type = "transit", description = "release signing" })).Status);
        ApiResponse created = await harness.RootAsync("POST", "/v1/signing/prod/keys/release", new { type = "ed25519" });

        Assert.Equal(HttpStatusCode.OK, created.Status);
        JsonElement mount = (await harness.RootAsync("GET", "/v1/sys/mounts")).Json.GetProperty("data").GetProperty("signing/prod/");
        Assert.Equal("transit", mount.GetProperty("type").GetString());
        Assert.Equal("release signing", mount.GetProperty("description").GetString());
        Assert.StartsWith("transit_", mount.GetProperty("accessor").GetString(), StringComparison.Ordinal);
    }
}
