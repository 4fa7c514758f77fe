using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The runbook's JWT-secret rotation for a deployment: a new Secret with a random value, the pod template moved onto
/// it, the rollout followed, and the old Secret deleted only once the rollout succeeded. A failed or timed-out rollout
/// is rolled back (kubectl rollout undo) and the new Secret deleted, so the deployment keeps running on the old one.
/// The value is made here, sent once in the create request, and never returned, logged or put in a message.
/// </summary>
public static partial class SecretRotationService
{
    public const string NotReferenced = "VaultRunbook.K8s.SecretNotReferenced";
    public const string KeyNotFound = "VaultRunbook.K8s.SecretKeyNotFound";
    public const string KeyAmbiguous = "VaultRunbook.K8s.SecretKeyAmbiguous";
    public const string RolledBack = "VaultRunbook.K8s.SecretRotationRolledBack";
    public const string Failed = "VaultRunbook.K8s.SecretRotationFailed";
    public const string RotatedFromAnnotation = "vaultrunbook.io/rotated-from";

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The new Secret's name: the base name (without an earlier rotation's stamp) and the time, UTC.</summary>
    public static string NewName(string current, DateTimeOffset now)
    {
        var stem = Stamp().Replace(current, string.Empty);
        var suffix = "-" + now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        return (stem.Length + suffix.Length > 253 ? stem[..(253 - suffix.Length)].TrimEnd('-', '.') : stem) + suffix;
    }

    /// <exception cref="KubeException">
    /// NotFound, DeploymentPaused, SecretNotReferenced, SecretKeyNotFound, SecretKeyAmbiguous (nothing changed);
    /// SecretRotationRolledBack (the rollout failed: rolled back, new Secret deleted, old one kept);
    /// SecretRotationFailed (the rollout failed and the rollback too: see the message).
    /// </exception>
    public static async Task<K8sSecretRotation> RotateAsync(KubeConnection connection, string ns, string deployment, string secretName, string? dataKey, int length, TimeSpan timeout, IProgress<K8sRolloutStatus>? progress, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = RolloutService.Describe(WorkloadKind.Deployment, ns, deployment);
        var current = await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDeploymentAsync(deployment, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        if (current.Spec.Paused == true)
        {
            throw new KubeException(RolloutService.Paused, ErrorKind.InvalidOperation, $"Cannot rotate a secret of the paused deployment {ns}/{deployment}: its rollout would not start (run kubectl rollout resume deployment/{deployment} first).") { Target = what };
        }

        var oldWhat = $"secret {ns}/{secretName}";
        var old = await KubeErrors.Call(oldWhat, () => client.CoreV1.ReadNamespacedSecretAsync(secretName, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        var podSpec = JsonNode.Parse(KubernetesJson.Serialize(current.Spec.Template.Spec));
        var paths = SecretReferences.Find(podSpec, secretName, "/spec/template/spec");
        if (paths.Count == 0)
        {
            throw new KubeException(NotReferenced, ErrorKind.InvalidArgument, $"The pod template of {what} does not reference the secret '{secretName}' (env secretKeyRef, envFrom secretRef or a secret volume); nothing was changed.") { Target = what };
        }

        var keys = old.Data?.Keys.Order(StringComparer.Ordinal).ToList() ?? [];
        var key = dataKey;
        if (string.IsNullOrEmpty(key))
        {
            key = keys.Count == 1 ? keys[0] : throw new KubeException(KeyAmbiguous, ErrorKind.InvalidArgument, $"The secret {ns}/{secretName} holds {keys.Count} keys ({string.Join(", ", keys)}); say which one gets the new value with -Key. Nothing was changed.") { Target = oldWhat };
        }
        else if (!keys.Contains(key, StringComparer.Ordinal))
        {
            throw new KubeException(KeyNotFound, ErrorKind.ObjectNotFound, $"The secret {ns}/{secretName} has no key '{key}' (its keys: {string.Join(", ", keys)}). Nothing was changed.") { Target = oldWhat };
        }

        // 1. The new Secret: the old one's keys, labels and type, with a new random value for the rotated key.
        var newName = NewName(secretName, now);
        var newWhat = $"secret {ns}/{newName}";
        var data = new Dictionary<string, byte[]>(old.Data!, StringComparer.Ordinal) { [key] = Encoding.ASCII.GetBytes(RandomNumberGenerator.GetString(Alphabet, length)) };
        var annotations = (old.Metadata.Annotations ?? new Dictionary<string, string>()).Where(a => a.Key != NamespaceConfigBackupService.LastAppliedAnnotation).ToDictionary(a => a.Key, a => a.Value);
        annotations[RotatedFromAnnotation] = secretName;
        var fresh = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = newName, NamespaceProperty = ns, Labels = old.Metadata.Labels, Annotations = annotations },
            Type = old.Type,
            Data = data,
        };
        try
        {
            await KubeErrors.Call(newWhat, () => client.CoreV1.CreateNamespacedSecretAsync(fresh, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(data[key]);
        }

        // 2. The template moved onto it: a JSON patch that tests the spec is the one read (its generation, which
        // moves only when the spec changes: the deployment controller's status updates move resourceVersion at any
        // moment and must not fail the rotation) and that each reference still names the old Secret.
        var previousRevision = RolloutStatusReader.RevisionOf(current.Metadata);
        var patch = new JsonArray(current.Metadata.Generation is { } generation
            ? new JsonObject { ["op"] = "test", ["path"] = "/metadata/generation", ["value"] = generation }
            : new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = current.Metadata.ResourceVersion });
        foreach (var path in paths)
        {
            patch.Add(new JsonObject { ["op"] = "test", ["path"] = path, ["value"] = secretName });
            patch.Add(new JsonObject { ["op"] = "replace", ["path"] = path, ["value"] = newName });
        }

        try
        {
            await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), deployment, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        }
        catch (KubeException)
        {
            await DeleteQuietly(connection, ns, newName).ConfigureAwait(false);
            throw;
        }

        // 3. The rollout; 4. the old Secret deleted once it succeeded, or the rollout undone and the new Secret deleted.
        K8sRolloutStatus status;
        try
        {
            status = await RolloutService.WaitAsync(connection, WorkloadKind.Deployment, ns, deployment, timeout, TimeSpan.FromMilliseconds(250), progress, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeException failure) when (failure.ErrorId is RolloutService.RolloutFailed or RolloutService.RolloutTimeout)
        {
            throw await RollBackAsync(connection, ns, deployment, secretName, newName, timeout, failure, cancellationToken).ConfigureAwait(false);
        }

        await KubeErrors.Call(oldWhat, () => client.CoreV1.DeleteNamespacedSecretAsync(secretName, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        return new K8sSecretRotation
        {
            Namespace = ns,
            Name = deployment,
            SecretName = newName,
            PreviousSecretName = secretName,
            DataKey = key,
            References = paths.Count,
            PreviousRevision = previousRevision,
            Revision = status.Revision,
            Message = $"deployment \"{deployment}\" rolled out with secret \"{newName}\"; secret \"{secretName}\" deleted",
            Server = connection.Server,
        };
    }

    private static async Task<KubeException> RollBackAsync(KubeConnection connection, string ns, string deployment, string oldName, string newName, TimeSpan timeout, KubeException failure, CancellationToken cancellationToken)
    {
        var what = RolloutService.Describe(WorkloadKind.Deployment, ns, deployment);
        try
        {
            var undo = await RolloutService.UndoAsync(connection, ns, deployment, 0, cancellationToken).ConfigureAwait(false);
            await RolloutService.WaitAsync(connection, WorkloadKind.Deployment, ns, deployment, timeout, TimeSpan.FromMilliseconds(250), null, cancellationToken).ConfigureAwait(false);
            var deleted = await DeleteQuietly(connection, ns, newName).ConfigureAwait(false);
            return new KubeException(RolledBack, ErrorKind.InvalidResult,
                $"The rotation of secret {ns}/{oldName} was rolled back: {failure.Message} {what} went back to revision {undo.RolledBackTo} and runs on secret \"{oldName}\" again, which was kept; {(deleted ? $"the new secret \"{newName}\" was deleted." : $"the new secret \"{newName}\" could not be deleted; delete it with kubectl delete secret {newName} -n {ns}.")}",
                failure) { Target = what };
        }
        catch (KubeException rollback)
        {
            return new KubeException(Failed, ErrorKind.InvalidResult,
                $"The rotation of secret {ns}/{oldName} failed ({failure.Message}) and so did its rollback ({rollback.Message}). Both secrets \"{oldName}\" and \"{newName}\" were kept; check {what} with kubectl rollout status and kubectl rollout undo.",
                failure) { Target = what };
        }
    }

    private static async Task<bool> DeleteQuietly(KubeConnection connection, string ns, string name)
    {
        try
        {
            await KubeErrors.Call($"secret {ns}/{name}", () => connection.Client.CoreV1.DeleteNamespacedSecretAsync(name, ns), connection.Server).ConfigureAwait(false);
            return true;
        }
        catch (KubeException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"-\d{14}$", RegexOptions.CultureInvariant)]
    private static partial Regex Stamp();
}
