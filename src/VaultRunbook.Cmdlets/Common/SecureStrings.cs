using System.Runtime.InteropServices;
using System.Security;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>SecureString from PowerShell to the Engine's redacting SensitiveString, and back.</summary>
internal static class SecureStrings
{
    public static SensitiveString ToSensitive(SecureString secure)
    {
        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return new SensitiveString(Marshal.PtrToStringUni(pointer) ?? string.Empty);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    public static SecureString ToSecure(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
