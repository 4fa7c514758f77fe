using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET and POST sys/mounts/&lt;path&gt;/tune (data injected at the top level, vault-api-notes §0.5). GET gives
/// the effective settings (a TTL of 0 reads as the system default, 768h); POST changes description,
/// default_lease_ttl, max_lease_ttl (seconds or a Go duration; "system" resets) and options (the
/// sandbox does not convert a KV mount between versions). Unknown mount: 400 "cannot fetch sysview
/// for path", as Vault says it.
/// </summary>
internal sealed class SysMountsTuneEndpoint(SandboxCore core)
{
    // Registered before sys/mounts/<path>, whose pattern would take "secret/tune" as a mount path.
    public void Map(LogicalRouteTable routes) =>
        routes.Map("mounts/(?<path>.+?)/tune", exists: null, (LogicalOperation.Read, Read), (LogicalOperation.Update, Tune));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        if (core.State?.Mounts?.GetValueOrDefault(path) is not { } mount)
        {
            return Answer(Unknown(path));
        }

        var data = new JsonObject
        {
            ["default_lease_ttl"] = mount.DefaultLeaseTtl > 0 ? mount.DefaultLeaseTtl : LogicalEnvelope.DefaultLeaseSeconds,
            ["description"] = mount.Description,
            ["force_no_cache"] = false,
            ["max_lease_ttl"] = mount.MaxLeaseTtl > 0 ? mount.MaxLeaseTtl : LogicalEnvelope.DefaultLeaseSeconds,
        };
        if (mount.Options is { } options)
        {
            var map = new JsonObject();
            foreach (KeyValuePair<string, string> pair in options)
            {
                map[pair.Key] = pair.Value;
            }

            data["options"] = map;
        }

        return Answer(new LogicalResponse { Data = data, InjectData = true });
    }

    private ValueTask<LogicalResponse> Tune(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        string? error = null;
        bool hasDescription = LogicalFields.TryGetString(request.Data, "description", out string description, ref error);
        bool hasDefault = TryGetTtl(request.Data, "default_lease_ttl", out long defaultTtl, ref error);
        bool hasMax = TryGetTtl(request.Data, "max_lease_ttl", out long maxTtl, ref error);
        bool hasOptions = LogicalFields.TryGetStringMap(request.Data, "options", out Dictionary<string, string> options, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        LogicalResponse? refusal = null;
        SandboxState? saved = core.Update(state =>
        {
            if (state.Mounts?.GetValueOrDefault(path) is not { } mount)
            {
                refusal = Unknown(path);
                return state;
            }

            long newDefault = hasDefault ? defaultTtl : mount.DefaultLeaseTtl;
            long newMax = hasMax ? maxTtl : mount.MaxLeaseTtl;
            long effectiveMax = newMax > 0 ? newMax : LogicalEnvelope.DefaultLeaseSeconds;
            if (newDefault > effectiveMax)
            {
                refusal = LogicalResponse.Invalid("backend max lease TTL cannot be less than backend default lease TTL");
                return state;
            }

            ImmutableDictionary<string, string>? newOptions = mount.Options;
            if (hasOptions)
            {
                string current = mount.Options?.GetValueOrDefault("version") ?? string.Empty;
                if (options.TryGetValue("version", out string? version) && version != current && mount.Type == "kv")
                {
                    refusal = LogicalResponse.Invalid($"the sandbox does not convert a KV mount from version \"{current}\" to \"{version}\"");
                    return state;
                }

                newOptions = (newOptions ?? ImmutableDictionary<string, string>.Empty).SetItems(options.Where(o => o.Key != "version"));
            }

            MountEntry tuned = mount with
            {
                Description = hasDescription ? description : mount.Description,
                DefaultLeaseTtl = newDefault,
                MaxLeaseTtl = newMax,
                Options = newOptions,
            };
            return state with { Mounts = state.Mounts.SetItem(path, tuned) };
        });
        return Answer(saved is null ? LogicalResponse.Sealed : refusal ?? LogicalResponse.Empty);
    }

    /// <summary>A TTL as seconds or a Go duration; "system" (or 0) means the system default.</summary>
    private static bool TryGetTtl(JsonObject? data, string name, out long seconds, ref string? error)
    {
        seconds = 0;
        if (LogicalFields.TryGet(data, name, out JsonNode value) && value is JsonValue text && text.TryGetValue(out string? s) && s == "system")
        {
            return true;
        }

        return LogicalFields.TryGetDuration(data, name, allowNegative: false, out seconds, ref error);
    }

    private static LogicalResponse Unknown(string path) => LogicalResponse.Invalid($"cannot fetch sysview for path \"{path}\"", outerError: false);

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
