using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Backup-K8sNamespaceConfig and Restore-K8sNamespaceConfig in hosted pipelines; kubectl seeds the namespace and reads the restore back.</summary>
public sealed class ConfigBackupPipelineTests : KubePipelineTest
{
    private readonly string _jwtValue = TestValues.Random("jwt");
    private readonly string _dbPassword = TestValues.Random("pg");

    public ConfigBackupPipelineTests()
    {
        Cluster.Server.AddNamespace("app");
        Cluster.Server.AddNamespace("restored");
        Create("configmap", "settings", "-n", "app", "--from-literal=LOG_LEVEL=debug", "--from-literal=FEATURE_X=on");
        Cluster.KubectlOk("label", "configmap", "settings", "-n", "app", "team=payments");
        Create("configmap", "routes", "-n", "app", "--from-literal=routes.yaml=- path: /api\n  backend: api\n");
        Create("secret", "generic", "api-jwt", "-n", "app", $"--from-literal=signing-key={_jwtValue}");
        Create("secret", "generic", "db", "-n", "app", $"--from-literal=password={_dbPassword}", "--from-literal=user=app");
        Folder = Path.Combine(Cluster.Folder, "backup");
        KeyFile = WriteKey(Path.Combine(Cluster.Folder, "backup.key"));
    }

    private string Folder { get; }

    // kubectl's own typed create commands (they send protobuf, which the fake reads).
    private void Create(params string[] args) => Cluster.KubectlOk(["create", .. args]);

    private string KeyFile { get; }

    private ScriptResult Backup(string more = "") =>
        Run($"Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path $folder -IncludeSecrets -KeyFile $keyFile {more}", Vars());

    private Hashtable Vars(Hashtable? more = null)
    {
        var variables = new Hashtable { ["folder"] = Folder, ["keyFile"] = KeyFile };
        foreach (DictionaryEntry entry in more ?? new Hashtable())
        {
            variables[entry.Key] = entry.Value;
        }

        return variables;
    }

    /// <summary>A backup key file (32 random bytes, base64), owner-only as the cmdlets require.</summary>
    internal static string WriteKey(string path)
    {
        File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    // name -> data (as kubectl prints it: base64 for Secrets), for every ConfigMap and Secret of a namespace.
    private Dictionary<string, string> KubectlData(string ns)
    {
        var list = JsonNode.Parse(Cluster.KubectlOk("get", "cm,secret", "-n", ns, "-o", "json"))!;
        return list["items"]!.AsArray().ToDictionary(
            i => $"{i!["kind"]}/{i["metadata"]!["name"]}",
            i => string.Join(";", (i!["data"]?.AsObject() ?? new JsonObject()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")) + $"|labels={i["metadata"]!["labels"]?.ToJsonString()}|type={i["type"]}");
    }

    [Fact]
    public void A_backup_restored_into_an_empty_namespace_reproduces_the_configmaps_and_secrets()
    {
        Assert.Empty(KubectlData("restored"));

        var result = Run(
            "Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path $folder -IncludeSecrets -KeyFile $keyFile | Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace restored -KeyFile $keyFile -Confirm:$false | ForEach-Object { '{0} {1} {2} {3}' -f $_.Kind, $_.Namespace, $_.Name, $_.Action }",
            Vars());

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["ConfigMap restored routes Created", "ConfigMap restored settings Created", "Secret restored api-jwt Created", "Secret restored db Created"], result.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal));
        var original = KubectlData("app");
        Assert.Equal(4, original.Count);
        Assert.Equal(original, KubectlData("restored"));
        Assert.Equal(_jwtValue, Encoding.UTF8.GetString(Convert.FromBase64String(Cluster.KubectlOk("get", "secret", "api-jwt", "-n", "restored", "-o", "jsonpath={.data.signing-key}"))));
    }

    [Fact]
    public void The_backup_holds_no_plaintext_secret_value_and_no_server_managed_field()
    {
        Cluster.KubectlOk("annotate", "configmap", "settings", "-n", "app", $"{"kubectl.kubernetes.io/last-applied-configuration"}={{\"data\":{{\"LOG_LEVEL\":\"debug\"}}}}");

        var result = Backup("| ForEach-Object { '{0} {1} {2}' -f $_.ConfigMaps, $_.Secrets, ($_.Files -join ',') }");

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal("2 2 backup.json,configmap-routes.yaml,configmap-settings.yaml,secret-api-jwt.sealed.yaml,secret-db.sealed.yaml", Assert.Single(result.Output).ToString());
        var forms = new[] { _jwtValue, _dbPassword }.SelectMany(v => new[] { v, Convert.ToBase64String(Encoding.UTF8.GetBytes(v)), Convert.ToBase64String(Encoding.UTF8.GetBytes(v)).TrimEnd('='), Convert.ToHexString(Encoding.UTF8.GetBytes(v)) }).ToList();
        foreach (var file in Directory.EnumerateFiles(Folder))
        {
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.Latin1.GetString(bytes);
            foreach (var form in forms)
            {
                Assert.DoesNotContain(form, text, StringComparison.OrdinalIgnoreCase);
            }

            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, result.AllText(), StringComparison.OrdinalIgnoreCase);
        }

        var settings = File.ReadAllText(Path.Combine(Folder, "configmap-settings.yaml"));
        Assert.Contains("LOG_LEVEL: debug", settings);
        Assert.Contains("team: payments", settings);
        foreach (var managed in new[] { "uid:", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink", "last-applied-configuration" })
        {
            Assert.DoesNotContain(managed, settings);
        }

        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Cluster.Folder), e => Path.GetFileName(e).StartsWith(".backup", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configmap_file_is_what_kubectl_apply_takes_back()
    {
        Assert.True(Backup().Errors.Count == 0);
        var before = KubectlData("app")["ConfigMap/settings"];
        Cluster.KubectlOk("delete", "configmap", "settings", "-n", "app");

        Cluster.KubectlOk("apply", "--validate=false", "-f", Path.Combine(Folder, "configmap-settings.yaml"));

        Assert.Equal(before, KubectlData("app")["ConfigMap/settings"]);
    }

    [Fact]
    public void A_wrong_key_is_refused_and_nothing_is_applied()
    {
        Assert.True(Backup().Errors.Count == 0);
        var otherKey = WriteKey(Path.Combine(Cluster.Folder, "other.key"));
        var before = Cluster.Server.Requests.Count;

        var result = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $otherKey -Confirm:$false", Vars(new Hashtable { ["otherKey"] = otherKey }));

        Assert.Empty(result.Output);
        Assert.Equal("VaultRunbook.K8s.BackupWrongKey,VaultRunbook.Cmdlets.Kubernetes.RestoreK8sNamespaceConfigCommand", result.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(KubectlData("restored"));
        Assert.DoesNotContain(Cluster.Server.Requests.Skip(before), r => !r.StartsWith("GET", StringComparison.Ordinal));
    }

    // The manifest's MAC as the format documents it (ConfigBackupFormat): HMAC-SHA256 over format, namespace, keyCheck
    // and one tab-separated line per item, hex; written here from the documentation, so the two readings are compared.
    private static string DocumentedMac(JsonNode manifest, byte[] key)
    {
        var text = new StringBuilder($"{manifest["format"]}\n{manifest["namespace"]}\n{manifest["keyCheck"]}\n");
        foreach (var item in manifest["items"]!.AsArray())
        {
            text.Append($"{item!["kind"]}\t{item["name"]}\t{item["file"]}\t{((bool)item["encrypted"]! ? "True" : "False")}\t{item["sha256"]}\n");
        }

        return Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    [Fact]
    public void A_tampered_secret_file_is_refused_before_anything_is_written()
    {
        Assert.True(Backup().Errors.Count == 0);
        // Change one byte of the ciphertext and fix the manifest's hash, so the AES-GCM tag is what catches it.
        var sealedFile = Path.Combine(Folder, "secret-db.sealed.yaml");
        var lines = File.ReadAllLines(sealedFile);
        var at = Array.FindIndex(lines, l => l.StartsWith("ciphertext: ", StringComparison.Ordinal));
        var cipher = Convert.FromBase64String(lines[at]["ciphertext: ".Length..]);
        cipher[0] ^= 1;
        lines[at] = "ciphertext: " + Convert.ToBase64String(cipher);
        File.WriteAllText(sealedFile, string.Join("\n", lines) + "\n");
        var manifestPath = Path.Combine(Folder, "backup.json");
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["items"]!.AsArray().Single(i => (string?)i!["name"] == "db")!["sha256"] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(sealedFile))).ToLowerInvariant();
        manifest["mac"] = DocumentedMac(manifest, Convert.FromBase64String(File.ReadAllText(KeyFile).Trim()));
        File.WriteAllText(manifestPath, manifest.ToJsonString());

        var result = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $keyFile -Confirm:$false", Vars());

        Assert.Equal("VaultRunbook.K8s.BackupTampered", result.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("authentication tag", result.StoppingError().Exception.Message);
        Assert.Empty(KubectlData("restored"));

        // A changed ConfigMap: caught by its hash, and with the hash fixed too, by the manifest's MAC.
        Assert.True(Backup("-Force").Errors.Count == 0);
        var routes = Path.Combine(Folder, "configmap-routes.yaml");
        File.WriteAllText(routes, File.ReadAllText(routes).Replace("/api", "/evil", StringComparison.Ordinal));
        var changedConfigMap = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $keyFile -Confirm:$false", Vars());
        Assert.Equal("VaultRunbook.K8s.BackupTampered", changedConfigMap.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("SHA-256", changedConfigMap.StoppingError().Exception.Message);
        manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["items"]!.AsArray().Single(i => (string?)i!["name"] == "routes")!["sha256"] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(routes))).ToLowerInvariant();
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var rehashed = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $keyFile -Confirm:$false", Vars());
        Assert.Equal("VaultRunbook.K8s.BackupTampered", rehashed.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("MAC", rehashed.StoppingError().Exception.Message);
        Assert.Empty(KubectlData("restored"));
    }

    [Fact]
    public void WhatIf_lists_what_would_change_and_a_second_restore_updates_only_what_differs()
    {
        Assert.True(Backup().Errors.Count == 0);
        var whatIf = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $keyFile -WhatIf", Vars());

        Assert.True(whatIf.Errors.Count == 0, whatIf.Describe());
        Assert.Contains("\"Create from the backup", whatIf.HostText);
        Assert.Contains("secret restored/db", whatIf.HostText);
        Assert.Empty(KubectlData("restored"));

        Create("configmap", "settings", "-n", "restored", "--from-literal=LOG_LEVEL=info");
        Cluster.KubectlOk("label", "configmap", "settings", "-n", "restored", "team=payments");
        var restore = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $keyFile -Confirm:$false | ForEach-Object { '{0} {1}' -f $_.Name, $_.Action }", Vars());
        var again = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -KeyFile $keyFile -Confirm:$false | ForEach-Object { '{0} {1}' -f $_.Name, $_.Action }; Get-VaultActionLog -Action K8sConfigRestore | ForEach-Object { '{0} {1}' -f $_.Subject, $_.Outcome }", Vars());

        Assert.True(restore.Errors.Count == 0, restore.Describe());
        Assert.Equal(["api-jwt Created", "db Created", "routes Created", "settings Updated"], restore.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("debug", Cluster.KubectlOk("get", "configmap", "settings", "-n", "restored", "-o", "jsonpath={.data.LOG_LEVEL}"));
        Assert.Equal(["api-jwt Unchanged", "db Unchanged", "routes Unchanged", "settings Unchanged"], again.Output.Take(4).Select(o => o.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains("configmap restored/settings Updated", again.Output.Skip(4).Select(o => o.ToString()));
        Assert.Contains("secret restored/db Created", again.Output.Skip(4).Select(o => o.ToString()));
    }

    [Fact]
    public void An_existing_backup_a_missing_key_and_a_key_others_can_read_are_refused()
    {
        Assert.True(Backup().Errors.Count == 0);
        var exists = Backup();
        var notABackup = Directory.CreateDirectory(Path.Combine(Cluster.Folder, "precious")).FullName;
        File.WriteAllText(Path.Combine(notABackup, "notes.txt"), "keep me");
        var forcedOverOther = Run("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path $other -Force", Vars(new Hashtable { ["other"] = notABackup }));
        var noKey = Run("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path (Join-Path $folder '..' 'second') -IncludeSecrets", Vars());
        var restoreNoKey = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Namespace restored -Confirm:$false", Vars());
        var loose = WriteKey(Path.Combine(Cluster.Folder, "loose.key"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(loose, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var looseKey = Run("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path (Join-Path $folder '..' 'third') -IncludeSecrets -KeyFile $loose", Vars(new Hashtable { ["loose"] = loose }));
        var noFolder = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path (Join-Path $folder '..' 'nothing-here') -Confirm:$false", Vars());
        var notABackupFolder = Run("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $other -Confirm:$false", Vars(new Hashtable { ["other"] = notABackup }));
        var unwritable = Run("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path '/proc/vaultrunbook-backup'", Vars());
        var badKey = Run("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path (Join-Path $folder '..' 'fourth') -IncludeSecrets -Key 'not-a-key'", Vars());

        Assert.Equal("VaultRunbook.K8s.BackupExists", exists.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.BackupExists", forcedOverOther.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(notABackup, "notes.txt")));
        Assert.Equal("VaultRunbook.K8s.BackupKeyRequired", noKey.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.BackupKeyRequired", restoreNoKey.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.BackupKeyInvalid", badKey.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.BackupNotFound", noFolder.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.BackupManifestNotFound", notABackupFolder.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("VaultRunbook.K8s.BackupWriteFailed", unwritable.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal("VaultRunbook.K8s.BackupKeyFileNotOwnerOnly", looseKey.StoppingError().FullyQualifiedErrorId.Split(',')[0]);
        }

        Assert.False(Directory.Exists(Path.Combine(Cluster.Folder, "second")));
        Assert.False(Directory.Exists(Path.Combine(Cluster.Folder, "third")));
        Assert.Empty(KubectlData("restored"));
    }

    [Fact]
    public void A_key_given_as_a_string_seals_and_opens_and_force_replaces_a_backup()
    {
        var key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var result = Run("""
            Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path $folder -IncludeSecrets -Key $key | Out-Null
            Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path $folder -IncludeSecrets -Key $key -Force | Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace restored -Key (ConvertTo-SecureString $key -AsPlainText -Force) -Confirm:$false | ForEach-Object Action
            """, Vars(new Hashtable { ["key"] = key }));

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(4, result.Output.Count(o => o.ToString() == "Created"));
        Assert.DoesNotContain(key, result.AllText(), StringComparison.OrdinalIgnoreCase);
    }
}
