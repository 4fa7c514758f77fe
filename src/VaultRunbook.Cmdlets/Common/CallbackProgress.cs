namespace VaultRunbook.Cmdlets.Common;

/// <summary>An IProgress that calls straight back on the reporting thread (unlike Progress&lt;T&gt;, which needs a sync context).</summary>
internal sealed class CallbackProgress<T> : IProgress<T>
{
    private readonly Action<T> _callback;

    public CallbackProgress(Action<T> callback) => _callback = callback;

    public void Report(T value) => _callback(value);
}
