using System.Globalization;
using System.Reflection;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Kubernetes;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Signing;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// Turns any runbook step's output into a <see cref="RunbookObjectSummary"/>, redacting by type: each known type keeps
/// an allow-list of fields (free text among them is scrubbed of credential-looking values); an error keeps its id,
/// category and scrubbed message; anything else keeps only scalar properties whose names and values do not look
/// secret (<see cref="SecretScrubber"/>).
/// </summary>
public static class RunbookObjectSummarizer
{
    private const int MaxSummaryLength = 300;

    public static RunbookObjectSummary Summarize(object? value) => value switch
    {
        null => Make("Null", "(nothing)", SummarySeverity.Info, new Bag()),
        RunbookObjectSummary already => already,
        VaultHealth health => Health(health),
        SecretRotation rotation => Rotation(rotation),
        EffectiveRollout rollout => Rollout(rollout),
        RolloutState state => Rollout(state),
        SignatureRecord signature => Signature(signature),
        FallbackSigningStatus status => Fallback(status),
        K8sWorkloadChange change => Workload(change),
        ActionRecord action => Action(action),
        PipedError error => Error(error),
        PipedObject piped => Generic(piped.TypeName, piped.Properties),
        string text => Make("Text", text, SummarySeverity.Info, new Bag()),
        _ when IsScalar(value) => Make(value.GetType().Name, Format(value), SummarySeverity.Info, new Bag()),
        _ => Generic(value.GetType().Name, Reflected(value)),
    };

    private static RunbookObjectSummary Health(VaultHealth h)
    {
        var bag = new Bag()
            .Add("Address", h.Address).Add("Namespace", h.Namespace).Add("Status", h.Status).Add("StatusCode", h.StatusCode)
            .Add("Initialized", h.Initialized).Add("Sealed", h.Sealed).Add("Standby", h.Standby).Add("Version", h.Version)
            .Add("ClusterName", h.ClusterName).Add("IsHealthy", h.IsHealthy).Add("Reason", h.Reason);
        var severity = h.IsHealthy ? SummarySeverity.Info
            : h.Status is VaultNodeStatus.Sealed or VaultNodeStatus.Unreachable or VaultNodeStatus.NotInitialized ? SummarySeverity.Critical
            : SummarySeverity.Warning;
        var detail = h.Reason is { Length: > 0 } reason ? $": {reason}" : h.Version is { Length: > 0 } version ? $" (v{version})" : string.Empty;
        return Make("VaultHealth", $"{h.Address} is {h.Status}{detail}", severity, bag);
    }

    private static RunbookObjectSummary Rotation(SecretRotation r)
    {
        var bag = new Bag()
            .Add("Mount", r.Mount).Add("Path", r.Path).Add("PreviousVersion", r.PreviousVersion).Add("NewVersion", r.NewVersion)
            .Add("RotatedFields", string.Join(",", r.RotatedFields)).Add("RotatedAt", r.RotatedAt).Add("Address", r.Address)
            .Add("RestoredFromVersion", r.RestoredFromVersion).Add("Verified", r.Verified);
        var verb = r.RestoredFromVersion is { } from ? $"Rolled back {r.Mount}/{r.Path} to v{from}'s data as" : $"Rotated {r.Mount}/{r.Path}";
        return Make("SecretRotation", $"{verb} v{r.PreviousVersion} -> v{r.NewVersion} ({string.Join(", ", r.RotatedFields)})", r.Verified ? SummarySeverity.Info : SummarySeverity.Warning, bag);
    }

    private static RunbookObjectSummary Rollout(EffectiveRollout e) => Make(
        "Rollout",
        e.ToString(),
        e.KillSwitch || e.EmergencyFallback ? SummarySeverity.Warning : SummarySeverity.Info,
        new Bag()
            .Add("Mode", e.Mode).Add("CanaryPercent", e.CanaryPercent).Add("KillSwitch", e.KillSwitch).Add("EmergencyFallback", e.EmergencyFallback)
            .Add("AllowFallbackSigning", e.AllowFallbackSigning).Add("Store", e.Store).Add("UpdatedBy", e.Stored.UpdatedBy)
            .Add("Reason", e.Stored.Reason).Add("Revision", e.Stored.Revision));

    private static RunbookObjectSummary Rollout(RolloutState s) => Make(
        "Rollout",
        s.ToString(),
        s.KillSwitch || s.EmergencyFallback ? SummarySeverity.Warning : SummarySeverity.Info,
        new Bag()
            .Add("Mode", s.Mode).Add("CanaryPercent", s.CanaryPercent).Add("KillSwitch", s.KillSwitch).Add("EmergencyFallback", s.EmergencyFallback)
            .Add("AllowFallbackSigning", s.AllowFallbackSigning).Add("UpdatedBy", s.UpdatedBy).Add("Reason", s.Reason).Add("Revision", s.Revision));

    // The signature itself is not secret, but nothing in a timeline needs it: the digest and key version identify it.
    private static RunbookObjectSummary Signature(SignatureRecord s)
    {
        var bag = new Bag()
            .Add("KeyName", s.KeyName).Add("KeyVersion", s.KeyVersion).Add("SigningMode", s.SigningMode).Add("Attempts", s.Attempts)
            .Add("SignedAt", s.SignedAt).Add("InputDigest", s.InputDigest).Add("Mount", s.Mount).Add("Address", s.Address)
            .Add("FallbackKeyId", s.FallbackKeyId).Add("FallbackReason", s.FallbackReason);
        var how = s.SigningMode == SigningMode.Fallback
            ? $"with the fallback key v{s.KeyVersion} ({s.FallbackReason})"
            : $"by Vault with {s.Mount}/{s.KeyName} v{s.KeyVersion}";
        return Make("Signature", $"Signed sha256:{Short(s.InputDigest)} {how}", s.SigningMode == SigningMode.Fallback ? SummarySeverity.Warning : SummarySeverity.Info, bag);
    }

    private static RunbookObjectSummary Fallback(FallbackSigningStatus f) => Make(
        "FallbackSigningStatus",
        f.ToString(),
        f.Enabled ? SummarySeverity.Warning : SummarySeverity.Info,
        new Bag()
            .Add("Enabled", f.Enabled).Add("EnabledBy", f.EnabledBy).Add("KeyExists", f.KeyExists).Add("KeyId", f.KeyId).Add("KeyVersion", f.KeyVersion)
            .Add("KeyCreatedAt", f.KeyCreatedAt).Add("LastFallbackSignature", f.LastFallbackSignature).Add("FallbackSignatureCount", f.FallbackSignatureCount));

    private static RunbookObjectSummary Workload(K8sWorkloadChange c)
    {
        var bag = new Bag()
            .Add("Namespace", c.Namespace).Add("Name", c.Name).Add("WorkloadKind", c.Kind).Add("Action", c.Action)
            .Add("PreviousRevision", c.PreviousRevision).Add("Revision", c.Revision).Add("PreviousReplicas", c.PreviousReplicas).Add("Replicas", c.Replicas)
            .Add("RolledBackTo", c.RolledBackTo).Add("Skipped", c.Skipped).Add("RolloutComplete", c.RolloutComplete).Add("Message", c.Message).Add("Server", c.Server);
        var severity = c.RolloutComplete == false ? SummarySeverity.Warning : SummarySeverity.Info;
        return Make("K8sWorkloadChange", $"{c.Action} {c.Kind} {c.Namespace}/{c.Name}: {c.Message}", severity, bag);
    }

    private static RunbookObjectSummary Action(ActionRecord a)
    {
        var bag = new Bag()
            .Add("Time", a.Time).Add("Action", a.Action).Add("Address", a.Address).Add("Outcome", a.Outcome).Add("User", a.User)
            .Add("SudoUser", a.SudoUser).Add("Machine", a.Machine).Add("Subject", a.Subject).Add("Sealed", a.Sealed)
            .Add("SigningMode", a.SigningMode).Add("KeyVersion", a.KeyVersion).Add("ErrorId", a.ErrorId).Add("Message", a.Message);
        var severity = a.Outcome is "Failed" or "Rejected" ? SummarySeverity.Error
            : a.SigningMode == nameof(SigningMode.Fallback) ? SummarySeverity.Warning
            : SummarySeverity.Info;
        var about = a.Subject is { Length: > 0 } subject ? $" ({subject})" : string.Empty;
        var error = a.ErrorId is { Length: > 0 } id ? $": {id}" : string.Empty;
        return Make("ActionRecord", $"{a.Action} {a.Address}{about} -> {a.Outcome}{error}", severity, bag);
    }

    private static RunbookObjectSummary Error(PipedError e) => Make(
        "Error",
        $"{e.ErrorId} ({e.Category}): {e.Message}",
        SummarySeverity.Error,
        new Bag().Add("ErrorId", e.ErrorId).Add("Category", e.Category).Add("Message", e.Message));

    private static RunbookObjectSummary Generic(string typeName, IEnumerable<KeyValuePair<string, object?>> properties)
    {
        var bag = new Bag();
        foreach (var (name, value) in properties)
        {
            if (value is null || !IsScalar(value) || SecretScrubber.IsSecretName(name))
            {
                continue;
            }

            var text = Format(value);
            if (!SecretScrubber.ContainsSecret(text))
            {
                bag.Add(name, text);
            }
        }

        var shown = string.Join(", ", bag.Values.Take(4).Select(p => $"{p.Key}={p.Value}"));
        return Make(typeName, shown.Length == 0 ? typeName : shown, SummarySeverity.Info, bag);
    }

    private static IEnumerable<KeyValuePair<string, object?>> Reflected(object value)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !IsScalarType(property.PropertyType))
            {
                continue;
            }

            object? read;
            try
            {
                read = property.GetValue(value);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            yield return new(property.Name, read);
        }
    }

    private static bool IsScalar(object value) => IsScalarType(value.GetType());

    private static bool IsScalarType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
            || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(Uri);
    }

    private static string Format(object value) => value switch
    {
        DateTimeOffset time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Short(string digest) => digest.Length > 12 ? digest[..12] : digest;

    private static RunbookObjectSummary Make(string kind, string summary, SummarySeverity severity, Bag bag)
    {
        var line = SecretScrubber.Scrub(summary).ReplaceLineEndings(" ");
        return new RunbookObjectSummary
        {
            Kind = kind,
            Summary = line.Length > MaxSummaryLength ? line[..(MaxSummaryLength - 3)] + "..." : line,
            Severity = severity,
            Properties = bag.Values,
        };
    }

    // Known types' allow-listed fields: null values are left out, free text is scrubbed.
    private sealed class Bag
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public Bag Add(string name, object? value)
        {
            if (value is not null)
            {
                Values[name] = SecretScrubber.Scrub(Format(value));
            }

            return this;
        }
    }
}
