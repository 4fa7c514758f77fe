using System.Collections;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Rotates fields of KV v2 secrets: a new version with the old one kept, every other field unchanged.</para>
/// <para type="description">New values come from -Data (SecureString values allowed) and/or -Generate (cryptographically
/// random, -Length, -CharacterSet). The write uses check-and-set against the version read, so a concurrent writer makes
/// it fail instead of losing an update; the new current_version is then checked in the metadata. Many paths run in
/// bounded parallel; each failed path is its own ErrorRecord. -WhatIf lists the fields that would change, never values.
/// A KV v1 mount is refused: it keeps no versions.</para>
/// <example><code>Invoke-SecretRotation -Path cwiq/shared/app/database -Generate pg_password | Restart-K8sDeployment -Namespace app -Name api, worker</code></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SecretRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(EngineTypeNames.SecretRotation)]
public sealed class InvokeSecretRotationCommand : KvCmdlet
{
    private readonly List<(string Mount, string Path, VaultConnectionSettings Settings)> _targets = new();

    /// <summary>The secret's path inside the mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>New values by field name (strings or SecureStrings).</summary>
    [Parameter]
    public Hashtable? Data { get; set; }

    /// <summary>Fields to give new random values.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Generate { get; set; }

    /// <summary>Length of generated values.</summary>
    [Parameter]
    [ValidateRange(SecretGenerator.MinimumLength, SecretGenerator.MaximumLength)]
    public int Length { get; set; } = 32;

    /// <summary>Alphabet of generated values: AlphaNumeric (default), AlphaNumericSymbols or Hex.</summary>
    /// <remarks>A string, not the Engine's enum: an Engine value type in a cmdlet's layout would load the Engine before the module's load context exists.</remarks>
    [Parameter]
    [ValidateSet(nameof(Engine.Secrets.CharacterSet.AlphaNumeric), nameof(Engine.Secrets.CharacterSet.AlphaNumericSymbols), nameof(Engine.Secrets.CharacterSet.Hex), IgnoreCase = true)]
    public string CharacterSet { get; set; } = nameof(Engine.Secrets.CharacterSet.AlphaNumeric);

    /// <summary>How many paths to rotate at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        foreach (var path in Path)
        {
            _targets.Add((Mount.Trim('/'), path.Trim('/'), settings));
        }
    }

    protected override void EndProcessing()
    {
        var plan = BuildPlan();
        var approved = new List<(string Mount, string Path, VaultConnectionSettings Settings)>();
        foreach (var target in _targets)
        {
            var description = $"Rotate {string.Join(", ", plan.FieldNames)} (a new version; the old one is kept)";
            if (ShouldProcess($"{target.Settings.AddressText} {target.Mount}/{target.Path}", description))
            {
                approved.Add(target);
            }
            else if (MyInvocation.BoundParameters.ContainsKey("WhatIf"))
            {
                // -WhatIf: also check that the rotation could happen (mount version, current version readable).
                CheckPlan(target, plan);
            }
        }

        if (approved.Count == 0)
        {
            return;
        }

        var results = RunForEach(
            approved,
            target => target.Settings,
            ThrottleLimit,
            "Rotating secrets",
            (client, target, ct) => new SecretRotator(client).RotateAsync(target.Mount, target.Path, plan, ct));

        foreach (var (rotation, error) in results)
        {
            if (rotation is not null)
            {
                WriteVerbose($"Rotated {rotation.Mount}/{rotation.Path}: version {rotation.PreviousVersion} -> {rotation.NewVersion} ({string.Join(", ", rotation.RotatedFields)}).");
                WriteObject(rotation);
            }
            else if (error is not null)
            {
                WriteEngineError(error);
            }
        }
    }

    private void CheckPlan((string Mount, string Path, VaultConnectionSettings Settings) target, RotationPlan plan)
    {
        try
        {
            var (current, fields) = Run(ct => new SecretRotator(ClientFor(target.Settings)).PlanAsync(target.Mount, target.Path, plan, ct));
            var added = fields.Where(f => !current.FieldNames.Contains(f)).ToArray();
            WriteVerbose($"{target.Mount}/{target.Path} v{current.Version}: would change {string.Join(", ", fields)}{(added.Length > 0 ? $" (new: {string.Join(", ", added)})" : string.Empty)}; keeps {string.Join(", ", current.FieldNames.Except(fields))}.");
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
        }
    }

    private RotationPlan BuildPlan()
    {
        var values = new Dictionary<string, SensitiveString>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Data ?? new Hashtable())
        {
            var name = entry.Key?.ToString();
            var raw = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
            var value = raw switch
            {
                System.Security.SecureString secure => SecureStrings.ToSensitive(secure),
                string text => new SensitiveString(text),
                null => null,
                var other => new SensitiveString(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
            };
            if (string.IsNullOrWhiteSpace(name) || value is null)
            {
                ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Rotation.InvalidData", ErrorCategory.InvalidArgument, "Every -Data entry needs a field name and a value.", name));
            }

            values[name!] = value!;
        }

        var generate = Generate ?? Array.Empty<string>();
        var both = generate.Intersect(values.Keys, StringComparer.Ordinal).ToArray();
        if (both.Length > 0)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Rotation.InvalidData", ErrorCategory.InvalidArgument, $"Fields given in both -Data and -Generate: {string.Join(", ", both)}.", both));
        }

        if (values.Count == 0 && generate.Length == 0)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Rotation.NothingToRotate", ErrorCategory.InvalidArgument, "Name at least one field to rotate with -Data or -Generate.", null));
        }

        return new RotationPlan { Values = values, Generate = generate, Length = Length, CharacterSet = Enum.Parse<CharacterSet>(CharacterSet, ignoreCase: true) };
    }
}
