using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Metrics;

/// <summary>
/// GET sys/metrics?format=prometheus (vault-api-notes section 9): a token with read on sys/metrics, unless the
/// listener allows unauthenticated metrics access. Served by each node itself (never forwarded), in the root
/// namespace.
/// </summary>
public static class VaultMetricsApi
{
    public static async Task<PrometheusExposition> GetMetricsAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest
            {
                Method = "GET",
                Path = "sys/metrics",
                Query = new Dictionary<string, string> { ["format"] = "prometheus" },
                UseNamespace = false,
                Idempotent = true,
                AcceptNonJson = true,
            },
            cancellationToken).ConfigureAwait(false);
        return PrometheusTextParser.Parse(response.Text ?? string.Empty, response.Address);
    }
}
