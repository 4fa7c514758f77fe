namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// An object the Engine does not know (a PSCustomObject, another module's type), as the cmdlet layer sees it: its
/// type name and its properties in order. The summariser keeps only scalar values whose name and value look harmless.
/// </summary>
public sealed record PipedObject(string TypeName, IReadOnlyList<KeyValuePair<string, object?>> Properties);
