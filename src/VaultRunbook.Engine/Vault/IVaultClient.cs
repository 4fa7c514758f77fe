namespace VaultRunbook.Engine.Vault;

/// <summary>
/// The Engine's one door to a Vault node. <see cref="VaultHttpClient"/> speaks Vault's HTTP API; tests and drills
/// may put something else behind it.
/// </summary>
public interface IVaultClient : IDisposable
{
    VaultConnectionSettings Settings { get; }

    /// <summary>
    /// Sends one request. A 2xx (or an accepted state code) returns the response; any other status throws
    /// <see cref="VaultApiException"/>; no answer throws <see cref="VaultUnreachableException"/>; a body that
    /// is not Vault's JSON throws <see cref="VaultInvalidResponseException"/>.
    /// </summary>
    Task<VaultResponse> SendAsync(VaultRequest request, CancellationToken cancellationToken);
}
