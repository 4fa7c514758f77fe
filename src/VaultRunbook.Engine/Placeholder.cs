namespace VaultRunbook.Engine; internal static class Placeholder { }
