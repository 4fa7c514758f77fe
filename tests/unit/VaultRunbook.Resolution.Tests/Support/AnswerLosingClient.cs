using System.Net;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>
/// A client in front of a real Vault that loses the answer to the next KV write, as a proxy timing out or a 500 on
/// the way back would: the write either reaches Vault first or not at all, and afterwards reads may fail too.
/// </summary>
public sealed class AnswerLosingClient : IVaultClient
{
    private readonly IVaultClient _inner;

    public AnswerLosingClient(IVaultClient inner) => _inner = inner;

    /// <summary>Send the next write to Vault before failing (true) or fail without sending it (false).</summary>
    public bool WriteLands { get; set; }

    /// <summary>After the lost answer, every request fails as unreachable (the reconciling read cannot happen).</summary>
    public bool ThenUnreachable { get; set; }

    public bool Armed { get; set; } = true;

    public int Writes { get; private set; }

    public VaultConnectionSettings Settings => _inner.Settings;

    public async Task<VaultResponse> SendAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        if (!Armed && ThenUnreachable)
        {
            throw new VaultUnreachableException(Settings.AddressText, "connection reset");
        }

        if (Armed && request.Method == "POST" && request.Path.Contains("/data/", StringComparison.Ordinal))
        {
            Armed = false;
            Writes++;
            if (WriteLands)
            {
                await _inner.SendAsync(request, cancellationToken);
            }

            throw new VaultApiException("VaultRunbook.Vault.ServerError", HttpStatusCode.InternalServerError, request.Method, request.Path, ["internal error"], Settings.AddressText);
        }

        if (request.Method == "POST")
        {
            Writes++;
        }

        return await _inner.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _inner.Dispose();
}
