namespace VaultRunbook.FakeKube;

/// <summary>
/// The custom resources this fake serves as the API server serves a CRD's: Istio's VirtualService
/// (networking.istio.io, v1 preferred, and v1beta1, one storage). A CRD takes JSON patch and merge patch but not
/// strategic merge patch, which the API server answers with 415.
/// </summary>
public static class CustomResources
{
    public static readonly IReadOnlyList<ResourceKind> Kinds =
    [
        new("networking.istio.io", "v1", "virtualservices", "virtualservice", "VirtualService", true, ["vs"], []) { Custom = true },
        new("networking.istio.io", "v1beta1", "virtualservices", "virtualservice", "VirtualService", true, ["vs"], []) { Custom = true },
    ];

    /// <summary>Refuses what the API server refuses for a custom resource (a strategic merge patch).</summary>
    public static void CheckPatchType(ResourceKind kind, string? contentType)
    {
        var media = (contentType ?? string.Empty).Split(';')[0].Trim();
        if (kind.Custom && media == "application/strategic-merge-patch+json")
        {
            throw new FakeKubeException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }
    }
}
