namespace VaultRunbook.Engine.Notifications;

/// <summary>One line of a notification: what a piped object is (its kind) and a one-line summary of it.</summary>
public sealed record NotificationLine(string Kind, string Summary);
