using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuditSearch;

/// <summary>
/// Writes a Vault file-audit log the way Vault 1.19 does: one JSON object per line, keys in alphabetical order,
/// a request line then its response line sharing request.id, client tokens, accessors and data strings HMAC'd
/// with the device's salt, RFC3339Nano times. About 6% of the requests are under secret/data/cwiq; a few paths
/// hold the literal without starting with it (kv/data/mirror/secret/data/cwiq-*), and about 2% fail with Vault's
/// multi-line error text (escaped \n and \t). The same seed gives the same file.
/// </summary>
public static class AuditLogGenerator
{
    private const string PermissionDenied = "1 error occurred:\\n\\t* permission denied\\n\\n";

    public static (long Bytes, long Lines) Write(string path, long targetBytes, int seed)
    {
        var random = new Random(seed);
        var salt = Encoding.UTF8.GetBytes(new Guid(Bytes(random, 16)).ToString());
        var clients = Enumerable.Range(0, 48).Select(i => Client.Create(random, salt, i)).ToArray();
        var time = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var line = new StringBuilder(4096);
        var buffer = new byte[1 << 16];
        long written = 0, lines = 0;
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 22);
        while (written < targetBytes)
        {
            var client = clients[random.Next(clients.Length)];
            var call = Call.Pick(random, salt);
            var requestId = new Guid(Bytes(random, 16)).ToString();
            var failed = random.Next(50) == 0;
            time = time.AddTicks(random.Next(1, 500_000) * 10L + random.Next(10));
            foreach (var type in new[] { "request", "response" })
            {
                line.Clear();
                Entry(line, type, client, call, requestId, failed, time, random, salt);
                time = time.AddTicks(random.Next(2_000, 40_000));
                line.Append('\n');
                var count = Encoding.UTF8.GetByteCount(line.ToString());
                if (count > buffer.Length)
                {
                    buffer = new byte[count * 2];
                }

                Encoding.UTF8.GetBytes(line.ToString(), 0, line.Length, buffer, 0);
                file.Write(buffer, 0, count);
                written += count;
                lines++;
            }
        }

        return (written, lines);
    }

    private static void Entry(StringBuilder s, string type, Client c, Call call, string requestId, bool failed, DateTimeOffset time, Random random, byte[] salt)
    {
        s.Append("{\"auth\":{\"accessor\":\"").Append(c.AccessorHmac)
            .Append("\",\"client_token\":\"").Append(c.TokenHmac)
            .Append("\",\"display_name\":\"").Append(c.DisplayName)
            .Append("\",\"entity_id\":\"").Append(c.EntityId)
            .Append("\",\"metadata\":{").Append(c.MetadataJson).Append('}')
            .Append(",\"policies\":[").Append(c.PoliciesJson).Append(']')
            .Append(",\"policy_results\":{\"allowed\":").Append(failed ? "false" : "true")
            .Append(",\"granting_policies\":[{\"name\":\"").Append(c.FirstPolicy).Append("\",\"namespace_id\":\"root\",\"type\":\"acl\"}]}")
            .Append(",\"token_issue_time\":\"").Append(c.IssueTime)
            .Append("\",\"token_policies\":[").Append(c.PoliciesJson).Append(']')
            .Append(",\"token_ttl\":").Append(c.Ttl)
            .Append(",\"token_type\":\"service\"}");
        if (failed)
        {
            s.Append(",\"error\":\"").Append(PermissionDenied).Append('"');
        }

        s.Append(",\"request\":{\"client_id\":\"").Append(c.EntityId)
            .Append("\",\"client_token\":\"").Append(c.TokenHmac)
            .Append("\",\"client_token_accessor\":\"").Append(c.AccessorHmac).Append('"');
        if (call.RequestData is not null)
        {
            s.Append(",\"data\":{");
            AppendHmacMap(s, call.RequestData, random, salt);
            s.Append('}');
        }

        s.Append(",\"headers\":{\"user-agent\":[\"").Append(c.UserAgent).Append("\"]}")
            .Append(",\"id\":\"").Append(requestId)
            .Append("\",\"mount_accessor\":\"").Append(call.MountAccessor)
            .Append("\",\"mount_class\":\"").Append(call.MountClass)
            .Append("\",\"mount_point\":\"").Append(call.MountPoint)
            .Append("\",\"mount_running_version\":\"v1.19.1+builtin.vault")
            .Append("\",\"mount_type\":\"").Append(call.MountType)
            .Append("\",\"namespace\":{\"id\":\"root\"},\"operation\":\"").Append(call.Operation)
            .Append("\",\"path\":\"").Append(call.Path)
            .Append("\",\"remote_address\":\"").Append(c.RemoteAddress)
            .Append("\",\"remote_port\":").Append(random.Next(32768, 61000)).Append('}');
        if (type == "response")
        {
            s.Append(",\"response\":{");
            if (!failed && call.ResponseData is not null)
            {
                s.Append("\"data\":{");
                AppendHmacMap(s, call.ResponseData, random, salt);
                s.Append("},");
            }

            s.Append("\"mount_accessor\":\"").Append(call.MountAccessor)
                .Append("\",\"mount_class\":\"").Append(call.MountClass)
                .Append("\",\"mount_point\":\"").Append(call.MountPoint)
                .Append("\",\"mount_running_plugin_version\":\"v1.19.1+builtin.vault")
                .Append("\",\"mount_type\":\"").Append(call.MountType).Append("\"}");
        }

        s.Append(",\"time\":\"").Append(Rfc3339Nano(time)).Append("\",\"type\":\"").Append(type).Append("\"}");
    }

    // Every string leaf is HMAC'd (Vault's default), numbers and RFC3339 times are not.
    private static void AppendHmacMap(StringBuilder s, string[] keys, Random random, byte[] salt)
    {
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                s.Append(',');
            }

            s.Append('"').Append(keys[i]).Append("\":");
            switch (keys[i])
            {
                case "version" or "lease_duration" or "ttl":
                    s.Append(random.Next(1, 90_000));
                    break;
                case "created_time" or "expiration":
                    s.Append("\"2025-05-").Append(random.Next(10, 29)).Append("T1").Append(random.Next(0, 10)).Append(":04:05.123456Z\"");
                    break;
                default:
                    s.Append('"').Append(Hmac(salt, Convert.ToHexString(Bytes(random, 12)))).Append('"');
                    break;
            }
        }
    }

    private static string Rfc3339Nano(DateTimeOffset time)
    {
        // Go's RFC3339Nano drops trailing zeros of the fraction.
        var text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    internal static string Hmac(byte[] salt, string value) =>
        "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)));

    internal static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed record Client(string DisplayName, string TokenHmac, string AccessorHmac, string EntityId, string MetadataJson, string PoliciesJson, string FirstPolicy, string IssueTime, int Ttl, string RemoteAddress, string UserAgent)
    {
        private static readonly string[] Kinds = ["kubernetes-payments-api", "kubernetes-orders-worker", "approle-ci-runner", "userpass-alice", "userpass-bob", "ldap-carol", "oidc-dave", "token-ops"];

        public static Client Create(Random random, byte[] salt, int index)
        {
            var kind = Kinds[index % Kinds.Length];
            var policies = new[] { "default", kind.Split('-')[1], index % 3 == 0 ? "cwiq-read" : "app-read" };
            return new Client(
                kind + (index >= Kinds.Length ? "-" + index : string.Empty),
                Hmac(salt, "hvs." + Convert.ToBase64String(Bytes(random, 18))),
                Hmac(salt, Convert.ToBase64String(Bytes(random, 18))),
                new Guid(Bytes(random, 16)).ToString(),
                kind.StartsWith("kubernetes", StringComparison.Ordinal)
                    ? $"\"role\":\"{kind[11..]}\",\"service_account_name\":\"{kind[11..]}\",\"service_account_namespace\":\"prod\""
                    : $"\"username\":\"{kind.Split('-')[^1]}\"",
                string.Join(",", policies.Select(p => "\"" + p + "\"")),
                policies[1],
                $"2025-05-31T{random.Next(10, 23)}:{random.Next(10, 59)}:{random.Next(10, 59)}-04:00",
                random.Next(3600, 2_764_800),
                $"10.{random.Next(0, 4)}.{random.Next(0, 255)}.{random.Next(1, 254)}",
                index % 2 == 0 ? "vault/1.19.1 (+https://www.vaultproject.io/; go1.23.8)" : "Go-http-client/1.1");
        }
    }

    private sealed record Call(string Path, string Operation, string MountPoint, string MountType, string MountClass, string MountAccessor, string[]? RequestData, string[]? ResponseData)
    {
        private static readonly string[] Teams = ["payments", "orders", "platform", "data", "identity", "search"];
        private static readonly string[] Apps = ["api", "worker", "scheduler", "gateway", "etl"];
        private static readonly string[] Keys = ["database", "stripe", "s3", "jwt", "smtp", "redis"];

        public static Call Pick(Random random, byte[] salt)
        {
            var roll = random.Next(1000);
            var app = Apps[random.Next(Apps.Length)];
            var key = Keys[random.Next(Keys.Length)];
            return roll switch
            {
                < 60 => random.Next(5) == 0
                    ? Kv($"secret/data/cwiq/{app}/{key}", "update", ["data", "options"], ["created_time", "version"])
                    : Kv($"secret/data/cwiq/{app}/{key}", "read", null, ["data", "metadata", "created_time", "version"]),
                < 65 => Kv($"kv/data/mirror/secret/data/cwiq-{app}", "read", null, ["data", "metadata", "version"]),
                < 330 => Kv($"secret/data/{Teams[random.Next(Teams.Length)]}/{app}/{key}", random.Next(6) == 0 ? "update" : "read", random.Next(6) == 0 ? ["data"] : null, ["data", "metadata", "created_time", "version"]),
                < 380 => Kv($"secret/metadata/{Teams[random.Next(Teams.Length)]}/{app}", "list", null, ["keys"]),
                < 480 => new Call("auth/token/lookup-self", "read", "auth/token/", "token", "auth", "auth_token_d43d387d", null, ["accessor", "display_name", "entity_id", "expire_time", "id", "path", "policies", "ttl"]),
                < 530 => new Call("auth/token/renew-self", "update", "auth/token/", "token", "auth", "auth_token_d43d387d", ["increment"], null),
                < 610 => new Call("auth/kubernetes/login", "update", "auth/kubernetes/", "kubernetes", "auth", "auth_kubernetes_8f0e2c1a", ["jwt", "role"], null),
                < 690 => new Call($"database/creds/{app}-rw", "read", "database/", "database", "secret", "database_11c0e6a2", null, ["username", "password", "lease_duration"]),
                < 730 => new Call($"pki_int/issue/{app}-internal", "update", "pki_int/", "pki", "secret", "pki_4c9b77e0", ["common_name", "ttl"], ["certificate", "issuing_ca", "private_key", "serial_number", "expiration"]),
                < 850 => new Call($"transit/{(random.Next(2) == 0 ? "encrypt" : "decrypt")}/{app}", "update", "transit/", "transit", "secret", "transit_5e1d2b90", ["plaintext", "context"], ["ciphertext", "key_version"]),
                < 900 => new Call("sys/leases/renew", "update", "sys/", "system", "", "system_e34d1f0c", ["lease_id", "increment"], ["lease_id", "lease_duration"]),
                < 940 => new Call("sys/capabilities-self", "update", "sys/", "system", "", "system_e34d1f0c", ["paths"], ["capabilities"]),
                _ => new Call($"identity/entity/id/{new Guid(Bytes(random, 16))}", "read", "identity/", "identity", "secret", "identity_0b3a4c5d", null, ["aliases", "name", "policies"]),
            };
        }

        private static Call Kv(string path, string operation, string[]? request, string[]? response) =>
            new(path, operation, path[..(path.IndexOf('/') + 1)], "kv", "secret", "kv_7a1b9c2d", request, response);
    }
}
