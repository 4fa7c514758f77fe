namespace VaultRunbook.FakeAws;

/// <summary>The test credentials the fakes accept (AWS's documented example key pair, never a real one).</summary>
public static class FakeCredentials
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";

    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    public const string Region = "us-east-1";
}
