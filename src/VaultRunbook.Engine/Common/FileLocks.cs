namespace VaultRunbook.Engine.Common;

/// <summary>
/// Opens a file with an exclusive OS lock (FileShare.None: flock on Unix, a sharing mode on Windows), so that it
/// works across processes, waiting with a growing pause while another process holds it.
/// </summary>
public static class FileLocks
{
    /// <exception cref="ConfigurationException"><paramref name="errorId"/>: still held by another process after <paramref name="timeout"/>.</exception>
    public static async Task<FileStream> OpenExclusiveAsync(string path, string errorId, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
            }
            catch (IOException ex)
            {
                throw new ConfigurationException(
                    errorId,
                    $"Another process has held {what} '{path}' for over {timeout.TotalSeconds:0}s.",
                    ex) { Target = path };
            }
        }
    }
}
