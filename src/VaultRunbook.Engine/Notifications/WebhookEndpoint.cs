using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Notifications;

/// <summary>
/// A webhook's URI, held as a secret: a Slack incoming webhook's path is its token. Only <see cref="Display"/>
/// (scheme://host[:port]) is ever shown, in messages, verbose text, the result and the journal.
/// </summary>
public sealed class WebhookEndpoint
{
    public const string InvalidUriErrorId = "VaultRunbook.Notification.InvalidUri";
    public const string InsecureUriErrorId = "VaultRunbook.Notification.InsecureUri";

    private readonly SensitiveString _uri;

    private WebhookEndpoint(Uri uri)
    {
        _uri = new SensitiveString(uri.AbsoluteUri);
        Display = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
    }

    /// <summary>scheme://host[:port], never the path, query or user info.</summary>
    public string Display { get; }

    /// <summary>
    /// Checks a webhook URI: absolute http or https; http only to a loopback host unless
    /// <paramref name="allowInsecure"/> (the URI's token would cross the network in clear). Neither error shows the URI.
    /// </summary>
    /// <exception cref="ConfigurationException"><see cref="InvalidUriErrorId"/> or <see cref="InsecureUriErrorId"/>.</exception>
    public static WebhookEndpoint Parse(string text, bool allowInsecure)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new ConfigurationException(InvalidUriErrorId, "The webhook URI is not an absolute http:// or https:// URI (it is not shown: it may hold the webhook's token).");
        }

        var endpoint = new WebhookEndpoint(uri);
        if (uri.Scheme == "http" && !uri.IsLoopback && !allowInsecure)
        {
            throw new ConfigurationException(
                InsecureUriErrorId,
                $"The webhook {endpoint.Display} is plain http to a host that is not loopback: its token would cross the network in clear. Use https, or -AllowInsecure.")
            { Target = endpoint.Display };
        }

        return endpoint;
    }

    /// <summary>The full URI, for the request only.</summary>
    public Uri Reveal() => new(_uri.Reveal());

    public override string ToString() => Display;
}
