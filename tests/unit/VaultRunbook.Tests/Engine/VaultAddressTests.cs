using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>Issue 16 items 4 and 9: credentials never leave an address, and a bad address is described as it is.</summary>
public sealed class VaultAddressTests
{
    [Fact]
    public void Credentials_are_stripped_with_a_warning_that_never_shows_them()
    {
        var warnings = new List<string>();

        var uri = VaultAddress.Parse("http://ops:S3cret@vault-1:8200", warnings);

        Assert.Equal("http://vault-1:8200", VaultAddress.Format(uri));
        Assert.Empty(uri.UserInfo);
        var warning = Assert.Single(warnings);
        Assert.Contains("ignored", warning);
        Assert.DoesNotContain("S3cret", warning);
        Assert.DoesNotContain("ops", warning);
    }

    [Theory]
    [InlineData("ops:S3cret@vault-1")]
    [InlineData("ftp://ops:S3cret@vault-1")]
    [InlineData("http://ops:S3cret@vault-1:99999")]
    [InlineData("http//ops:S3cret@vault-1")]
    [InlineData("https://ops:S3/cr#et@[::1")]
    public void A_refused_address_never_shows_its_credentials(string address)
    {
        var ex = Assert.Throws<ConfigurationException>(() => VaultAddress.Parse(address));

        Assert.Equal("VaultRunbook.Vault.InvalidAddress", ex.ErrorId);
        Assert.DoesNotContain("S3", ex.Message);
        Assert.DoesNotContain("S3", Convert.ToString(ex.Target));
        Assert.DoesNotContain("ops", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:99999", "port 99999, outside 1-65535")]
    [InlineData("http://127.0.0.1:80x", "port '80x', which is not a number")]
    [InlineData("http://[::1", "IPv6 host without its closing ']'")]
    [InlineData("http//x", "Did you mean http://x?")]
    [InlineData("https:/vault:8200", "Did you mean https://vault:8200?")]
    [InlineData("ftp://vault:8200", "scheme 'ftp'; only http:// and https://")]
    [InlineData("vault.internal:8200", "has no scheme. Use a full URL such as https://vault.internal:8200")]
    public void A_bad_address_is_described_as_it_is(string address, string expected)
    {
        var ex = Assert.Throws<ConfigurationException>(() => VaultAddress.Parse(address));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain("https://http", ex.Message);
    }

    [Fact]
    public void Port_and_ipv6_messages_do_not_claim_a_wrong_scheme()
    {
        Assert.DoesNotContain("not an http", Assert.Throws<ConfigurationException>(() => VaultAddress.Parse("http://127.0.0.1:99999")).Message);
        Assert.DoesNotContain("not an http", Assert.Throws<ConfigurationException>(() => VaultAddress.Parse("http://[::1")).Message);
    }

    [Fact]
    public void Resolve_strips_credentials_from_VAULT_ADDR_too()
    {
        var settings = VaultConnectionSettings.Resolve(null, null, null, null, null, null, name => name == "VAULT_ADDR" ? "https://ops:S3cret@vault-2:8200" : null, null);

        Assert.Equal("https://vault-2:8200", settings.AddressText);
        Assert.Contains(settings.Warnings, w => w.Contains("ignored") && !w.Contains("S3cret"));
    }
}
