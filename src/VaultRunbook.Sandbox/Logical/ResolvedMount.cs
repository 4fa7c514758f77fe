using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>The mount serving a logical path, its routes, and the path relative to it.</summary>
internal sealed record ResolvedMount(MountEntry Mount, string MountType, string MountClass, LogicalRouteTable Routes, string RelativePath);
