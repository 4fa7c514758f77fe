using System.Text.RegularExpressions;

namespace VaultRunbook.Engine.Leaks;

/// <summary>One kind of token-looking value: its name as findings show it ("VaultServiceToken", "AwsAccessKeyId") and the expression that finds it.</summary>
public sealed record TokenPattern(string Kind, Regex Expression);
