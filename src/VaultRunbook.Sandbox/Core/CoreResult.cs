namespace VaultRunbook.Sandbox.Core;

/// <summary>Either a value or a <see cref="CoreError"/>.</summary>
internal sealed record CoreResult<T>(T? Value, CoreError? Error)
    where T : class
{
    public static CoreResult<T> Ok(T value) => new(value, null);

    public static CoreResult<T> Fail(int status, string message) => new(null, new CoreError(status, message));
}
