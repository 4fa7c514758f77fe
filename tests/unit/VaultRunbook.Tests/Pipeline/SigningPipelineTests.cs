using System.Collections;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Issue 11 against the sandbox's transit engine: bootstrap, signing through Vault, an outage (the sandbox's fault
/// knob) that falls back after 3 attempts, the rollout flag and ALLOW_FALLBACK_SIGNING, a 400 that neither retries nor
/// falls back, local checks while Vault is down, the journal's SigningMode, and openssl as the independent judge of
/// both signature forms.
/// </summary>
public sealed class SigningPipelineTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"vr-sign-{Guid.NewGuid():N}");
    private readonly JournaledSandbox _sandbox;

    public SigningPipelineTests()
    {
        Directory.CreateDirectory(_work);
        _sandbox = new JournaledSandbox($$"""
            $global:work = '{{_work}}'
            $global:fb = Join-Path $work 'vault-fallback.json'
            $global:rollout = Join-Path $work 'rollout.json'
            $global:key = Initialize-VaultTransit @vault -KeyName release -Confirm:$false
            $null = New-FallbackSigningKey -Path $fb -Confirm:$false
            $global:sign = @{ KeyName = 'release'; FallbackKeyPath = $fb; ConfigPath = $rollout } + $vault
            """);
    }

    public void Dispose()
    {
        _sandbox.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private ScriptResult Run(string script) => _sandbox.Run(script);

    [Fact]
    public void An_outage_falls_back_after_3_attempts_and_the_mode_returns_to_Vault_when_Vault_answers()
    {
        var result = Run("""
            Invoke-VaultSign @sign -InputObject 'before'
            $null = $sb | Add-VaultSandboxFault -Kind Drop
            Invoke-VaultSign @sign -InputObject 'during' -AllowFallback
            $null = $sb | Clear-VaultSandboxFault
            Invoke-VaultSign @sign -InputObject 'after' -AllowFallback
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["Vault", "Fallback", "Vault"], result.Output.Select(o => o.Properties["SigningMode"].Value.ToString()));
        Assert.Equal([1, 3, 1], result.Output.Select(o => (int)o.Properties["Attempts"].Value));
        Assert.StartsWith("fallback:v1:", (string)result.Property(1, "Signature")!);
        Assert.StartsWith("vault:v1:", (string)result.Property(2, "Signature")!);
        Assert.Contains(result.Warnings, w => w.Contains("signed with the fallback key", StringComparison.Ordinal) && w.Contains("-AllowFallback", StringComparison.Ordinal));
    }

    [Fact]
    public void The_journal_records_the_mode_so_fallback_signatures_can_be_listed()
    {
        var result = Run("""
            $null = Invoke-VaultSign @sign -InputObject 'one'
            $null = $sb | Add-VaultSandboxFault -Kind Status -StatusCode 503
            $null = Invoke-VaultSign @sign -InputObject 'two' -AllowFallback
            $null = $sb | Clear-VaultSandboxFault
            Get-VaultActionLog -Action Sign | Where-Object SigningMode -eq Fallback
            Get-FallbackSigningStatus -ConfigPath $rollout -FallbackKeyPath $fb
            (Get-VaultActionLog -Action Sign | Out-String -Width 120) -match 'Sign\s+\S+\s+Fallback\s'
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(3, result.Output.Count);
        Assert.Equal("True", result.Output[2].ToString());
        Assert.Equal("Sign", result.Property(0, "Action"));
        Assert.Equal("transit/release", result.Property(0, "Subject"));
        Assert.Equal(1, result.Property(0, "KeyVersion"));
        Assert.Equal(1, result.Property(1, "FallbackSignatureCount"));
        Assert.Equal("transit/release", result.Property(1, "LastFallbackKeyName"));
    }

    [Fact]
    public void An_unknown_key_is_a_clear_error_without_retry_or_fallback()
    {
        var result = Run("Invoke-VaultSign @sign -KeyName no-such-key -InputObject 'x' -AllowFallback; Get-VaultActionLog -Action Sign");

        Assert.Equal(["VaultRunbook.Signing.KeyNotFound,VaultRunbook.Cmdlets.Signing.InvokeVaultSignCommand"], result.ErrorIds);
        Assert.Contains("Initialize-VaultTransit", result.Errors[0].Exception.Message);
        var journal = Assert.Single(result.Output);
        Assert.Equal("Failed", journal.Properties["Outcome"].Value);
        Assert.Null(journal.Properties["SigningMode"].Value);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("fallback key", StringComparison.Ordinal));
    }

    [Fact]
    public void Fallback_follows_the_rollout_flag_and_ALLOW_FALLBACK_SIGNING()
    {
        var result = Run("""
            $null = $sb | Add-VaultSandboxFault -Kind Status -StatusCode 503
            Invoke-VaultSign @sign -InputObject 'off'
            $null = Enable-FallbackSigning -ConfigPath $rollout -Reason 'drill' -Confirm:$false
            Invoke-VaultSign @sign -InputObject 'on'
            $null = Disable-FallbackSigning -ConfigPath $rollout -Confirm:$false
            $env:ALLOW_FALLBACK_SIGNING = 'true'
            try { Invoke-VaultSign @sign -InputObject 'env' } finally { Remove-Item Env:ALLOW_FALLBACK_SIGNING }
            Invoke-VaultSign @sign -InputObject 'off again'
            $null = $sb | Clear-VaultSandboxFault
            Get-VaultActionLog -Action EnableFallbackSigning, DisableFallbackSigning
            """);

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.StartsWith("VaultRunbook.Signing.VaultUnavailable", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.Contains("after 3 attempt(s)", result.Errors[0].Exception.Message);
        var signatures = result.Output.Where(o => o.Properties["Signature"] is not null).ToList();
        Assert.Equal(2, signatures.Count);
        Assert.All(signatures, s => Assert.Equal("Fallback", s.Properties["SigningMode"].Value.ToString()));
        Assert.Contains(result.Warnings, w => w.Contains("the rollout state at", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("ALLOW_FALLBACK_SIGNING=true", StringComparison.Ordinal));
        Assert.Equal(["EnableFallbackSigning", "DisableFallbackSigning"], result.Output.Where(o => o.Properties["Action"] is not null).Select(o => (string)o.Properties["Action"].Value));
    }

    [Fact]
    public void Vault_and_fallback_signatures_verify_and_a_tampered_input_is_Valid_false()
    {
        var result = Run("""
            $v = Invoke-VaultSign @sign -InputObject 'payload'
            $v | Test-VaultSignature -InputObject 'payload' -Token $root
            $v | Test-VaultSignature -InputObject 'payload!' -Token $root
            $v | Test-VaultSignature -Token $root
            $null = $sb | Add-VaultSandboxFault -Kind Drop
            $f = Invoke-VaultSign @sign -InputObject 'payload' -AllowFallback
            $v | Test-VaultSignature -InputObject 'payload' -FallbackKeyPath $fb
            $v | Test-VaultSignature -InputObject 'tampered' -FallbackKeyPath $fb
            $f | Test-VaultSignature -InputObject 'payload' -FallbackKeyPath $fb
            $f | Test-VaultSignature -InputObject 'tampered' -FallbackKeyPath $fb
            $null = $sb | Clear-VaultSandboxFault
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var checks = result.Output.Where(o => o.Properties["Valid"] is not null).ToList();
        Assert.Equal([true, false, true, true, false, true, false], checks.Select(c => (bool)c.Properties["Valid"].Value));
        Assert.Equal(["Transit", "Transit", "Transit", "TransitPublicKey", "TransitPublicKey", "FallbackKey", "FallbackKey"], checks.Select(c => c.Properties["Method"].Value.ToString()));
        Assert.Contains("does not match", (string)checks[6].Properties["Reason"].Value);
    }

    [Fact]
    public void After_rotating_the_fallback_key_old_fallback_signatures_still_verify()
    {
        var result = Run("""
            $null = $sb | Add-VaultSandboxFault -Kind Drop
            $old = Invoke-VaultSign @sign -InputObject 'old' -AllowFallback
            $rotated = Update-FallbackSigningKey -Path $fb -Confirm:$false
            $new = Invoke-VaultSign @sign -InputObject 'new' -AllowFallback
            $null = $sb | Clear-VaultSandboxFault
            $old.KeyVersion, $new.KeyVersion, $rotated.PreviousVersions
            ($old | Test-VaultSignature -InputObject 'old' -FallbackKeyPath $fb).Valid
            ($new | Test-VaultSignature -InputObject 'new' -FallbackKeyPath $fb).Valid
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["1", "2", "1", "True", "True"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_key_file_others_can_read_gives_a_warning_and_the_file_is_created_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(_work, "vault-fallback.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = Run("""
            $null = $sb | Add-VaultSandboxFault -Kind Drop
            Invoke-VaultSign @sign -InputObject 'x' -AllowFallback
            $null = $sb | Clear-VaultSandboxFault
            New-FallbackSigningKey -Path $fb -Confirm:$false
            """);

        Assert.Contains(result.Warnings, w => w.Contains("can be read by other users", StringComparison.Ordinal));
        Assert.Equal(["VaultRunbook.Signing.FallbackKeyExists,VaultRunbook.Cmdlets.Signing.NewFallbackSigningKeyCommand"], result.ErrorIds);
    }

    [Fact]
    public void Openssl_verifies_both_signature_forms_against_the_exported_public_keys()
    {
        var result = Run("""
            $data = [System.Text.Encoding]::UTF8.GetBytes('judged by openssl')
            $v = Invoke-VaultSign @sign -InputObject $data
            $null = $sb | Add-VaultSandboxFault -Kind Drop
            $f = Invoke-VaultSign @sign -InputObject $data -AllowFallback
            $null = $sb | Clear-VaultSandboxFault
            $v.Signature, $key.PublicKeys[1], $f.Signature, (Get-Content -Raw $fb | ConvertFrom-Json).public_key
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var input = System.Text.Encoding.UTF8.GetBytes("judged by openssl");
        var texts = result.Output.Select(o => o.ToString()).ToArray();
        foreach (var (signature, pem) in new[] { (texts[0], texts[1]), (texts[2], texts[3]) })
        {
            var der = Convert.FromBase64String(signature.Split(':')[2]);
            var (exit, output) = OpenSsl.VerifySha256(Path.Combine(_work, "openssl"), pem, der, input);
            Assert.True(exit == 0, $"{signature}: {output}");
            var (tamperedExit, _) = OpenSsl.VerifySha256(Path.Combine(_work, "openssl"), pem, der, [.. input, 0]);
            Assert.NotEqual(0, tamperedExit);
        }
    }

    [Fact]
    public void Initialize_is_idempotent_and_the_views_render()
    {
        var result = Run("""
            $again = Initialize-VaultTransit @vault -KeyName release -Confirm:$false
            $again.KeyCreated, $again.MountCreated, $key.KeyCreated, $key.MountCreated
            (Invoke-VaultSign @sign -InputObject 'x' | Out-String) -match 'release\s+1 Vault\s+1'
            (Invoke-VaultSign @sign -InputObject 'x' | Test-VaultSignature -InputObject 'x' -Token $root | Out-String) -match 'True\s+Vault'
            (Get-FallbackSigningStatus -ConfigPath $rollout -FallbackKeyPath $fb | Out-String) -match 'Key\s+: fb-[0-9a-f]{16} v1'
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["False", "False", "True", "True", "True", "True", "True"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_path_a_digest_and_bad_input_bind_as_documented()
    {
        var file = Path.Combine(_work, "artifact.bin");
        File.WriteAllBytes(file, [1, 2, 3, 4]);
        var result = Run(
            """
            $p = Invoke-VaultSign @sign -Path $file
            $h = Invoke-VaultSign @sign -Hash (Get-FileHash -Algorithm SHA256 $file).Hash
            ($p | Test-VaultSignature -Path $file -Token $root).Valid
            ($h | Test-VaultSignature -Path $file -Token $root).Valid
            $p.InputDigest -eq $h.InputDigest
            Invoke-VaultSign @sign -Hash 'abc'
            Invoke-VaultSign @sign -InputObject (Get-Date)
            """.Replace("$file", $"'{file}'", StringComparison.Ordinal));

        Assert.Equal(["True", "True", "True"], result.Output.Select(o => o.ToString()));
        Assert.Equal(["VaultRunbook.Signing.InvalidHash", "VaultRunbook.Signing.UnsupportedInput"], result.ErrorIds.Select(id => id.Split(',')[0]));
    }

    [Fact]
    public void A_batch_is_one_transit_request_whose_signatures_verify_and_an_outage_signs_the_whole_batch_with_the_fallback_key()
    {
        var result = Run("""
            $items = 1..5 | ForEach-Object { "artifact $_" }
            $batched = @($items | Invoke-VaultSign @sign -BatchSize 2)
            $null = $sb | Add-VaultSandboxFault -Kind Drop
            $during = @($items | Invoke-VaultSign @sign -BatchSize 5 -AllowFallback)
            $null = $sb | Clear-VaultSandboxFault
            $batched.Count, $during.Count
            ($batched.SigningMode | Sort-Object -Unique) -join ','
            ($during.SigningMode | Sort-Object -Unique) -join ','
            for ($i = 0; $i -lt 5; $i++) {
                ($batched[$i] | Test-VaultSignature -InputObject $items[$i] -Token $root).Valid
                ($during[$i] | Test-VaultSignature -InputObject $items[$i] -FallbackKeyPath $fb).Valid
            }
            ($batched[0] | Test-VaultSignature -InputObject $items[1] -Token $root).Valid
            @(Get-VaultActionLog -Action Sign).Count
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["5", "5", "Vault", "Fallback", .. Enumerable.Repeat("True", 10), "False", "10"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void WhatIf_signs_nothing_and_journals_nothing()
    {
        var result = Run("""
            Invoke-VaultSign @sign -InputObject 'x' -WhatIf
            @(Get-VaultActionLog -Action Sign).Count
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["0"], result.Output.Select(o => o.ToString()));
    }
}
