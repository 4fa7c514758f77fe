using System.Collections;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Get-VaultAuditDevice against the sandbox, and against the documented (older, top-level only) answer.</summary>
public sealed class AuditDevicePipelineTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("vr-audit-devices-").FullName;

    public void Dispose()
    {
        _session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox }");
        _session.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Lists_the_enabled_devices_and_pipes_into_Get_VaultAuditHash()
    {
        var log = Path.Combine(_folder, "audit.log");
        var setup = _session.Run(
            $"$global:sb = Start-VaultSandbox -DataPath '{Path.Combine(_folder, "data")}'; $sb | Invoke-VaultUnseal -KeyFile $sb.KeyFile | Out-Null; " +
            $"Invoke-VaultRequest -Address $sb.Address PUT sys/audit/file @{{ type = 'file'; description = 'primary'; options = @{{ file_path = '{log}' }} }} -Token $sb.RootToken | Out-Null");
        Assert.True(setup.Errors.Count == 0, setup.Describe());

        var devices = _session.Run("$sb | Get-VaultAuditDevice -Token $sb.RootToken");
        var hashes = _session.Run("$sb | Get-VaultAuditDevice -Type file -Token $sb.RootToken | Get-VaultAuditHash -Value (ConvertTo-SecureString 'hvs.exposed' -AsPlainText -Force) -Token $sb.RootToken");
        var none = _session.Run("$sb | Get-VaultAuditDevice -Path sys* -Token $sb.RootToken");
        var denied = _session.Run("$sb | Get-VaultAuditDevice");

        Assert.True(devices.Errors.Count == 0, devices.Describe());
        var device = Assert.Single(devices.Output);
        Assert.Equal("file", device.Properties["Path"].Value);
        Assert.Equal("file", device.Properties["Type"].Value);
        Assert.Equal("primary", device.Properties["Description"].Value);
        Assert.Equal(log, device.Properties["FilePath"].Value);
        Assert.True(hashes.Errors.Count == 0, hashes.Describe());
        Assert.StartsWith("hmac-sha256:", (string)Assert.Single(hashes.Output).Properties["Hash"].Value);
        Assert.Empty(none.Output);
        Assert.StartsWith("VaultRunbook.Vault.PermissionDenied", Assert.Single(denied.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public async Task Reads_the_documented_answer_that_has_the_map_only_at_the_top_level()
    {
        using var node = new OneAnswerServer(RepoPaths.Fixture("sys-audit.list.200.json"), "application/json");

        var result = _session.Run($"Get-VaultAuditDevice -Address {node.Address} -Token (ConvertTo-SecureString x -AsPlainText -Force)");
        await node.Served;

        Assert.True(result.Errors.Count == 0, result.Describe());
        var device = Assert.Single(result.Output);
        Assert.Equal("file", device.Properties["Path"].Value);
        Assert.Equal("Store logs in a file", device.Properties["Description"].Value);
        Assert.Equal("/var/log/vault.log", ((Hashtable)device.Properties["Options"].Value)["file_path"]);
    }
}
