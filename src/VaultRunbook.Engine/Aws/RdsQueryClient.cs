using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Aws;

/// <summary>
/// Amazon RDS's Query API (API version 2014-10-31) on AWSSDK.Core: credentials from its chain, each request signed
/// with its SigV4 signer (AWS4Signer), form-encoded POST, XML answers parsed by element name, errors mapped onto
/// <see cref="AwsException"/> with the AWS code, throttling and 5xx retried as the SDKs do.
/// </summary>
public sealed class RdsQueryClient : IRdsClient
{
    private const string ApiVersion = "2014-10-31";
    private const string Service = "rds";
    private const string FormContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private readonly HttpClient _http;
    private readonly AwsSettings _settings;
    private readonly AWSCredentials _credentials;
    private readonly Uri _endpoint;
    private readonly Random _jitter = new();

    public RdsQueryClient(AwsSettings settings, AWSCredentials credentials, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _credentials = credentials;
        _endpoint = settings.EndpointFor(Service);
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(60);
    }

    /// <summary>A client with the credentials AWSSDK.Core's chain resolves for <paramref name="settings"/>.</summary>
    public static async Task<IRdsClient> CreateAsync(AwsSettings settings) =>
        new RdsQueryClient(settings, await settings.CredentialsAsync().ConfigureAwait(false));

    /// <summary>Page size for DescribeDBSnapshots (RDS allows 20 to 100).</summary>
    public int MaxRecords { get; init; } = 100;

    /// <summary>Calls made, counting retries (for tests and diagnostics).</summary>
    public int Attempts { get; private set; }

    public async Task<IReadOnlyList<VaultStorageSnapshot>> DescribeDBSnapshotsAsync(string? dbInstanceIdentifier, string? dbSnapshotIdentifier, CancellationToken cancellationToken)
    {
        var snapshots = new List<VaultStorageSnapshot>();
        string? marker = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>>();
            Add(parameters, "DBInstanceIdentifier", dbInstanceIdentifier);
            Add(parameters, "DBSnapshotIdentifier", dbSnapshotIdentifier);
            Add(parameters, "MaxRecords", MaxRecords.ToString(CultureInfo.InvariantCulture));
            Add(parameters, "Marker", marker);
            var result = await CallAsync("DescribeDBSnapshots", parameters, dbInstanceIdentifier ?? dbSnapshotIdentifier, cancellationToken).ConfigureAwait(false);
            snapshots.AddRange(Children(Child(result, "DBSnapshots"), "DBSnapshot").Select(ToSnapshot));
            marker = Text(result, "Marker");
        }
        while (!string.IsNullOrEmpty(marker));

        return snapshots;
    }

    public async Task<VaultStorageSnapshot> CreateDBSnapshotAsync(string dbInstanceIdentifier, string dbSnapshotIdentifier, CancellationToken cancellationToken)
    {
        var result = await CallAsync("CreateDBSnapshot", [new("DBInstanceIdentifier", dbInstanceIdentifier), new("DBSnapshotIdentifier", dbSnapshotIdentifier)], dbSnapshotIdentifier, cancellationToken).ConfigureAwait(false);
        return ToSnapshot(Child(result, "DBSnapshot") ?? throw Invalid("CreateDBSnapshot", "DBSnapshot"));
    }

    public async Task<RdsInstance> DescribeDBInstanceAsync(string dbInstanceIdentifier, CancellationToken cancellationToken)
    {
        var result = await CallAsync("DescribeDBInstances", [new("DBInstanceIdentifier", dbInstanceIdentifier)], dbInstanceIdentifier, cancellationToken).ConfigureAwait(false);
        var instance = Children(Child(result, "DBInstances"), "DBInstance").FirstOrDefault() ?? throw Invalid("DescribeDBInstances", "DBInstance");
        return ToInstance(instance);
    }

    public async Task<RdsInstance> RestoreDBInstanceToPointInTimeAsync(string sourceDBInstanceIdentifier, string targetDBInstanceIdentifier, DateTimeOffset? restoreTime, CancellationToken cancellationToken)
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("SourceDBInstanceIdentifier", sourceDBInstanceIdentifier),
            new("TargetDBInstanceIdentifier", targetDBInstanceIdentifier),
        };
        if (restoreTime is { } time)
        {
            parameters.Add(new("RestoreTime", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        }
        else
        {
            parameters.Add(new("UseLatestRestorableTime", "true"));
        }

        var result = await CallAsync("RestoreDBInstanceToPointInTime", parameters, targetDBInstanceIdentifier, cancellationToken).ConfigureAwait(false);
        return ToInstance(Child(result, "DBInstance") ?? throw Invalid("RestoreDBInstanceToPointInTime", "DBInstance"));
    }

    private async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> parameters, object? target, CancellationToken cancellationToken)
    {
        var body = "Action=" + action + "&Version=" + ApiVersion + string.Concat(parameters.Select(p => "&" + Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        for (var attempt = 1; ; attempt++)
        {
            Attempts++;
            try
            {
                return await SendAsync(action, body, target, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsException ex) when (attempt < _settings.Retry.MaxAttempts && AwsErrors.IsTransient(ex.AwsErrorCode, ex.StatusCode))
            {
                await _settings.Retry.Delay(_settings.Retry.Backoff(attempt, _jitter), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (attempt < _settings.Retry.MaxAttempts)
            {
                _ = ex;
                await _settings.Retry.Delay(_settings.Retry.Backoff(attempt, _jitter), cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new AwsException("Unreachable", ErrorKind.ConnectionError, $"RDS {action}: the endpoint {_endpoint} could not be reached: {ex.Message}", inner: ex) { Target = target };
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new AwsException("Timeout", ErrorKind.OperationTimeout, $"RDS {action}: the endpoint {_endpoint} did not answer in time.", inner: ex) { Target = target };
            }
        }
    }

    private async Task<XElement> SendAsync(string action, string body, object? target, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync().ConfigureAwait(false);
        var payload = Encoding.UTF8.GetBytes(body);
        var signedAt = DateTime.UtcNow;
        var amzDate = signedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = _endpoint.IsDefaultPort ? _endpoint.Host : _endpoint.Authority;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = FormContentType,
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        if (credentials.UseToken)
        {
            headers["x-amz-security-token"] = credentials.Token;
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var path = string.IsNullOrEmpty(_endpoint.AbsolutePath) ? "/" : _endpoint.AbsolutePath;
        var canonicalRequest = string.Join('\n',
            "POST",
            path,
            string.Empty,
            string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n")),
            signedHeaders,
            Convert.ToHexString(AWS4Signer.ComputeHash(payload)).ToLowerInvariant());
        var signature = AWS4Signer.ComputeSignature(credentials, _settings.Region, signedAt, Service, signedHeaders, canonicalRequest);

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(payload);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", FormContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        if (credentials.UseToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        XElement root;
        try
        {
            root = XDocument.Parse(text).Root ?? throw new System.Xml.XmlException("empty");
        }
        catch (System.Xml.XmlException)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw AwsException.FromService("RDS", action, "Http" + (int)response.StatusCode, response.ReasonPhrase, (int)response.StatusCode, null, target);
            }

            throw Invalid(action, "an XML answer");
        }

        if (!response.IsSuccessStatusCode || root.Name.LocalName == "ErrorResponse")
        {
            var error = Child(root, "Error");
            throw AwsException.FromService("RDS", action, Text(error, "Code") ?? "Http" + (int)response.StatusCode, Text(error, "Message"), (int)response.StatusCode, Text(root, "RequestId"), target);
        }

        return Child(root, action + "Result") ?? throw Invalid(action, action + "Result");
    }

    private static VaultStorageSnapshot ToSnapshot(XElement e) => new()
    {
        SnapshotIdentifier = Text(e, "DBSnapshotIdentifier") ?? string.Empty,
        DBInstanceIdentifier = Text(e, "DBInstanceIdentifier") ?? string.Empty,
        CreateTime = Time(Text(e, "SnapshotCreateTime")),
        Status = Text(e, "Status") ?? string.Empty,
        Type = Text(e, "SnapshotType") ?? string.Empty,
        Size = Int(Text(e, "AllocatedStorage")) ?? 0,
        Encrypted = Text(e, "Encrypted") == "true",
        PercentProgress = Int(Text(e, "PercentProgress")) ?? 0,
        Engine = Text(e, "Engine"),
        EngineVersion = Text(e, "EngineVersion"),
        SnapshotArn = Text(e, "DBSnapshotArn"),
    };

    private static RdsInstance ToInstance(XElement e)
    {
        var endpoint = Child(e, "Endpoint");
        return new RdsInstance
        {
            DBInstanceIdentifier = Text(e, "DBInstanceIdentifier") ?? string.Empty,
            Status = Text(e, "DBInstanceStatus") ?? string.Empty,
            EndpointAddress = Text(endpoint, "Address"),
            Port = Int(Text(endpoint, "Port")),
            Engine = Text(e, "Engine"),
            DBInstanceClass = Text(e, "DBInstanceClass"),
            LatestRestorableTime = Time(Text(e, "LatestRestorableTime")),
            InstanceArn = Text(e, "DBInstanceArn"),
        };
    }

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static IEnumerable<XElement> Children(XElement? parent, string name) => parent?.Elements().Where(e => e.Name.LocalName == name) ?? [];

    private static string? Text(XElement? parent, string name) => Child(parent, name)?.Value;

    private static int? Int(string? text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;

    private static void Add(List<KeyValuePair<string, string>> parameters, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            parameters.Add(new(name, value));
        }
    }

    private AwsException Invalid(string action, string what) =>
        new("InvalidResponse", ErrorKind.InvalidResult, $"RDS {action} at {_endpoint}: the answer has no {what}.");

    public void Dispose() => _http.Dispose();
}
