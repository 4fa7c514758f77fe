using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using Xunit;

namespace VaultRunbook.Tests.Engine;

public sealed class VaultConnectionSettingsTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("vr-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private VaultConnectionSettings Resolve(Dictionary<string, string> env, string? address = null) =>
        VaultConnectionSettings.Resolve(address, null, null, null, null, null, name => env.GetValueOrDefault(name), _home);

    [Theory]
    [InlineData("vault.example.com:8200", "has no scheme")]
    [InlineData("ftp://vault:8200", "only http:// and https://")]
    [InlineData("https://", "has no host")]
    [InlineData("http://vault:8200/?x=1", "must not carry")]
    [InlineData("   ", "empty")]
    public void Bad_addresses_are_refused_with_a_stable_id(string address, string expected)
    {
        var ex = Assert.Throws<ConfigurationException>(() => VaultAddress.Parse(address));

        Assert.Equal("VaultRunbook.Vault.InvalidAddress", ex.ErrorId);
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("pw@", ex.Message);
    }

    [Fact]
    public void Defaults_follow_the_vault_cli()
    {
        var settings = Resolve(new Dictionary<string, string>());

        Assert.Equal("https://127.0.0.1:8200", settings.AddressText);
        Assert.Null(settings.Token);
        Assert.False(settings.SkipCertificateCheck);
    }

    [Fact]
    public void Environment_supplies_address_token_namespace()
    {
        var settings = Resolve(new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = "https://vault-1:8200/",
            ["VAULT_TOKEN"] = "hvs.env",
            ["VAULT_NAMESPACE"] = "ns1",
        });

        Assert.Equal("https://vault-1:8200", settings.AddressText);
        Assert.Equal("hvs.env", settings.Token!.Reveal());
        Assert.Equal("ns1", settings.Namespace);
    }

    [Fact]
    public void Explicit_address_wins_over_environment()
    {
        var settings = Resolve(new Dictionary<string, string> { ["VAULT_ADDR"] = "https://env:8200" }, "http://explicit:8200");

        Assert.Equal("http://explicit:8200", settings.AddressText);
    }

    [Fact]
    public void Token_helper_file_is_read_and_warned_about_when_others_can_read_it()
    {
        var file = Path.Combine(_home, ".vault-token");
        File.WriteAllText(file, "hvs.fromfile\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var settings = Resolve(new Dictionary<string, string>());

        Assert.Equal("hvs.fromfile", settings.Token!.Reveal());
        var warning = Assert.Single(settings.SessionWarnings);
        Assert.Contains("can be read by other users", warning);
        Assert.DoesNotContain("hvs.fromfile", warning);
    }

    [Fact]
    public void Skip_verify_from_environment_warns()
    {
        var settings = Resolve(new Dictionary<string, string> { ["VAULT_SKIP_VERIFY"] = "true" });

        Assert.True(settings.SkipCertificateCheck);
        Assert.Contains(settings.Warnings, w => w.Contains("verification is disabled"));
    }

    [Fact]
    public void A_bad_skip_verify_value_is_an_error()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Resolve(new Dictionary<string, string> { ["VAULT_SKIP_VERIFY"] = "maybe" }));

        Assert.Equal("VaultRunbook.Vault.InvalidEnvironment", ex.ErrorId);
    }

    [Fact]
    public void A_missing_ca_bundle_is_an_error()
    {
        var ex = Assert.Throws<ConfigurationException>(() => Resolve(new Dictionary<string, string> { ["VAULT_CACERT"] = "/nope/ca.pem" }));

        Assert.Equal("VaultRunbook.Vault.CACertificateNotFound", ex.ErrorId);
    }

    [Fact]
    public void A_sensitive_string_never_shows_its_value()
    {
        var secret = new SensitiveString("hvs.secret");

        Assert.Equal("********", secret.ToString());
        Assert.Equal("********", $"{secret}");
        Assert.Equal("hvs.secret", secret.Reveal());
    }
}
