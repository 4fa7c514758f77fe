using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace VaultRunbook.Host;

/// <summary>
/// The host's user interface. Rendered output and what a script writes to the host go to
/// standard output; errors, warnings, verbose and debug lines, progress and prompts go to
/// standard error, so standard output stays clean for whatever reads it. Under
/// -NonInteractive every prompt fails with a <see cref="PromptingException"/> instead of waiting.
/// </summary>
public sealed class RunbookHostUserInterface : PSHostUserInterface
{
    private readonly HostConsole _console;
    private readonly RunbookRawUserInterface _rawUI;
    private readonly ProgressView _progress;
    private readonly bool _nonInteractive;

    internal RunbookHostUserInterface(HostConsole console, bool nonInteractive)
    {
        _console = console;
        _nonInteractive = nonInteractive;
        _rawUI = new RunbookRawUserInterface(console, nonInteractive);
        _progress = new ProgressView(console);
    }

    public override PSHostRawUserInterface RawUI => _rawUI;

    /// <summary>
    /// When true, what would go to standard output goes to standard error instead: the host sets
    /// it while Out-Default renders an uncaught error, which reaches it as a plain object.
    /// </summary>
    internal bool OutputToError { get; set; }

    private HostStream OutputStream => OutputToError ? HostStream.Error : HostStream.Output;

    /// <summary>True when standard output is a terminal that may be sent escape sequences.</summary>
    public override bool SupportsVirtualTerminal => _console.SupportsVirtualTerminal(HostStream.Output);

    public override void Write(string value) => _console.Write(OutputStream, value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        _console.Write(OutputStream, value, ColorOrDefault(foregroundColor, _rawUI.ForegroundColor), ColorOrDefault(backgroundColor, _rawUI.BackgroundColor));

    public override void WriteLine() => _console.Write(OutputStream, string.Empty, newLine: true);

    public override void WriteLine(string value) => _console.Write(OutputStream, value, newLine: true);

    public override void WriteLine(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        _console.Write(OutputStream, value, ColorOrDefault(foregroundColor, _rawUI.ForegroundColor), ColorOrDefault(backgroundColor, _rawUI.BackgroundColor), newLine: true);

    public override void WriteErrorLine(string value) => WriteStyled(FormatStyle.Error, null, value);

    public override void WriteWarningLine(string message) => WriteStyled(FormatStyle.Warning, "WARNING: ", message);

    public override void WriteVerboseLine(string message) => WriteStyled(FormatStyle.Verbose, "VERBOSE: ", message);

    public override void WriteDebugLine(string message) => WriteStyled(FormatStyle.Debug, "DEBUG: ", message);

    public override void WriteProgress(long sourceId, ProgressRecord record) => _progress.Update(sourceId, record);

    public override string ReadLine()
    {
        EnsureInteractive("read a line of input");
        _console.ClearProgress();
        return _console.Input.ReadLine()
            ?? throw new PromptingException("Standard input ended before a line of input could be read.");
    }

    /// <summary>
    /// Reads a secret without showing it: a terminal echoes one '*' per character (read with
    /// Console.ReadKey(intercept: true)); redirected input is read as a line and never echoed.
    /// </summary>
    public override SecureString ReadLineAsSecureString()
    {
        EnsureInteractive("read a secret");
        _console.ClearProgress();
        var secret = new SecureString();
        if (!_console.InputIsTerminal)
        {
            var line = _console.Input.ReadLine()
                ?? throw new PromptingException("Standard input ended before a secret could be read.");
            foreach (var c in line)
            {
                secret.AppendChar(c);
            }

            secret.MakeReadOnly();
            return secret;
        }

        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (secret.Length > 0)
                {
                    secret.RemoveAt(secret.Length - 1);
                    _console.Write(HostStream.Error, "\b \b");
                }

                continue;
            }

            if (key.KeyChar == '\0' || char.IsControl(key.KeyChar))
            {
                continue;
            }

            secret.AppendChar(key.KeyChar);
            _console.Write(HostStream.Error, "*");
        }

        _console.Write(HostStream.Error, string.Empty, newLine: true);
        secret.MakeReadOnly();
        return secret;
    }

    /// <summary>Asks for each field in turn (a mandatory parameter PowerShell could not bind, for example).</summary>
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        ArgumentNullException.ThrowIfNull(descriptions);
        var names = string.Join(", ", descriptions.Select(d => d.Name));
        EnsureInteractive($"prompt for {names}", caption, message);
        WriteCaption(caption, message);

        var results = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in descriptions)
        {
            var label = ChoiceLabel.Parse(string.IsNullOrEmpty(field.Label) ? field.Name : field.Label).Text;
            var typeName = field.ParameterTypeFullName ?? string.Empty;
            if (typeName == typeof(SecureString).FullName)
            {
                WritePrompt($"{label}: ");
                results[field.Name] = new PSObject(ReadLineAsSecureString());
                EndRedirectedAnswer();
            }
            else if (typeName == typeof(PSCredential).FullName)
            {
                results[field.Name] = new PSObject(PromptForCredential(caption, message, string.Empty, string.Empty));
            }
            else if (typeName.EndsWith("[]", StringComparison.Ordinal))
            {
                results[field.Name] = new PSObject(ReadArray(label, field.HelpMessage));
            }
            else
            {
                results[field.Name] = new PSObject(ReadField($"{label}: ", field.HelpMessage));
            }
        }

        return results;
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0)
        {
            throw new ArgumentException("There is no choice to offer.", nameof(choices));
        }

        EnsureInteractive("ask for a choice", caption, message);
        var labels = choices.Select(c => ChoiceLabel.Parse(c.Label)).ToList();
        var menu = new StringBuilder();
        for (var i = 0; i < labels.Count; i++)
        {
            menu.Append(CultureInfo.InvariantCulture, $"[{(labels[i].HotKey.Length > 0 ? labels[i].HotKey : labels[i].Text)}] {labels[i].Text}  ");
        }

        menu.Append("[?] Help");
        if (defaultChoice >= 0 && defaultChoice < labels.Count)
        {
            var fallback = labels[defaultChoice];
            menu.Append(CultureInfo.InvariantCulture, $" (default is \"{(fallback.HotKey.Length > 0 ? fallback.HotKey : fallback.Text)}\")");
        }

        menu.Append(": ");
        WriteCaption(caption, message);
        while (true)
        {
            WritePrompt(menu.ToString());
            var answer = ReadAnswer().Trim();
            if (answer.Length == 0 && defaultChoice >= 0 && defaultChoice < labels.Count)
            {
                return defaultChoice;
            }

            if (answer == "?")
            {
                for (var i = 0; i < labels.Count; i++)
                {
                    var key = labels[i].HotKey.Length > 0 ? labels[i].HotKey : labels[i].Text;
                    var help = string.IsNullOrEmpty(choices[i].HelpMessage) ? labels[i].Text : choices[i].HelpMessage;
                    WritePrompt($"{key} - {help}{Environment.NewLine}");
                }

                continue;
            }

            var index = labels.FindIndex(label => label.Matches(answer));
            if (index >= 0)
            {
                return index;
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    /// <summary>Asks for a user name (unless given) and a hidden password.</summary>
    public override PSCredential PromptForCredential(
        string caption,
        string message,
        string userName,
        string targetName,
        PSCredentialTypes allowedCredentialTypes,
        PSCredentialUIOptions options)
    {
        EnsureInteractive("ask for a credential", caption, message);
        WriteCaption(caption, message);
        if (string.IsNullOrEmpty(userName))
        {
            userName = ReadField("User: ", helpMessage: null);
        }

        WritePrompt($"Password for user {userName}: ");
        var password = ReadLineAsSecureString();
        EndRedirectedAnswer();
        return new PSCredential(userName, password);
    }

    private string ReadField(string prompt, string? helpMessage)
    {
        while (true)
        {
            WritePrompt(prompt);
            var answer = ReadAnswer();
            if (answer == "!?" && !string.IsNullOrEmpty(helpMessage))
            {
                WritePrompt(helpMessage + Environment.NewLine);
                continue;
            }

            return answer;
        }
    }

    private string[] ReadArray(string label, string? helpMessage)
    {
        var items = new List<string>();
        while (true)
        {
            var item = ReadField($"{label}[{items.Count.ToString(CultureInfo.InvariantCulture)}]: ", helpMessage);
            if (item.Length == 0)
            {
                return [.. items];
            }

            items.Add(item);
        }
    }

    private string ReadAnswer()
    {
        var answer = _console.Input.ReadLine()
            ?? throw new PromptingException("Standard input ended before the prompt was answered.");
        EndRedirectedAnswer();
        return answer;
    }

    /// <summary>A terminal echoes the Enter that ends an answer; redirected input does not, so end the prompt's line.</summary>
    private void EndRedirectedAnswer()
    {
        if (!_console.InputIsTerminal)
        {
            _console.Write(HostStream.Error, string.Empty, newLine: true);
        }
    }

    private void WriteCaption(string? caption, string? message)
    {
        if (!string.IsNullOrEmpty(caption))
        {
            _console.Write(HostStream.Error, caption, newLine: true);
        }

        if (!string.IsNullOrEmpty(message))
        {
            _console.Write(HostStream.Error, message, newLine: true);
        }
    }

    private void WritePrompt(string text) => _console.Write(HostStream.Error, text);

    private void WriteStyled(FormatStyle style, string? prefix, string? message)
    {
        var text = prefix + message;
        if (_console.SupportsVirtualTerminal(HostStream.Error) && !text.Contains('\u001b', StringComparison.Ordinal))
        {
            text = GetFormatStyleString(style) + text + GetFormatStyleString(FormatStyle.Reset);
        }

        _console.Write(HostStream.Error, text, newLine: true);
    }

    private void EnsureInteractive(string action, string? caption = null, string? message = null)
    {
        if (!_nonInteractive)
        {
            return;
        }

        var asked = string.Join(": ", new[] { caption, message }.Where(s => !string.IsNullOrWhiteSpace(s)))
            .ReplaceLineEndings(" ")
            .Trim();
        var what = asked.Length > 0 ? $" The prompt was: {asked}" : string.Empty;
        throw new PromptingException(
            $"The VaultRunbook host is running with -NonInteractive, so it cannot {action}.{what} "
            + "Run it interactively, or give the value on the command line (for a confirmation, -Confirm:$false or -Force).");
    }

    private static ConsoleColor? ColorOrDefault(ConsoleColor color, ConsoleColor defaultColor) =>
        color == defaultColor || color < ConsoleColor.Black || color > ConsoleColor.White ? null : color;
}
