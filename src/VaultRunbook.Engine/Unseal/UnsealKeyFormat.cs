namespace VaultRunbook.Engine.Unseal;

/// <summary>
/// Checks a share the way sys/unseal decodes it (vault-api-notes 2.2, step 5 and 7): hex when it decodes to 16 to
/// 33 bytes, else standard padded base64; the decoded key must be 16 to 33 bytes. Checking before sending means a
/// typo never spends a share of an attempt.
/// </summary>
public static class UnsealKeyFormat
{
    public const int MinimumBytes = 16;
    public const int MaximumBytes = 33;

    /// <summary>Null when the share is acceptable, else why not (without the share's content).</summary>
    public static string? Problem(string share)
    {
        if (string.IsNullOrWhiteSpace(share))
        {
            return "it is empty";
        }

        var length = DecodedLength(share.Trim());
        return length switch
        {
            null => "it is not valid hex or base64",
            < MinimumBytes => $"it decodes to {length} bytes, shorter than the minimum of {MinimumBytes}",
            > MaximumBytes => $"it decodes to {length} bytes, longer than the maximum of {MaximumBytes}",
            _ => null,
        };
    }

    private static int? DecodedLength(string share)
    {
        if (share.Length % 2 == 0 && share.All(Uri.IsHexDigit))
        {
            var hexBytes = share.Length / 2;
            if (hexBytes is >= MinimumBytes and <= MaximumBytes)
            {
                return hexBytes;
            }
        }

        var buffer = new byte[(share.Length * 3 / 4) + 3];
        return share.Length % 4 == 0 && Convert.TryFromBase64String(share, buffer, out var written) ? written : null;
    }
}
