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
/// <example><code>Invoke-SecretRotation -Path secret/cwiq/shared/app/database -Generate pg_password -Length 32 | Get-VaultSecretMetadata</code><para>Gives pg_password a new 32-character random value as a new version of the secret (the old version is kept for a rollback), then shows the secret's versions.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SecretRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(EngineTypeNames.SecretRotation)]
public sealed class InvokeSecretRotationCommand : KvCmdlet
{
    private readonly List<(string? Mount, string Path, VaultConnectionSettings Settings)> _targets = new();

    /// <summary>The secret's path: mount/path as in the CLI, or the path inside -Mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>New values by field name: strings, SecureStrings, numbers, booleans, a PSCredential (its password), or hashtables and arrays of these (stored as JSON).</summary>
    [Parameter]
    public IDictionary? Data { get; set; }

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
            _targets.Add((Mount, path, settings));
        }
    }

    protected override void EndProcessing()
    {
        var plan = BuildPlan();
        var approved = new List<(KvLocation Location, VaultConnectionSettings Settings)>();
        foreach (var (mount, path, settings) in _targets)
        {
            // Each mount is looked up once (the CLI's preflight) before anything is written.
            if (Locate(settings, mount, path) is not { } location)
            {
                continue;
            }

            var description = $"Rotate {string.Join(", ", plan.FieldNames)} (a new version; the old one is kept)";
            if (ShouldProcess($"{settings.AddressText} {location.Target}", description))
            {
                approved.Add((location, settings));
            }
            else if (MyInvocation.BoundParameters.ContainsKey("WhatIf"))
            {
                // -WhatIf: also check that the rotation could happen (mount version, current version readable).
                CheckPlan(location, settings, plan);
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
            (client, target, ct) => new SecretRotator(client).RotateAsync(target.Location, plan, ct));

        foreach (var (rotation, error) in results)
        {
            if (rotation is not null)
            {
                WriteOutcome(rotation);
            }
            else if (error is not null)
            {
                WriteEngineError(error);
            }
        }
    }

    private void WriteOutcome(SecretRotation rotation)
    {
        var target = $"{rotation.Mount}/{rotation.Path}";
        if (rotation.Reconciled)
        {
            WriteVerbose($"{target}: the write's answer was lost; Vault was re-read and version {rotation.NewVersion} holds the new values.");
        }

        if (!rotation.Verified)
        {
            WriteWarning($"{target}: Vault accepted version {rotation.NewVersion}, but its metadata could not be re-read to confirm it is current. Check with Get-VaultSecretMetadata before rotating again.");
        }

        WriteVerbose($"Rotated {target}: version {rotation.PreviousVersion} -> {rotation.NewVersion} ({string.Join(", ", rotation.RotatedFields)}).");
        WriteObject(rotation);
    }

    private void CheckPlan(KvLocation location, VaultConnectionSettings settings, RotationPlan plan)
    {
        try
        {
            var (current, fields) = Run(ct => new SecretRotator(ClientFor(settings)).PlanAsync(location, plan, ct));
            var added = fields.Where(f => !current.FieldNames.Contains(f)).ToArray();
            WriteVerbose($"{location.Target} v{current.Version}: would change {string.Join(", ", fields)}{(added.Length > 0 ? $" (new: {string.Join(", ", added)})" : string.Empty)}; keeps {string.Join(", ", current.FieldNames.Except(fields))}.");
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
        }
    }

    private RotationPlan BuildPlan()
    {
        Dictionary<string, SensitiveValue> values;
        try
        {
            values = SecretDataConverter.Convert(Data ?? new Hashtable(), allowNull: false);
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            throw; // not reached: ThrowTerminatingError always throws
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
