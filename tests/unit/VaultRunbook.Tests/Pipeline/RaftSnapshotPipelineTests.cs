using System.Collections;
using System.Security.Cryptography;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Save-VaultRaftSnapshot, Restore-VaultRaftSnapshot and Get-VaultRaftConfiguration against sandboxes, in a real
/// runspace: the round trip gives back the old data, the file is written owner-only and never over another without
/// -Force, bad files are refused before anything is sent, and every save and restore lands in the journal.
/// </summary>
public sealed class RaftSnapshotPipelineTests : IDisposable
{
    private readonly JournaledSandbox _sandbox = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("vr-raft-").FullName;

    public void Dispose()
    {
        _sandbox.Run("if ($global:other) { $global:other | Stop-VaultSandbox -Confirm:$false }");
        _sandbox.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string File(string name) => Path.Combine(_folder, name);

    private ScriptResult Ok(string script)
    {
        var result = _sandbox.Run(script);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        return result;
    }

    private string Password() =>
        (string)Ok("(Get-VaultSecret @vault -Path secret/app/db -AsPlainText).Data.password").Output.Single().BaseObject;

    [Fact]
    public void A_snapshot_taken_before_a_change_restores_the_old_data()
    {
        var path = File("before.snap");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v1' } | Out-Null");

        var saved = Ok($"Save-VaultRaftSnapshot @vault -Path '{path}'");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v2' } | Out-Null; Set-VaultSecret @vault -Path secret/app/later -Data @{ x = 'y' } | Out-Null");
        Assert.Equal("v2", Password());
        var restored = Ok($"Get-Item '{path}' | Restore-VaultRaftSnapshot @vault -Confirm:$false");

        Assert.Equal("v1", Password());
        var later = _sandbox.Run("Get-VaultSecret @vault -Path secret/app/later");
        Assert.Empty(later.Output);
        Assert.Contains("NotFound", Assert.Single(later.Errors).FullyQualifiedErrorId);
        var bytes = System.IO.File.ReadAllBytes(path);
        Assert.Equal(path, saved.Property(0, "Path"));
        Assert.Equal((long)bytes.Length, saved.Property(0, "Length"));
        Assert.Equal(Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), saved.Property(0, "Sha256"));
        Assert.Equal(saved.Property(0, "Sha256"), Ok($"(Get-FileHash -Algorithm SHA256 '{path}').Hash.ToLowerInvariant()").Output.Single().BaseObject);
        Assert.Equal(_sandbox.Run("$sb.Address").Output.Single().BaseObject, saved.Property(0, "Address"));
        Assert.Equal(false, restored.Property(0, "Forced"));
        Assert.Equal(false, restored.Property(0, "Sealed"));
        Assert.Equal(saved.Property(0, "Sha256"), restored.Property(0, "Sha256"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(path));
        }

        var journal = System.IO.File.ReadAllText(_sandbox.Journal);
        Assert.Contains("\"RaftSnapshotSave\"", journal);
        Assert.Contains("\"RaftSnapshotRestore\"", journal);
        Assert.Contains("\"Restored\"", journal);
        Assert.DoesNotContain(_sandbox.Run("[System.Net.NetworkCredential]::new('', $root).Password").Output.Single().BaseObject.ToString()!, journal);
    }

    [Fact]
    public void Save_pipes_into_restore_and_the_restore_goes_back_to_the_node_it_came_from()
    {
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v1' } | Out-Null");
        Ok($"$global:snap = Save-VaultRaftSnapshot @vault -Path '{File("piped.snap")}'");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v2' } | Out-Null");

        Ok("$snap | Restore-VaultRaftSnapshot -Token $root -Confirm:$false | Out-Null");

        Assert.Equal("v1", Password());
    }

    [Fact]
    public void An_existing_file_is_kept_without_Force_and_replaced_with_it()
    {
        var path = File("existing.snap");
        System.IO.File.WriteAllText(path, "an older snapshot");

        var refused = _sandbox.Run($"Save-VaultRaftSnapshot @vault -Path '{path}'");
        Assert.StartsWith("VaultRunbook.Raft.SnapshotExists", refused.StoppingError().FullyQualifiedErrorId);
        Assert.Equal("an older snapshot", System.IO.File.ReadAllText(path));

        var forced = Ok($"Save-VaultRaftSnapshot @vault -Path '{path}' -Force");
        Assert.Equal((long)new FileInfo(path).Length, forced.Property(0, "Length"));
        Assert.Equal([0x1f, 0x8b], System.IO.File.ReadAllBytes(path)[..2]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, System.IO.File.GetUnixFileMode(path));
        }

        Assert.Equal(["existing.snap"], Directory.GetFiles(_folder).Select(Path.GetFileName)); // no temp file left
    }

    [Fact]
    public void Bad_files_are_refused_before_anything_is_sent_and_a_corrupt_one_changes_nothing()
    {
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v1' } | Out-Null");
        var good = File("good.snap");
        Ok($"Save-VaultRaftSnapshot @vault -Path '{good}' | Out-Null");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v2' } | Out-Null");
        var bytes = System.IO.File.ReadAllBytes(good);
        System.IO.File.WriteAllBytes(File("truncated.snap"), bytes[..(bytes.Length / 2)]);
        System.IO.File.WriteAllBytes(File("empty.snap"), []);
        System.IO.File.WriteAllText(File("text.snap"), "not a snapshot");

        var cases = new (string File, string ErrorId)[]
        {
            ("missing.snap", "VaultRunbook.Raft.SnapshotFileNotFound"),
            ("empty.snap", "VaultRunbook.Raft.SnapshotEmpty"),
            ("text.snap", "VaultRunbook.Raft.SnapshotInvalid"),
            (string.Empty, "VaultRunbook.Raft.SnapshotFileIsDirectory"),
            ("truncated.snap", "VaultRunbook.Vault.ServerError"),
        };
        foreach (var (name, errorId) in cases)
        {
            var result = _sandbox.Run($"Restore-VaultRaftSnapshot @vault -Path '{(name.Length == 0 ? _folder : File(name))}' -Force -Confirm:$false");
            var error = result.StoppingError();
            Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
            Assert.Empty(result.Output);
        }

        Assert.Contains("failed to read snapshot file", _sandbox.Run($"Restore-VaultRaftSnapshot @vault -Path '{File("truncated.snap")}' -Confirm:$false").StoppingError().Exception.Message);
        Assert.Equal("v2", Password());
        Assert.False((bool)_sandbox.Run("$sb.Sealed").Output.Single().BaseObject);
    }

    [NonRootUnixFact]
    public void A_folder_that_cannot_be_written_is_a_clear_error()
    {
        var locked = Directory.CreateDirectory(File("locked")).FullName;
        System.IO.File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var result = _sandbox.Run($"Save-VaultRaftSnapshot @vault -Path '{Path.Combine(locked, "x.snap")}'");

            Assert.StartsWith("VaultRunbook.Raft.SnapshotFileUnwritable", result.StoppingError().FullyQualifiedErrorId);
        }
        finally
        {
            System.IO.File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void A_missing_folder_is_a_clear_error()
    {
        var result = _sandbox.Run($"Save-VaultRaftSnapshot @vault -Path '{Path.Combine(_folder, "no-such-folder", "x.snap")}'");

        Assert.StartsWith("VaultRunbook.Raft.SnapshotFolderNotFound", result.StoppingError().FullyQualifiedErrorId);
    }

    [Fact]
    public void WhatIf_sends_nothing()
    {
        var path = File("whatif.snap");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v1' } | Out-Null");
        Ok($"Save-VaultRaftSnapshot @vault -Path '{path}' | Out-Null");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v2' } | Out-Null");

        var restore = Ok($"Restore-VaultRaftSnapshot @vault -Path '{path}' -Force -WhatIf");
        var save = Ok($"Save-VaultRaftSnapshot @vault -Path '{File("never.snap")}' -WhatIf");

        Assert.Empty(restore.Output);
        Assert.Empty(save.Output);
        Assert.Equal("v2", Password());
        Assert.False(System.IO.File.Exists(File("never.snap")));
    }

    [Fact]
    public void Another_clusters_snapshot_needs_Force_and_then_that_clusters_keys()
    {
        var path = File("other.snap");
        Ok(
            $"""
            $global:other = Start-VaultSandbox -Shares 1 -Threshold 1
            $other | Invoke-VaultUnseal -KeyFile $other.UnsealKeysPath | Out-Null
            Save-VaultRaftSnapshot -Address $other.Address -Token $other.RootToken -Path '{path}' | Out-Null
            """);

        var refused = _sandbox.Run($"Restore-VaultRaftSnapshot @vault -Path '{path}' -Confirm:$false");
        Assert.StartsWith("VaultRunbook.Raft.SnapshotKeysMismatch", refused.StoppingError().FullyQualifiedErrorId);
        Assert.Contains("-Force", refused.StoppingError().Exception.Message);
        Assert.False((bool)_sandbox.Run("$sb.Sealed").Output.Single().BaseObject);

        var forced = Ok($"Restore-VaultRaftSnapshot @vault -Path '{path}' -Force -Confirm:$false");
        Assert.Equal(true, forced.Property(0, "Forced"));
        Assert.Equal(true, forced.Property(0, "Sealed"));
        Assert.Contains("\"RestoredSealed\"", System.IO.File.ReadAllText(_sandbox.Journal));
        Assert.Contains("VaultRunbook.Raft.SnapshotKeysMismatch", System.IO.File.ReadAllText(_sandbox.Journal));

        var unsealed = Ok("Invoke-VaultUnseal -Address $sb.Address -KeyFile $other.UnsealKeysPath");
        Assert.Equal(false, unsealed.Property(unsealed.Output.Count - 1, "Sealed"));
    }

    [Fact]
    public void A_sealed_node_is_a_clear_error_and_no_file_is_written()
    {
        var path = File("sealed.snap");
        Ok("Invoke-VaultSeal @vault -Confirm:$false | Out-Null");

        var save = _sandbox.Run($"Save-VaultRaftSnapshot @vault -Path '{path}'");
        var peers = _sandbox.Run("Get-VaultRaftConfiguration @vault");

        Assert.StartsWith("VaultRunbook.Vault.Sealed", Assert.Single(save.Errors).FullyQualifiedErrorId);
        Assert.Contains("Vault is sealed", save.Errors[0].Exception.Message);
        Assert.StartsWith("VaultRunbook.Vault.Sealed", Assert.Single(peers.Errors).FullyQualifiedErrorId);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Configuration_lists_this_node_as_leader_and_voter_and_the_view_shows_it()
    {
        var peers = Ok("Get-VaultRaftConfiguration @vault");
        var text = string.Concat(Ok("Get-VaultRaftConfiguration @vault | Out-String -Width 160").Output.Select(o => o.ToString()));

        var peer = Assert.Single(peers.Output);
        Assert.Equal("node1", peer.Properties["NodeId"].Value);
        Assert.Equal("127.0.0.1:8201", peer.Properties["ClusterAddress"].Value);
        Assert.Equal(true, peer.Properties["Leader"].Value);
        Assert.Equal(true, peer.Properties["Voter"].Value);
        Assert.Equal("3", peer.Properties["ProtocolVersion"].Value);
        Assert.Equal(_sandbox.Run("$sb.Address").Output.Single().BaseObject, peer.Properties["Address"].Value);
        Assert.Matches(@"NodeId\s+ClusterAddress\s+Leader\s+Voter\s+Address", text);
    }

    [Fact]
    public void Invoke_VaultRequest_returns_a_snapshot_as_bytes()
    {
        var result = Ok("$b = Invoke-VaultRequest @vault GET sys/storage/raft/snapshot; $b.GetType().FullName; $b[0]; $b[1]");

        Assert.Equal(["System.Byte[]", (byte)0x1f, (byte)0x8b], result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Invoke_VaultRequest_sends_a_byte_array_as_it_is_so_a_raw_restore_works()
    {
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v1' } | Out-Null");
        Ok("$global:raw = Invoke-VaultRequest @vault GET sys/storage/raft/snapshot");
        Ok("Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'v2' } | Out-Null");

        var restore = Ok("Invoke-VaultRequest @vault POST sys/storage/raft/snapshot -Body $raw");

        Assert.Empty(restore.Output); // 204
        Assert.Equal("v1", Password());
    }

    [Fact]
    public void The_documented_configuration_with_its_raw_protocol_byte_is_read()
    {
        using var node = new OneAnswerServer(RepoPaths.Fixture("sys-storage-raft-configuration.200.json"), "application/json");

        var result = _sandbox.Run($"Get-VaultRaftConfiguration -Address {node.Address} -Token $root");

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["raft1", "raft2"], result.Output.Select(o => (string)o.Properties["NodeId"].Value));
        Assert.Equal([true, false], result.Output.Select(o => (bool)o.Properties["Leader"].Value));
        Assert.All(result.Output, o => Assert.Equal("3", o.Properties["ProtocolVersion"].Value));
        Assert.All(result.Output, o => Assert.Equal(24L, o.Properties["ConfigurationIndex"].Value));
    }

    [Theory]
    [InlineData("application/octet-stream", "not a gzip stream")]
    [InlineData("application/json", "{\"data\":{}}")]
    public async Task An_answer_that_is_not_a_snapshot_leaves_no_file(string contentType, string body)
    {
        using var node = new OneAnswerServer(body, contentType);
        var path = File("proxy.snap");

        var result = _sandbox.Run($"Save-VaultRaftSnapshot -Address {node.Address} -Token $root -Path '{path}'");
        await node.Served;

        Assert.StartsWith("VaultRunbook.Vault.InvalidResponse", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Empty(Directory.GetFiles(_folder));
    }
}
