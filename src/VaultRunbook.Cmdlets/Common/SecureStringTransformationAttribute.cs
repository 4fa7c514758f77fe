using System.Collections;
using System.Management.Automation;
using System.Security;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Lets a SecureString parameter (-Token, -Key) take the plain string an operator types, as the AWS and Az modules
/// do (DESIGN rule 13). The value is turned into a SecureString before binding, and no message this raises ever
/// holds it: a value of another type is refused by its type name only.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = Unwrap(inputData);
        if (value is string or SecureString or PSCredential or null)
        {
            return One(value);
        }

        if (value is IEnumerable sequence)
        {
            return sequence.Cast<object?>().Select(item => One(Unwrap(item))).ToArray();
        }

        return One(value);
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static SecureString? One(object? value) => value switch
    {
        null => null,
        SecureString secure => secure,
        string text => SecureStrings.ToSecure(text),
        PSCredential credential => credential.Password,
        var other => throw new ArgumentTransformationMetadataException(
            $"A string or a SecureString is expected here, not a {other.GetType().Name}."),
    };
}
