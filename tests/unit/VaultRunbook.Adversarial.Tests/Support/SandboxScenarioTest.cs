using Xunit.Abstractions;

namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// What a sandbox-driven adversarial test holds: a full-pwsh runspace with the module, a scratch folder, and the
/// test's output. Disposing stops the sandboxes the scripts kept in $sb and $sb2 and removes the folder.
/// </summary>
public abstract class SandboxScenarioTest : IDisposable
{
    protected SandboxScenarioTest(ITestOutputHelper output, string name)
    {
        Output = output;
        Work = Directory.CreateTempSubdirectory($"vr-adv-{name}-").FullName;
    }

    protected ITestOutputHelper Output { get; }

    protected PowerShellSession Session { get; } = new();

    protected string Work { get; }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Session.Run("foreach ($s in @($global:sb, $global:sb2)) { if ($s) { $s | Stop-VaultSandbox -Confirm:$false } }");
            Session.Dispose();
            Directory.Delete(Work, recursive: true);
        }
    }
}
