using System.Management.Automation;
using System.Security;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Lets a SecureString parameter take a plain string too (DESIGN rule 13: a token or key typed as text is accepted);
/// the text becomes a read-only SecureString at binding and is kept out of every stream from there on.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) switch
        {
            string text => SecureStrings.ToSecure(text),
            var other => other,
        };
}
