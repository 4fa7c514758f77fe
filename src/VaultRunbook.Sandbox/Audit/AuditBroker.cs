using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Audit;

/// <summary>
/// Sends audit entries to every enabled device (the devices are read from the state at each entry,
/// so enabling or disabling one takes effect at once). Files stay open between entries and are
/// shared by devices that name the same file. "discard" writes nothing; "stdout" writes to the
/// console (never with log_raw: the enable endpoint refuses that, so no secret reaches a console).
/// As in Vault, when devices are enabled and none of them can write an entry, the request fails.
/// </summary>
internal sealed class AuditBroker(SandboxCore core) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, AuditFileSink> _sinks = new(StringComparer.Ordinal);
    private readonly object _console = new();
    private bool _disposed;

    /// <summary>True when every entry reached at least one device, or no device is enabled.</summary>
    public bool LogRequest(AuditRequest request, string? error) => Log("request", request, response: null, error);

    public bool LogResponse(AuditRequest request, AuditResponse response, string? error) => Log("response", request, response, error);

    /// <summary>
    /// Opens the device's file and writes the test entry Vault sends to a device it is enabling
    /// (unless <paramref name="skipEntry"/>); throws when the file cannot be opened or written.
    /// </summary>
    public void WriteTestProbe(AuditDevice device, bool skipEntry)
    {
        var probe = new AuditRequest(SecretGenerator.Uuid(), "update", "sys/audit/test");
        Write(device, skipEntry ? null : AuditEntryFormatter.Format(device, "request", DateTime.UtcNow, probe, response: null, error: null));
    }

    /// <summary>Closes the device's file unless another enabled device still writes to it.</summary>
    public void Release(AuditDevice device, IEnumerable<AuditDevice> remaining)
    {
        string? key = SinkKey(device);
        if (key is null || remaining.Any(d => SinkKey(d) == key))
        {
            return;
        }

        lock (_gate)
        {
            if (_sinks.Remove(key, out AuditFileSink? sink))
            {
                sink.Dispose();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (AuditFileSink sink in _sinks.Values)
            {
                sink.Dispose();
            }

            _sinks.Clear();
        }
    }

    private static string? SinkKey(AuditDevice device) =>
        device.FilePath is "discard" or "stdout" or "" ? null : Path.GetFullPath(device.FilePath);

    private bool Log(string type, AuditRequest request, AuditResponse? response, string? error)
    {
        IEnumerable<AuditDevice>? devices = core.State?.AuditDevices?.Values;
        if (devices is null)
        {
            return true;
        }

        bool any = false;
        bool written = false;
        DateTime time = DateTime.UtcNow;
        foreach (AuditDevice device in devices.OrderBy(d => d.Path, StringComparer.Ordinal))
        {
            any = true;
            try
            {
                Write(device, AuditEntryFormatter.Format(device, type, time, request, response, error));
                written = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException or FormatException)
            {
                // This device failed; the entry still counts if another one took it.
            }
        }

        return !any || written;
    }

    /// <summary>Appends the line (null: only opens the file).</summary>
    private void Write(AuditDevice device, string? line)
    {
        switch (device.FilePath)
        {
            case "discard":
                return;
            case "stdout" when line is null:
                return;
            case "stdout":
                lock (_console)
                {
                    Console.Out.Write(line);
                    Console.Out.Flush();
                }

                return;
        }

        AuditFileSink sink;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string key = SinkKey(device)!;
            if (!_sinks.TryGetValue(key, out sink!))
            {
                device.Options.TryGetValue("mode", out string? mode);
                sink = AuditFileSink.Open(device.FilePath, mode);
                _sinks[key] = sink;
            }
        }

        if (line is not null)
        {
            sink.Append(line);
        }
    }
}
