using System.Management.Automation;
using System.Security;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Lets a SecureString parameter take a plain string too (DESIGN rule 13: a token typed as text is accepted and
/// kept out of every stream): the text becomes a read-only SecureString at binding. Other values pass unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string text => SecureStrings.ToSecure(text),
            SecureString secure => secure,
            _ => inputData,
        };
}
