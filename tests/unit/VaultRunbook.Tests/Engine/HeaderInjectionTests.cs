using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// Issue 16 item 1: a CR or LF in a header value must never reach the wire, whichever source the token came from.
/// A raw TCP peer sees the request bytes exactly as sent.
/// </summary>
public sealed class HeaderInjectionTests : IDisposable
{
    private const string Injected = "hvs.X\r\nX-Evil: injected";
    private readonly string _home = Directory.CreateTempSubdirectory("vr-hdr-").FullName;
    private readonly RawHttpPeer _peer = new(() => RawHttpPeer.Json(200, "{\"data\":{}}"));

    public void Dispose()
    {
        _peer.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private VaultHttpClient Client(SensitiveString? token, string? ns = null) => new(new VaultConnectionSettings
    {
        Address = new Uri(_peer.Address),
        Token = token,
        Namespace = ns,
        MaxAttempts = 1,
        Timeout = TimeSpan.FromSeconds(10),
    });

    private VaultConnectionSettings Resolve(Dictionary<string, string> env) =>
        VaultConnectionSettings.Resolve(_peer.Address, null, null, null, null, null, name => env.GetValueOrDefault(name), _home);

    [Fact]
    public async Task A_clean_token_arrives_as_exactly_one_header()
    {
        using var client = Client(new SensitiveString("hvs.clean"));

        await client.SendAsync(VaultRequest.Get("auth/token/lookup-self"), CancellationToken.None);

        var request = Assert.Single(_peer.Received);
        Assert.Contains("\r\nX-Vault-Token: hvs.clean\r\n", request);
    }

    [Theory]
    [InlineData(Injected)]
    [InlineData("hvs.X\nX-Evil: injected")]
    [InlineData("hvs.X\rX-Evil: injected")]
    [InlineData("hvs.X\u0000X-Evil: injected")]
    public async Task A_token_with_a_control_character_is_refused_and_nothing_is_sent(string token)
    {
        using var client = Client(new SensitiveString(token));

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => client.SendAsync(VaultRequest.Get("auth/token/lookup-self"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.InvalidToken", ex.ErrorId);
        Assert.DoesNotContain("Evil", ex.Message);
        Assert.DoesNotContain("hvs.X", ex.Message);
        Assert.Empty(_peer.Received);
        Assert.Equal(0, _peer.Connections);
    }

    [Fact]
    public async Task A_namespace_with_a_line_break_is_refused_and_nothing_is_sent()
    {
        using var client = Client(new SensitiveString("hvs.clean"), "team\r\nX-Evil: injected");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => client.SendAsync(VaultRequest.Get("secret/data/app"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.InvalidNamespace", ex.ErrorId);
        Assert.Empty(_peer.Received);
    }

    [Fact]
    public void VAULT_TOKEN_with_a_line_break_is_refused_when_resolving()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Resolve(new() { ["VAULT_TOKEN"] = Injected }));

        Assert.Equal("VaultRunbook.Vault.InvalidToken", ex.ErrorId);
        Assert.Contains("VAULT_TOKEN", ex.Message);
        Assert.DoesNotContain("Evil", ex.Message);
    }

    [Fact]
    public void A_two_line_token_file_is_refused_when_resolving()
    {
        var file = Path.Combine(_home, ".vault-token");
        File.WriteAllText(file, "hvs.X\nX-Evil: injected\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<ConfigurationException>(() => Resolve(new()));

        Assert.Equal("VaultRunbook.Vault.InvalidToken", ex.ErrorId);
        Assert.Contains(".vault-token", ex.Message);
        Assert.DoesNotContain("Evil", ex.Message);
    }

    [Theory]
    [InlineData("hvs.fromfile\n")]
    [InlineData("hvs.fromfile\r\n")]
    [InlineData("hvs.fromfile")]
    public async Task One_trailing_newline_of_the_token_file_is_trimmed_as_the_vault_cli_does(string contents)
    {
        var file = Path.Combine(_home, ".vault-token");
        File.WriteAllText(file, contents);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var client = new VaultHttpClient(Resolve(new()) with { MaxAttempts = 1 });

        await client.SendAsync(VaultRequest.Get("auth/token/lookup-self"), CancellationToken.None);

        Assert.Contains("\r\nX-Vault-Token: hvs.fromfile\r\n", Assert.Single(_peer.Received));
    }
}
