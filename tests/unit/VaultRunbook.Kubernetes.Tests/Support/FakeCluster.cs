using System.Diagnostics;
using VaultRunbook.FakeKube;

namespace VaultRunbook.Kubernetes.Tests.Support;

/// <summary>
/// A fake API server with a kubeconfig in a temp folder, and the real kubectl pointed at it (its own discovery
/// cache, no user kubeconfig). A kubectl that disagrees with the fake is a bug in the fake.
/// </summary>
public sealed class FakeCluster : IDisposable
{
    public FakeCluster(string defaultNamespace = "app")
    {
        Folder = Directory.CreateTempSubdirectory("vaultrunbook-k8s-").FullName;
        Server = FakeKubeServer.Start();
        Server.RolloutDelay = TimeSpan.FromMilliseconds(300);
        KubeConfig = Server.WriteKubeconfig(Path.Combine(Folder, "kubeconfig"), defaultNamespace);
        Journal = Path.Combine(Folder, "actions.jsonl");
    }

    public FakeKubeServer Server { get; }

    public string Folder { get; }

    public string KubeConfig { get; }

    public string Journal { get; }

    /// <summary>Variables for a PowerShellSession script: $kubeconfig and a journal of this test.</summary>
    public System.Collections.Hashtable Variables(System.Collections.Hashtable? more = null)
    {
        var variables = new System.Collections.Hashtable { ["kubeconfig"] = KubeConfig, ["VaultRunbookJournalPath"] = Journal };
        foreach (System.Collections.DictionaryEntry entry in more ?? new System.Collections.Hashtable())
        {
            variables[entry.Key] = entry.Value;
        }

        return variables;
    }

    /// <summary>Runs the real kubectl against the fake; returns its exit code, stdout and stderr.</summary>
    public (int ExitCode, string StdOut, string StdErr) Kubectl(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(KubeConfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(Path.Combine(Folder, "kubectl-cache"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("KUBECONFIG");
        start.Environment["HOME"] = Folder;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("kubectl " + string.Join(' ', args) + " did not end");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>kubectl that must succeed; its stdout.</summary>
    public string KubectlOk(params string[] args)
    {
        var (code, stdout, stderr) = Kubectl(args);
        Xunit.Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}\n{stdout}\n{stderr}");
        return stdout;
    }

    public void Dispose()
    {
        Server.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a kubectl cache file still open; the temp folder is cleaned later
        }
    }
}
