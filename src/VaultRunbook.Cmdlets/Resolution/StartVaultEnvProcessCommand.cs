using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// <para type="synopsis">Starts a program with its secrets in its environment, each resolved as the rollout says (env, Vault, dual with env fallback, shadow, kill switch). Nothing is written to disk or printed.</para>
/// <para type="description">Every name in the secret map (or those given with -Name) is resolved first; if one cannot be, the program is not started (a terminating error with VaultRunbook.Resolution.SecretNotFound, .VaultUnavailable, .FieldNotFound or .NotMapped). The child inherits this process's environment, console and standard streams, with the resolved values set. -WhatIf shows where each name would come from (env, vault mount/path#field, env-fallback) without reading any value. Without -Wait the cmdlet outputs the System.Diagnostics.Process. With -Wait it waits for the child and outputs a VaultEnvProcessResult whose ExitCode is the child's; it also sets $global:LASTEXITCODE to it, as running a native program does, so a script can end with `exit $LASTEXITCODE` (Ctrl+C while waiting stops the child's process tree).</para>
/// <example><code>Start-VaultEnvProcess -FilePath node -ArgumentList server.js -SecretMap ./secrets.psd1 -Wait | ForEach-Object { if ($_.ExitCode) { throw "server exited with $($_.ExitCode)" } }</code><para>Starts the service with every mapped secret in its environment, resolved as the rollout says, waits, and fails the script if it exits non-zero.</para></example>
/// <example><code>Start-VaultEnvProcess node server.js -SecretMap ./secrets.psd1 -WhatIf</code><para>Shows where each variable would come from (env, a Vault mount/path#field, or env as fallback) without starting anything or reading a value.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "VaultEnvProcess", SupportsShouldProcess = true)]
[OutputType(typeof(Process))]
[OutputType(typeof(VaultEnvProcessResult))]
public sealed class StartVaultEnvProcessCommand : SecretResolverCmdlet
{
    /// <summary>The program: a name found on PATH, or a path (relative to the current location).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string FilePath { get; set; } = string.Empty;

    /// <summary>The program's arguments, each passed as one argument (no shell splitting).</summary>
    [Parameter(Position = 1)]
    [Alias("Args")]
    public string[] ArgumentList { get; set; } = Array.Empty<string>();

    /// <summary>Only these names of the secret map (default: every entry).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>The child's working directory (default: the current location).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>Wait for the child to exit; output its exit code and set $LASTEXITCODE.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    protected override void EndProcessing()
    {
        var resolver = OpenResolver();
        var names = Name ?? resolver.Map.Entries.Select(e => e.Name).ToArray();
        if (names.Length == 0)
        {
            WriteWarning($"The secret map {resolver.Map.Source} has no entries: the program starts with this process's environment only.");
        }

        var commandLine = string.Join(' ', new[] { FilePath }.Concat(ArgumentList.Select(Quote)));
        var plans = names.Select(n => Plan(resolver, n)).ToList();
        var description = new StringBuilder($"Start '{commandLine}' with {plans.Count} secret(s) in its environment:");
        foreach (var plan in plans)
        {
            description.Append(Environment.NewLine).Append("  ").Append(plan.Name).Append(" <- ").Append(plan.Description);
        }

        if (!ShouldProcess(description.ToString(), $"Start '{commandLine}' with secrets in its environment?", "Start-VaultEnvProcess"))
        {
            CloseResolver();
            return;
        }

        var resolved = ResolveAll(resolver, names);
        CloseResolver();
        var startTime = DateTime.Now;
        var process = Launch(resolved);
        var origins = resolved.Select(r => $"{r.Name} {GetRunbookSecretCommand.Describe(r)}").ToArray();
        WriteVerbose($"Started process {process.Id} ({commandLine}); {string.Join("; ", origins)}.");
        if (!Wait)
        {
            WriteObject(process);
            return;
        }

        WaitForExit(process);
        var exitTime = DateTime.Now; // Process.StartTime cannot be read once a child has exited and been reaped
        SessionState.PSVariable.Set("global:LASTEXITCODE", process.ExitCode);
        WriteObject(new VaultEnvProcessResult
        {
            FilePath = FilePath,
            ArgumentList = ArgumentList,
            ProcessId = process.Id,
            ExitCode = process.ExitCode,
            StartTime = startTime,
            ExitTime = exitTime,
            Secrets = origins,
        });
    }

    // Every name first: the program never starts without a secret it needs.
    private List<ResolvedSecret> ResolveAll(SecretResolver resolver, IReadOnlyList<string> names)
    {
        var resolved = new List<ResolvedSecret>(names.Count);
        EngineException? first = null;
        foreach (var name in names)
        {
            try
            {
                resolved.Add(Resolve(resolver, name));
            }
            catch (EngineException ex)
            {
                if (first is not null)
                {
                    WriteEngineError(ex, name);
                }

                first ??= ex;
            }
        }

        if (first is not null)
        {
            CloseResolver();
            ThrowEngineError(first, first.Target);
        }

        return resolved;
    }

    private Process Launch(IReadOnlyList<ResolvedSecret> secrets)
    {
        string file;
        string directory;
        try
        {
            file = FilePath.Contains('/') || FilePath.Contains('\\') || FilePath.Contains('\0') ? FullPath(FilePath) : FilePath;
            directory = WorkingDirectory is null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : FullPath(WorkingDirectory);
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex, FilePath);
            throw; // not reached
        }

        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in ArgumentList)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var secret in secrets)
        {
            start.Environment[secret.Name] = secret.Value.Reveal();
        }

        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"'{FilePath}' did not start.");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or DirectoryNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Resolution.StartFailed",
                ErrorCategory.ObjectNotFound,
                $"'{FilePath}' could not be started: {ex.Message}",
                FilePath));
            throw; // not reached
        }
    }

    private void WaitForExit(Process process)
    {
        try
        {
            process.WaitForExitAsync(StopToken).Wait(StopToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is AggregateException && StopToken.IsCancellationRequested))
        {
            process.Kill(entireProcessTree: true);
            throw new PipelineStoppedException();
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"') ? argument : $"'{argument.Replace("'", "''")}'";
}
