using System.Runtime.CompilerServices;
using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Walks one audit line with Utf8JsonReader and notes where the needed fields are, skipping everything else
/// (request and response data included) without materialising it. Key order does not matter.
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
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Options));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return EntryRead.Malformed;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("time"u8))
                {
                    reader.Read();
                    entry.Time = ReadTime(ref reader);
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    entry.Type = JsonText.At(ref reader);
                }
                else if (reader.ValueTextEquals("error"u8))
                {
                    reader.Read();
                    entry.Error = JsonText.At(ref reader);
                }
                else if (reader.ValueTextEquals("auth"u8))
                {
                    ReadObject(ref reader, json, ref entry, ReadAuthField);
                }
                else if (reader.ValueTextEquals("request"u8))
                {
                    ReadObject(ref reader, json, ref entry, ReadRequestField);
                    if (entry.RuledOut)
                    {
                        return EntryRead.RuledOut;
                    }
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    ReadObject(ref reader, json, ref entry, ReadResponseField);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            // The object must close, and nothing but whitespace may follow it.
            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
            {
                return EntryRead.Malformed;
            }
        }
        catch (JsonException)
        {
            return EntryRead.Malformed;
        }

        return entry.Time is not null && entry.Type.Present && entry.Type.Length > 0 ? EntryRead.Entry : EntryRead.Malformed;
    }

    private delegate void FieldReader(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry, FieldReader field)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            field(ref reader, json, ref entry);
            if (entry.RuledOut)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadAuthField(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry)
    {
        if (reader.ValueTextEquals("client_token"u8))
        {
            reader.Read();
            entry.AuthClientToken = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("accessor"u8))
        {
            reader.Read();
            entry.Accessor = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("display_name"u8))
        {
            reader.Read();
            entry.DisplayName = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("policies"u8))
        {
            reader.Read();
            entry.PoliciesStart = reader.TokenType == JsonTokenType.StartArray ? (int)reader.TokenStartIndex : 0;
            reader.Skip();
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRequestField(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry)
    {
        if (reader.ValueTextEquals("path"u8))
        {
            reader.Read();
            entry.Path = JsonText.At(ref reader);
            entry.RuledOut = entry.PathFilter is not null && !entry.PathFilter(json, entry.Path);
        }
        else if (reader.ValueTextEquals("operation"u8))
        {
            reader.Read();
            entry.Operation = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("id"u8))
        {
            reader.Read();
            entry.RequestId = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("mount_type"u8))
        {
            reader.Read();
            entry.MountType = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("mount_point"u8))
        {
            reader.Read();
            entry.MountPoint = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("client_token"u8))
        {
            reader.Read();
            entry.RequestClientToken = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("client_token_accessor"u8))
        {
            reader.Read();
            entry.RequestClientTokenAccessor = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("remote_address"u8))
        {
            reader.Read();
            entry.RemoteAddress = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("namespace"u8))
        {
            ReadObject(ref reader, json, ref entry, ReadNamespaceField);
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadNamespaceField(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry)
    {
        if (reader.ValueTextEquals("id"u8))
        {
            reader.Read();
            entry.NamespaceId = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("path"u8))
        {
            reader.Read();
            entry.NamespacePath = JsonText.At(ref reader);
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadResponseField(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref RawAuditEntry entry)
    {
        if (reader.ValueTextEquals("mount_type"u8))
        {
            reader.Read();
            entry.ResponseMountType = JsonText.At(ref reader);
        }
        else if (reader.ValueTextEquals("mount_point"u8))
        {
            reader.Read();
            entry.ResponseMountPoint = JsonText.At(ref reader);
        }
        else
        {
            reader.Read();
            reader.Skip();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }

        if (reader.TryGetDateTimeOffset(out var time))
        {
            return time.ToUniversalTime();
        }

        // Go writes up to nine fractional digits; fall back to the module's RFC3339Nano parser.
        return VaultTime.Parse(reader.GetString())?.ToUniversalTime();
    }

    /// <summary>Reads the string array that starts at <paramref name="start"/> (auth.policies).</summary>
    public static string[] ReadStrings(ReadOnlySpan<byte> json, int start, Utf8StringCache strings)
    {
        if (start <= 0)
        {
            return [];
        }

        var reader = new Utf8JsonReader(json[start..], isFinalBlock: true, new JsonReaderState(Options));
        reader.Read();
        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(reader.ValueIsEscaped ? reader.GetString()! : strings.Get(reader.ValueSpan));
            }
            else
            {
                reader.Skip();
            }
        }

        return values.ToArray();
    }
}
