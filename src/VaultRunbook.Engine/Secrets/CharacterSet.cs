namespace VaultRunbook.Engine.Secrets;

/// <summary>The alphabets generated values are drawn from.</summary>
public enum CharacterSet
{
    /// <summary>A-Z a-z 0-9: safe in URLs, connection strings and shells.</summary>
    AlphaNumeric,

    /// <summary>AlphaNumeric plus symbols that need no quoting in a PostgreSQL connection string: -_.~!#%^*+=</summary>
    AlphaNumericSymbols,

    /// <summary>0-9 a-f.</summary>
    Hex,
}
