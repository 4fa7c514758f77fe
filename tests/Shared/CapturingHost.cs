using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace VaultRunbook.Testing;

/// <summary>
/// A PowerShell host that keeps everything written to its UI (what -WhatIf prints goes there, not to a stream), and
/// answers hidden prompts (ReadLineAsSecureString) from <see cref="SecretAnswers"/>, as a person at a terminal would.
/// </summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingUserInterface _ui = new();

    public string Text => _ui.Text;

    /// <summary>What the next hidden prompts read, in order; a prompt with nothing left fails.</summary>
    public ConcurrentQueue<string> SecretAnswers => _ui.SecretAnswers;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "VaultRunbook.Tests";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => new(1, 0);

    public void Clear() => _ui.Clear();

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class CapturingUserInterface : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();

        public ConcurrentQueue<string> SecretAnswers { get; } = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override PSHostRawUserInterface? RawUI => null;

        public void Clear()
        {
            lock (_text)
            {
                _text.Clear();
            }
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw new NotSupportedException();

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override string ReadLine() => throw new NotSupportedException();

        public override SecureString ReadLineAsSecureString()
        {
            if (!SecretAnswers.TryDequeue(out var answer))
            {
                throw new InvalidOperationException("A hidden prompt was read with no answer left.");
            }

            var secure = new SecureString();
            foreach (var c in answer)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        public override void Write(string value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

        public override void WriteLine(string value) => Write(value + Environment.NewLine);

        public override void WriteDebugLine(string message) => WriteLine("DEBUG: " + message);

        public override void WriteErrorLine(string value) => WriteLine("ERROR: " + value);

        public override void WriteProgress(long sourceId, ProgressRecord record) => WriteLine($"PROGRESS: {record.Activity} {record.StatusDescription}");

        public override void WriteVerboseLine(string message) => WriteLine("VERBOSE: " + message);

        public override void WriteWarningLine(string message) => WriteLine("WARNING: " + message);
    }
}
