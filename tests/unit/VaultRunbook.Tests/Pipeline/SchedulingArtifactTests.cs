using System.Text.RegularExpressions;
using VaultRunbook.Engine.Metrics;
using VaultRunbook.Testing;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// The scheduling examples that are not scripts: the Grafana dashboard is JSON (jq judges) and queries only metrics
/// Export-RunbookMetrics writes, each of them; the CI examples call the health gate; docs/scheduling.md holds the
/// cron line, the systemd units and the Task Scheduler registration.
/// </summary>
public sealed partial class SchedulingArtifactTests
{
    private static string Dashboard => Path.Combine(RepoPaths.Examples, "grafana", "vault-health-dashboard.json");

    [Fact]
    public void The_grafana_dashboard_is_json_and_queries_exactly_the_exported_metrics()
    {
        Assert.Equal("\"Vault Health\"", Jq("-e", ".title", Dashboard).Trim());
        var queries = Jq("-r", ".. | .expr? // empty", Dashboard).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var queried = queries.SelectMany(q => MetricName().Matches(q).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(queries);
        Assert.Empty(queried.Except(RunbookMetrics.Names));
        Assert.Empty(RunbookMetrics.Names.Except(queried));
        Assert.All(queries.Where(q => q.Contains(" by (", StringComparison.Ordinal)), q => Assert.Contains("by (address)", q, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("github-actions.yml")]
    [InlineData("gitlab-ci.yml")]
    public void A_ci_example_fails_the_job_through_the_health_gate(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Examples, "ci", file));

        // The gate must be in a step's commands (GitHub's `run`, GitLab's `script`) of a file that parses as YAML,
        // not only in a comment.
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(text));
        var commands = Commands(Assert.Single(yaml.Documents).RootNode).ToList();
        Assert.Contains(commands, c => GateCall().IsMatch(c));
        Assert.Matches(GateCall(), text);
        Assert.DoesNotContain("hooks.slack.com/services/", text, StringComparison.Ordinal); // the webhook comes from a CI secret
    }

    [Fact]
    public void The_scheduling_doc_holds_cron_systemd_and_task_scheduler()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "scheduling.md"));

        Assert.Matches(@"(?m)^\*/5 \* \* \* \* \S+ .*daily-health-check\.ps1 .*-Assert", doc);
        Assert.Contains("[Timer]", doc, StringComparison.Ordinal);
        Assert.Contains("Type=oneshot", doc, StringComparison.Ordinal);
        Assert.Contains("Register-ScheduledTask", doc, StringComparison.Ordinal);
        Assert.Contains("examples/grafana/vault-health-dashboard.json", doc, StringComparison.Ordinal);
    }

    // Every scalar under a `run` or `script` key (a string, or a list of strings as GitLab allows), anywhere.
    private static IEnumerable<string> Commands(YamlDotNet.RepresentationModel.YamlNode node) => node switch
    {
        YamlDotNet.RepresentationModel.YamlMappingNode map => map.Children.SelectMany(pair =>
            pair.Key is YamlDotNet.RepresentationModel.YamlScalarNode { Value: "run" or "script" } ? Scalars(pair.Value) : Commands(pair.Value)),
        YamlDotNet.RepresentationModel.YamlSequenceNode list => list.Children.SelectMany(Commands),
        _ => [],
    };

    private static IEnumerable<string> Scalars(YamlDotNet.RepresentationModel.YamlNode node) => node switch
    {
        YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } value } => [value],
        YamlDotNet.RepresentationModel.YamlSequenceNode list => list.Children.SelectMany(Scalars),
        _ => [],
    };

    [GeneratedRegex(@"Get-VaultHealth -Address \$env:VAULT_NODES\.Split\([^)]*\) -StandbyOk -Assert")]
    private static partial Regex GateCall();

    private static string Jq(params string[] arguments)
    {
        var (exitCode, output, error) = Tool.Run("jq", arguments);
        Assert.True(exitCode == 0, $"jq {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    [GeneratedRegex(@"\b(?:vault|vaultrunbook)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
