using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Testing;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>Issue 9 item 7: the CLI's path forms, the mount found by the CLI's preflight, once per mount.</summary>
public sealed class KvPathResolverTests
{
    // Vault's preflight: the mount serving the path, or 403 with the preflight text for no mount (or no access).
    private static PeerAnswer Preflight(RecordedRequest request)
    {
        var path = request.AbsolutePath["/v1/sys/internal/ui/mounts/".Length..] + "/";
        foreach (var (mount, version) in new[] { ("secret/", "2"), ("kv-v1/", "1"), ("team/kv/", "2") })
        {
            if (path.StartsWith(mount, StringComparison.Ordinal))
            {
                return new PeerAnswer(200, $"{{\"data\":{{\"path\":\"{mount}\",\"type\":\"kv\",\"options\":{{\"version\":\"{version}\"}}}}}}");
            }
        }

        return new PeerAnswer(403, $"{{\"errors\":[\"preflight capability check returned 403, please ensure client's policies grant access to path \\\"{path}\\\"\"]}}");
    }

    private static VaultHttpClient ClientFor(FixturePeer peer) => new(new VaultConnectionSettings
    {
        Address = new Uri(peer.Address),
        Token = new SensitiveString("hvs.test"),
        RetryDelay = TimeSpan.FromMilliseconds(5),
    });

    [Theory]
    [InlineData(null, "secret/app/db", "secret", "app/db", 2)]
    [InlineData("secret", "app/db", "secret", "app/db", 2)]
    [InlineData(null, "/secret/app/db/", "secret", "app/db", 2)]
    [InlineData(null, "kv-v1/foo", "kv-v1", "foo", 1)]
    [InlineData(null, "team/kv/app", "team/kv", "app", 2)]
    [InlineData("team", "kv/app", "team/kv", "app", 2)]
    [InlineData("secret", "data/app/db", "secret", "data/app/db", 2)] // with -Mount the path is taken literally
    public async Task The_cli_forms_find_the_mount(string? mount, string path, string expectedMount, string expectedPath, int expectedVersion)
    {
        using var peer = new FixturePeer(Preflight);
        using var client = ClientFor(peer);

        var location = await new KvPathResolver(client).ResolveAsync(mount, path, CancellationToken.None);

        Assert.Equal(new KvLocation(expectedMount, expectedPath, expectedVersion), location);
        Assert.Null(location.Ambiguity);
    }

    [Fact]
    public async Task The_api_form_is_read_as_such_and_says_it_could_be_read_otherwise()
    {
        using var peer = new FixturePeer(Preflight);
        using var client = ClientFor(peer);

        var location = await new KvPathResolver(client).ResolveAsync(null, "secret/data/app/db", CancellationToken.None);

        Assert.Equal(("secret", "app/db"), (location.Mount, location.Path));
        Assert.Contains("mount 'secret/', path 'app/db'", location.Ambiguity);
        Assert.Contains("-Mount secret -Path data/app/db", location.Ambiguity);
    }

    [Fact]
    public async Task A_kv_v1_path_starting_with_data_is_not_the_api_form()
    {
        using var peer = new FixturePeer(Preflight);
        using var client = ClientFor(peer);

        var location = await new KvPathResolver(client).ResolveAsync(null, "kv-v1/data/x", CancellationToken.None);

        Assert.Equal(new KvLocation("kv-v1", "data/x", 1), location);
        Assert.Null(location.Ambiguity);
    }

    [Fact]
    public async Task A_path_under_no_mount_uses_the_default_mount_and_each_mount_is_looked_up_once()
    {
        using var peer = new FixturePeer(Preflight);
        using var client = ClientFor(peer);
        var resolver = new KvPathResolver(client);

        var first = await resolver.ResolveAsync(null, "cwiq/shared/app/database", CancellationToken.None);
        var sibling = await resolver.ResolveAsync(null, "cwiq/shared/app/cache", CancellationToken.None);
        var cli = await resolver.ResolveAsync(null, "secret/other", CancellationToken.None);
        var explicitMount = await resolver.ResolveAsync("secret", "third", CancellationToken.None);

        Assert.Equal(("secret", "cwiq/shared/app/database", 2), (first.Mount, first.Path, first.KvVersion));
        Assert.Contains("mount 'secret/', path 'cwiq/shared/app/database'", first.Note);
        Assert.Null(first.Ambiguity);
        Assert.Null(cli.Ambiguity);
        Assert.Equal(("secret", "cwiq/shared/app/cache", 2), (sibling.Mount, sibling.Path, sibling.KvVersion));
        Assert.Equal(new KvLocation("secret", "other", 2), cli);
        Assert.Equal(new KvLocation("secret", "third", 2), explicitMount);
        // One 403 for the cwiq/shared/app folder, one lookup of secret/; nothing more.
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(2, peer.Requests.Count);
    }

    [Theory]
    [InlineData(null, "secret")]
    [InlineData("secret", "")]
    [InlineData(null, "/")]
    public async Task A_path_naming_no_secret_is_refused(string? mount, string path)
    {
        using var peer = new FixturePeer(Preflight);
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => new KvPathResolver(client).ResolveAsync(mount, path, CancellationToken.None));

        Assert.Equal("VaultRunbook.Secret.InvalidPath", ex.ErrorId);
    }

    [Fact]
    public async Task An_unknown_explicit_mount_is_a_clear_error()
    {
        using var peer = new FixturePeer(Preflight);
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => new KvPathResolver(client).ResolveAsync("nope", "app", CancellationToken.None));

        Assert.Equal("VaultRunbook.Secret.MountNotFound", ex.ErrorId);
        Assert.Contains("nope/", ex.Message);
    }

    [Fact]
    public void Kv_v2_only_options_are_refused_on_kv_v1()
    {
        var ex = Assert.Throws<KvException>(() => new KvLocation("kv-v1", "foo", 1).RequireVersioned("-Version"));

        Assert.Equal("VaultRunbook.Secret.NotVersioned", ex.ErrorId);
        Assert.Contains("kv-v1/foo", ex.Message);
    }
}
