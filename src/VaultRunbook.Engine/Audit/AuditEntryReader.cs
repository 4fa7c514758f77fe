using System.Runtime.CompilerServices;
using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Walks one audit line with <see cref="AuditJsonReader"/> (which validates it) and notes where the needed fields
/// are, skipping everything else (request and response data included) without materialising it. Key order does
/// not matter.
/// </summary>
internal static class AuditEntryReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 256 };

    /// <summary>Whether a request.path (where it sits in the line) can match; false stops the reading early.</summary>
    public delegate bool PathTest(ReadOnlySpan<byte> json, JsonText path);

    /// <summary>
    /// Reads the line's fields. <see cref="EntryRead.Malformed"/> when it is not one complete JSON object holding
    /// an audit entry (time and type); <see cref="EntryRead.RuledOut"/> when <paramref name="pathFilter"/> rejected
    /// request.path, in which case the rest of the line was not read (nor checked).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EntryRead Read(ReadOnlySpan<byte> json, PathTest? pathFilter, out RawAuditEntry entry)
    {
        entry = default;
        entry.PathFilter = pathFilter;
        var reader = new AuditJsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonToken.StartObject)
        {
            return EntryRead.Malformed;
        }

        var time = default(JsonText);
        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            if (reader.NameIs("time"u8))
            {
                reader.Read();
                time = reader.Text;
            }
            else if (reader.NameIs("type"u8))
            {
                reader.Read();
                entry.Type = reader.Text;
            }
            else if (reader.NameIs("error"u8))
            {
                reader.Read();
                entry.Error = reader.Text;
            }
            else if (reader.NameIs("auth"u8))
            {
                ReadObject(ref reader, json, ref entry, Section.Auth);
            }
            else if (reader.NameIs("request"u8))
            {
                ReadObject(ref reader, json, ref entry, Section.Request);
                if (entry.RuledOut)
                {
                    return EntryRead.RuledOut;
                }
            }
            else if (reader.NameIs("response"u8))
            {
                ReadObject(ref reader, json, ref entry, Section.Response);
            }
            else
            {
                reader.Skip();
            }
        }

        // The object must close, and nothing but whitespace may follow it.
        if (reader.Failed || reader.TokenType != JsonToken.EndObject || reader.CurrentDepth != 0 || reader.Read() || reader.Failed)
        {
            return EntryRead.Malformed;
        }

        entry.Time = ReadTime(json, time);
        return entry.Time is not null && entry.Type.Present && entry.Type.Length > 0 ? EntryRead.Entry : EntryRead.Malformed;
    }

    private enum Section : byte
    {
        Auth,
        Request,
        Namespace,
        Response,
    }

    // At a property name: reads its value's fields when it is an object (skips it otherwise).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadObject(ref AuditJsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry, Section section)
    {
        reader.Read();
        if (reader.TokenType != JsonToken.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonToken.PropertyName)
        {
            switch (section)
            {
                case Section.Auth:
                    ReadAuthField(ref reader, ref entry);
                    break;
                case Section.Request:
                    ReadRequestField(ref reader, json, ref entry);
                    if (entry.RuledOut)
                    {
                        return;
                    }

                    break;
                case Section.Namespace:
                    ReadNamespaceField(ref reader, ref entry);
                    break;
                default:
                    ReadResponseField(ref reader, ref entry);
                    break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadAuthField(ref AuditJsonReader reader, ref RawAuditEntry entry)
    {
        if (reader.NameIs("client_token"u8))
        {
            reader.Read();
            entry.AuthClientToken = reader.Text;
        }
        else if (reader.NameIs("accessor"u8))
        {
            reader.Read();
            entry.Accessor = reader.Text;
        }
        else if (reader.NameIs("display_name"u8))
        {
            reader.Read();
            entry.DisplayName = reader.Text;
        }
        else if (reader.NameIs("policies"u8))
        {
            reader.Read();
            entry.PoliciesStart = reader.TokenType == JsonToken.StartArray ? reader.TokenStart : 0;
            reader.Skip();
        }
        else
        {
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRequestField(ref AuditJsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry)
    {
        if (reader.NameIs("path"u8))
        {
            reader.Read();
            entry.Path = reader.Text;
            entry.RuledOut = entry.PathFilter is not null && !entry.PathFilter(json, entry.Path);
        }
        else if (reader.NameIs("operation"u8))
        {
            reader.Read();
            entry.Operation = reader.Text;
        }
        else if (reader.NameIs("id"u8))
        {
            reader.Read();
            entry.RequestId = reader.Text;
        }
        else if (reader.NameIs("mount_type"u8))
        {
            reader.Read();
            entry.MountType = reader.Text;
        }
        else if (reader.NameIs("mount_point"u8))
        {
            reader.Read();
            entry.MountPoint = reader.Text;
        }
        else if (reader.NameIs("client_token"u8))
        {
            reader.Read();
            entry.RequestClientToken = reader.Text;
        }
        else if (reader.NameIs("client_token_accessor"u8))
        {
            reader.Read();
            entry.RequestClientTokenAccessor = reader.Text;
        }
        else if (reader.NameIs("remote_address"u8))
        {
            reader.Read();
            entry.RemoteAddress = reader.Text;
        }
        else if (reader.NameIs("namespace"u8))
        {
            ReadObject(ref reader, json, ref entry, Section.Namespace);
        }
        else
        {
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadNamespaceField(ref AuditJsonReader reader, ref RawAuditEntry entry)
    {
        if (reader.NameIs("id"u8))
        {
            reader.Read();
            entry.NamespaceId = reader.Text;
        }
        else if (reader.NameIs("path"u8))
        {
            reader.Read();
            entry.NamespacePath = reader.Text;
        }
        else
        {
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadResponseField(ref AuditJsonReader reader, ref RawAuditEntry entry)
    {
        if (reader.NameIs("mount_type"u8))
        {
            reader.Read();
            entry.ResponseMountType = reader.Text;
        }
        else if (reader.NameIs("mount_point"u8))
        {
            reader.Read();
            entry.ResponseMountPoint = reader.Text;
        }
        else
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// The entry's time, in UTC; null when it is missing, not a string, or not a time. Go's RFC 3339 form with up
    /// to seven fractional digits is read directly; anything else goes through Utf8JsonReader's ISO 8601 parser,
    /// then the module's RFC3339Nano parser (Go writes up to nine fractional digits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? ReadTime(ReadOnlySpan<byte> json, JsonText time)
    {
        if (!time.Present)
        {
            return null;
        }

        if (!time.Escaped && Rfc3339.TryParse(json.Slice(time.Start, time.Length), out var quick))
        {
            return quick;
        }

        var reader = new Utf8JsonReader(json.Slice(time.Start - 1, time.Length + 2), isFinalBlock: true, new JsonReaderState(Options));
        reader.Read();
        if (reader.TryGetDateTimeOffset(out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        return VaultTime.Parse(reader.GetString())?.ToUniversalTime();
    }

    /// <summary>Reads the string array that starts at <paramref name="start"/> (auth.policies).</summary>
    public static string[] ReadStrings(ReadOnlySpan<byte> json, int start, Utf8StringCache strings)
    {
        if (start <= 0)
        {
            return [];
        }

        var reader = new AuditJsonReader(json, start, fragment: true);
        reader.Read();
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonToken.EndArray)
        {
            if (reader.TokenType == JsonToken.String)
            {
                values.Add(reader.Text.Decode(json, strings)!);
            }
            else
            {
                reader.Skip();
            }
        }

        return values.ToArray();
    }
}
