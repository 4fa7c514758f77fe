using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The root-token generation attempt (vault-api-notes §4), kept in memory as Vault keeps it: the
/// nonce, the OTP the new token is encoded with, and the key shares given so far. At the threshold
/// the shares must rebuild the unseal key; the new root token is then stored like any other token
/// and handed out only as the OTP-encoded value. One lock guards it all.
/// </summary>
internal sealed class RootGeneration(SandboxCore core)
{
    /// <summary>Length of a root token ("hvs." and 24 base62 characters), hence of the OTP (Vault's otp_length with SSC tokens).</summary>
    public const int OtpLength = 28;

    private readonly object _gate = new();
    private readonly List<byte[]> _progress = [];
    private string? _nonce;
    private string? _otp;

    /// <summary>The status as GET sys/generate-root/attempt reports it (otp always empty).</summary>
    public RootGenerationStatus Status()
    {
        lock (_gate)
        {
            return StatusUnderLock();
        }
    }

    /// <summary>Starts an attempt. A null <paramref name="otp"/> makes one and returns it once in the status.</summary>
    public CoreResult<RootGenerationStatus> Start(string? otp)
    {
        if (otp is not null && otp.Length != OtpLength)
        {
            return CoreResult<RootGenerationStatus>.Fail(400, "OTP string is wrong length");
        }

        lock (_gate)
        {
            if (_nonce is not null)
            {
                return CoreResult<RootGenerationStatus>.Fail(400, "root generation already in progress");
            }

            string generated = otp ?? SecretGenerator.RandomBase62(OtpLength);
            _nonce = SecretGenerator.Uuid();
            _otp = generated;
            ClearProgressUnderLock();
            return CoreResult<RootGenerationStatus>.Ok(StatusUnderLock() with { Otp = otp is null ? generated : string.Empty });
        }
    }

    /// <summary>DELETE sys/generate-root/attempt: forgets the attempt and its progress (no attempt: nothing to do).</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            _nonce = null;
            _otp = null;
            ClearProgressUnderLock();
        }
    }

    /// <summary>One key share (already decoded), in Vault's order of checks (GenerateRootUpdate).</summary>
    public CoreResult<RootGenerationStatus> Update(byte[] key, string nonce)
    {
        if (key.Length < SandboxCore.MinKeyLength)
        {
            return CoreResult<RootGenerationStatus>.Fail(400, $"invalid key: key is shorter than minimum {SandboxCore.MinKeyLength} bytes");
        }

        if (key.Length > SandboxCore.MaxKeyLength)
        {
            return CoreResult<RootGenerationStatus>.Fail(400, $"invalid key: key is longer than maximum {SandboxCore.MaxKeyLength} bytes");
        }

        lock (_gate)
        {
            if (_nonce is null || _otp is null)
            {
                return CoreResult<RootGenerationStatus>.Fail(400, "no root generation in progress");
            }

            if (!string.Equals(nonce, _nonce, StringComparison.Ordinal))
            {
                return CoreResult<RootGenerationStatus>.Fail(400, $"incorrect nonce supplied; nonce for this root generation operation is \"{_nonce}\"");
            }

            if (_progress.Any(given => given.AsSpan().SequenceEqual(key)))
            {
                return CoreResult<RootGenerationStatus>.Fail(400, "given key has already been provided during this generation operation");
            }

            _progress.Add((byte[])key.Clone());
            int progress = _progress.Count;
            int required = core.GetSealStatus().Threshold;
            var status = new RootGenerationStatus(_nonce, Started: true, progress, required, Complete: false, EncodedToken: string.Empty, Otp: string.Empty, OtpLength: 0);
            if (progress < required)
            {
                return CoreResult<RootGenerationStatus>.Ok(status);
            }

            // Threshold reached: the progress is cleared whatever happens; a failure keeps the attempt and its nonce.
            List<byte[]> parts = [.. _progress];
            _progress.Clear();
            try
            {
                if (core.CheckUnsealKeyShares(parts) is { } failure)
                {
                    return CoreResult<RootGenerationStatus>.Fail(400, "root generation aborted: unable to authenticate: " + failure);
                }
            }
            finally
            {
                parts.ForEach(p => CryptographicOperations.ZeroMemory(p));
            }

            var token = new TokenEntry(SecretGenerator.RootToken(), SecretGenerator.Accessor(), ["root"], "auth/token/root", "root", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            SandboxState? saved = core.Update(state =>
                state with { Tokens = (state.Tokens ?? ImmutableDictionary<string, TokenEntry>.Empty).SetItem(token.Id, token) });
            if (saved is null)
            {
                return CoreResult<RootGenerationStatus>.Fail(503, "Vault is sealed");
            }

            string encoded = Encode(token.Id, _otp);
            _nonce = null;
            _otp = null;
            return CoreResult<RootGenerationStatus>.Ok(status with { Complete = true, EncodedToken = encoded });
        }
    }

    /// <summary>
    /// Vault's OTP encoding (sdk/helper/roottoken): the token's and the OTP's ASCII bytes XORed, in
    /// standard base64 without padding (Go's RawStdEncoding).
    /// </summary>
    public static string Encode(string token, string otp)
    {
        byte[] tokenBytes = Encoding.ASCII.GetBytes(token);
        byte[] otpBytes = Encoding.ASCII.GetBytes(otp);
        if (tokenBytes.Length != otpBytes.Length)
        {
            throw new ArgumentException("length of the token and the OTP differ", nameof(otp));
        }

        for (int i = 0; i < tokenBytes.Length; i++)
        {
            tokenBytes[i] ^= otpBytes[i];
        }

        return Convert.ToBase64String(tokenBytes).TrimEnd('=');
    }

    private RootGenerationStatus StatusUnderLock() => new(
        _nonce ?? string.Empty,
        Started: _nonce is not null,
        _progress.Count,
        core.GetSealStatus().Threshold,
        Complete: false,
        EncodedToken: string.Empty,
        Otp: string.Empty,
        OtpLength: OtpLength);

    private void ClearProgressUnderLock()
    {
        _progress.ForEach(p => CryptographicOperations.ZeroMemory(p));
        _progress.Clear();
    }
}
