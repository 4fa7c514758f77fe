using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// sys/audit (vault-api-notes §8.1, data injected at the top level): GET lists the devices keyed by
/// path with a trailing slash; PUT|POST sys/audit/&lt;path&gt; enables a file device (204), writing
/// Vault's test entry (path sys/audit/test) unless options.skip_test is "true"; DELETE disables it
/// (204). Each device gets a random salt for its HMACs, kept with it in the encrypted state. The
/// sandbox has the file device only; socket and syslog are "unknown backend type".
/// </summary>
internal sealed class SysAuditEndpoint(SandboxCore core, AuditBroker broker)
{
    private static readonly ImmutableArray<string> BoolOptions = ["log_raw", "hmac_accessor", "elide_list_responses", "skip_test"];

    public void Map(LogicalRouteTable routes)
    {
        routes.Map("audit", exists: null, (LogicalOperation.Read, List));
        routes.Map("audit/(?<path>.+)", exists: null, (LogicalOperation.Update, Enable), (LogicalOperation.Delete, Disable));
    }

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        var data = new JsonObject();
        foreach (AuditDevice device in core.State?.AuditDevices?.Values ?? [])
        {
            var options = new JsonObject();
            foreach (KeyValuePair<string, string> pair in device.Options)
            {
                options[pair.Key] = pair.Value;
            }

            data[device.Path] = new JsonObject
            {
                ["description"] = device.Description,
                ["local"] = device.Local,
                ["options"] = options,
                ["path"] = device.Path,
                ["type"] = device.Type,
            };
        }

        return ValueTask.FromResult(new LogicalResponse { Data = data, InjectData = true });
    }

    private ValueTask<LogicalResponse> Enable(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        string? error = null;
        LogicalFields.TryGetString(request.Data, "type", out string type, ref error);
        LogicalFields.TryGetString(request.Data, "description", out string description, ref error);
        LogicalFields.TryGetBool(request.Data, "local", out bool local, ref error);
        LogicalFields.TryGetStringMap(request.Data, "options", out Dictionary<string, string> options, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (path == "/")
        {
            return Answer(LogicalResponse.Invalid("backend path must be specified"));
        }

        if (core.State?.AuditDevices?.Values.Any(d => Overlaps(d.Path, path)) == true)
        {
            return Answer(LogicalResponse.Invalid("path already in use"));
        }

        if (type != "file")
        {
            return Answer(LogicalResponse.Invalid($"unknown backend type: \"{type}\""));
        }

        if (Validate(options) is { } invalid)
        {
            return Answer(LogicalResponse.Invalid(invalid));
        }

        var device = new AuditDevice(
            path,
            type,
            description,
            options.ToImmutableDictionary(StringComparer.Ordinal),
            local,
            SecretGenerator.MountAccessor("audit_file"),
            SecretGenerator.Uuid());
        try
        {
            broker.WriteTestProbe(device, skipEntry: options.TryGetValue("skip_test", out string? skip) && GoBool.TryParse(skip, out bool yes) && yes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            string reason = e is UnauthorizedAccessException ? "permission denied" : e is DirectoryNotFoundException ? "no such file or directory" : "cannot be written";
            return Answer(LogicalResponse.Invalid($"sanity check failed; unable to open \"{device.FilePath}\" for writing: open {device.FilePath}: {reason}"));
        }

        bool conflict = false;
        SandboxState? saved = core.Update(state =>
        {
            ImmutableDictionary<string, AuditDevice> devices = state.AuditDevices ?? ImmutableDictionary<string, AuditDevice>.Empty;
            if (devices.Values.Any(d => Overlaps(d.Path, path)))
            {
                conflict = true;
                return state;
            }

            return state with { AuditDevices = devices.Add(path, device) };
        });
        return Answer(saved is null ? LogicalResponse.Sealed : conflict ? LogicalResponse.Invalid("path already in use") : LogicalResponse.Empty);
    }

    private ValueTask<LogicalResponse> Disable(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        AuditDevice? removed = null;
        SandboxState? saved = core.Update(state =>
        {
            if (state.AuditDevices is not { } devices || !devices.TryGetValue(path, out removed))
            {
                return state;
            }

            return state with { AuditDevices = devices.Remove(path) };
        });
        if (saved is null)
        {
            return Answer(LogicalResponse.Sealed);
        }

        if (removed is not null)
        {
            broker.Release(removed, saved.AuditDevices?.Values ?? []);
        }

        return Answer(LogicalResponse.Empty);
    }

    /// <summary>Vault refuses a device path that is a prefix of another one, either way round.</summary>
    private static bool Overlaps(string existing, string path) =>
        existing.StartsWith(path, StringComparison.Ordinal) || path.StartsWith(existing, StringComparison.Ordinal);

    private static string? Validate(IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("file_path", out string? filePath) || filePath.Length == 0)
        {
            return "file_path is required";
        }

        foreach (string name in BoolOptions)
        {
            if (options.TryGetValue(name, out string? text) && !GoBool.TryParse(text, out _))
            {
                return $"unable to parse '{name}': strconv.ParseBool: parsing \"{text}\": invalid syntax";
            }
        }

        if (options.TryGetValue("format", out string? format) && format is not ("" or "json"))
        {
            return $"unsupported 'format': \"{format}\" (the sandbox writes json)";
        }

        if (options.TryGetValue("mode", out string? mode))
        {
            try
            {
                AuditFileSink.ParseMode(mode);
            }
            catch (FormatException e)
            {
                return e.Message;
            }
        }

        if (filePath == "stdout" && options.TryGetValue("log_raw", out string? raw) && GoBool.TryParse(raw, out bool logRaw) && logRaw)
        {
            // Sandbox rule: a raw log on the console would show secrets there.
            return "the sandbox refuses log_raw with file_path=stdout: secrets would reach the console";
        }

        return null;
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
