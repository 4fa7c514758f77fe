using System.Net;
using System.Net.Http;
using System.Text.Json;
using k8s.Autorest;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>Maps what KubernetesClient throws onto <see cref="KubeException"/>s with stable ids.</summary>
internal static class KubeErrors
{
    public const string NotFound = "VaultRunbook.K8s.NotFound";
    public const string Unauthorized = "VaultRunbook.K8s.Unauthorized";
    public const string Forbidden = "VaultRunbook.K8s.Forbidden";
    public const string Conflict = "VaultRunbook.K8s.Conflict";
    public const string Invalid = "VaultRunbook.K8s.Invalid";
    public const string RequestFailed = "VaultRunbook.K8s.RequestFailed";
    public const string Unreachable = "VaultRunbook.K8s.Unreachable";

    /// <summary>Runs one API call; its failure becomes a KubeException naming what was asked (<paramref name="what"/>).</summary>
    public static async Task<T> Call<T>(string what, Func<Task<T>> call, string server)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            throw FromStatus(what, ex.Response.StatusCode, ex.Response.Content, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new KubeException(Unreachable, ErrorKind.ConnectionError, $"The Kubernetes API server {server} could not be reached ({ex.HttpRequestError}) while reading or changing {what}.", ex) { Target = server };
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new KubeException(Unreachable, ErrorKind.OperationTimeout, $"The Kubernetes API server {server} did not answer in time for {what}.", ex) { Target = server };
        }
    }

    private static KubeException FromStatus(string what, HttpStatusCode status, string? body, Exception inner)
    {
        var message = StatusMessage(body) ?? status.ToString();
        return status switch
        {
            HttpStatusCode.NotFound => new KubeException(NotFound, ErrorKind.ObjectNotFound, $"{what} was not found: {message}.", inner) { Target = what },
            HttpStatusCode.Unauthorized => new KubeException(Unauthorized, ErrorKind.PermissionDenied, $"The Kubernetes API server refused the credentials of the kubeconfig for {what} (401 {message}).", inner) { Target = what },
            HttpStatusCode.Forbidden => new KubeException(Forbidden, ErrorKind.PermissionDenied, $"Not allowed on {what}: {message}.", inner) { Target = what },
            HttpStatusCode.Conflict => new KubeException(Conflict, ErrorKind.InvalidOperation, $"{what} changed meanwhile: {message}.", inner) { Target = what },
            HttpStatusCode.UnprocessableEntity => new KubeException(Invalid, ErrorKind.InvalidArgument, $"The API server rejected the change to {what}: {message}.", inner) { Target = what },
            _ => new KubeException(RequestFailed, ErrorKind.InvalidResult, $"The API server answered {(int)status} for {what}: {message}.", inner) { Target = what },
        };
    }

    // The message of a metav1.Status body; the server's own words, which never carry the caller's token.
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
