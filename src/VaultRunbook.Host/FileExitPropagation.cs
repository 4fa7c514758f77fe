using System.Management.Automation.Runspaces;
using System.Reflection;

namespace VaultRunbook.Host;

/// <summary>
/// Makes 'exit N' in the script run by -File reach the host as pwsh does.
/// </summary>
/// <remarks>
/// A script file normally absorbs its own 'exit': the engine stores N in $LASTEXITCODE and
/// returns, and a native command that fails leaves the same trace, so the two cannot be told
/// apart afterwards. pwsh avoids this by setting an engine flag (internal to
/// System.Management.Automation, with no public equivalent) that makes the first script
/// processor created afterwards let its 'exit' leave the pipeline, where the engine calls
/// PSHost.SetShouldExit(N). The engine clears the flag once a script consumes it, so a script
/// that the runbook calls in turn still only ends itself. The flag is set here by reflection;
/// if a future engine lacks it, <see cref="TryEnable"/> returns false and the caller falls
/// back to $LASTEXITCODE.
/// </remarks>
internal static class FileExitPropagation
{
    public static bool TryEnable(Runspace runspace)
    {
        ArgumentNullException.ThrowIfNull(runspace);
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        try
        {
            var context = runspace.GetType().GetProperty("GetExecutionContext", flags)?.GetValue(runspace);
            var flag = context?.GetType().GetProperty("ScriptCommandProcessorShouldRethrowExit", flags);
            if (flag is null || flag.PropertyType != typeof(bool) || !flag.CanWrite)
            {
                return false;
            }

            flag.SetValue(context, true);
            return true;
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or ArgumentException)
        {
            return false;
        }
    }
}
