using VaultRunbook.Engine.Audit;

namespace VaultRunbook.Audit.Tests.Support;

/// <summary>Runs the Engine's searcher and collects what it gives.</summary>
public static class Searches
{
    public static async Task<(List<AuditEvent> Events, AuditSearchResult Result)> FilesAsync(AuditQuery query, AuditSearchOptions? options, params string[] files)
    {
        var events = new List<AuditEvent>();
        var result = await new AuditLogSearcher(query, options).SearchFilesAsync(
            files,
            (e, _) =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            });
        return (events, result);
    }

    public static Task<(List<AuditEvent> Events, AuditSearchResult Result)> FilesAsync(AuditQuery query, params string[] files) =>
        FilesAsync(query, null, files);

    public static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    public static string[] FixtureLines(string path) => File.ReadAllLines(path);
}
