namespace VaultRunbook.Sandbox.Core;

/// <summary>An injected fault and when it stops (in Environment.TickCount64 milliseconds; long.MaxValue = until cleared).</summary>
internal sealed record ActiveFault(SandboxFault Fault, long ExpiresAtMs);
