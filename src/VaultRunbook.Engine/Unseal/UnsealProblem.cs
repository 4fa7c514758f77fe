using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Unseal;

/// <summary>Something that went wrong for one node while unsealing: one ErrorRecord each, with no key material.</summary>
public sealed record UnsealProblem(string ErrorId, ErrorKind Kind, string Message, string Address);
