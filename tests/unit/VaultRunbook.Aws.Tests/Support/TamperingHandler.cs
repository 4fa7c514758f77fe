namespace VaultRunbook.Aws.Tests.Support;

/// <summary>Flips the last hex digit of a signed request's Signature on its way out, as a man in the middle would.</summary>
internal sealed class TamperingHandler : DelegatingHandler
{
    public TamperingHandler()
        : base(new HttpClientHandler())
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = string.Join(",", request.Headers.GetValues("Authorization"));
        var last = authorization[^1];
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", authorization[..^1] + (last == '0' ? '1' : '0'));
        return base.SendAsync(request, cancellationToken);
    }
}
