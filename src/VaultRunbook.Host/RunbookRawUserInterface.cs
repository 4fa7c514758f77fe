using System.Management.Automation.Host;

namespace VaultRunbook.Host;

/// <summary>
/// The raw console for PowerShell: sizes (which Out-Default uses to lay out tables), colors
/// and key reading. There is no screen buffer to read or scroll: a runbook host writes lines.
/// </summary>
public sealed class RunbookRawUserInterface : PSHostRawUserInterface
{
    private readonly HostConsole _console;
    private readonly bool _nonInteractive;
    private Coordinates _cursorPosition;
    private Coordinates _windowPosition;
    private int _cursorSize = 25;
    private string _windowTitle = "VaultRunbook";

    internal RunbookRawUserInterface(HostConsole console, bool nonInteractive)
    {
        _console = console;
        _nonInteractive = nonInteractive;
    }

    /// <summary>The color text is written in when no other is asked for.</summary>
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    /// <summary>The color behind text when no other is asked for.</summary>
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override Coordinates CursorPosition
    {
        get => _cursorPosition;
        set => _cursorPosition = value;
    }

    public override Coordinates WindowPosition
    {
        get => _windowPosition;
        set => _windowPosition = value;
    }

    public override int CursorSize
    {
        get => _cursorSize;
        set => _cursorSize = value;
    }

    /// <summary>The terminal's size; 120 columns (or $env:COLUMNS) when output is redirected. Setting it is ignored.</summary>
    public override Size BufferSize
    {
        get => new(_console.Width, _console.Height);
        set
        {
        }
    }

    public override Size WindowSize
    {
        get => new(_console.Width, _console.Height);
        set
        {
        }
    }

    public override Size MaxWindowSize => new(_console.Width, _console.Height);

    public override Size MaxPhysicalWindowSize => new(_console.Width, _console.Height);

    public override bool KeyAvailable
    {
        get
        {
            if (_nonInteractive || !_console.InputIsTerminal)
            {
                return false;
            }

            try
            {
                return Console.KeyAvailable;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    public override string WindowTitle
    {
        get => _windowTitle;
        set => _windowTitle = value ?? string.Empty;
    }

    public override KeyInfo ReadKey(ReadKeyOptions options)
    {
        if (_nonInteractive)
        {
            throw new PromptingException(
                "The VaultRunbook host is running with -NonInteractive: it cannot wait for a key press.");
        }

        if (!_console.InputIsTerminal)
        {
            var read = _console.Input.Read();
            if (read < 0)
            {
                throw new PromptingException("Standard input ended while waiting for a key press.");
            }

            var character = (char)read;
            return new KeyInfo(character, character, default, keyDown: true);
        }

        var intercept = (options & ReadKeyOptions.NoEcho) != 0;
        var key = Console.ReadKey(intercept);
        return new KeyInfo((int)key.Key, key.KeyChar, ToControlKeyStates(key.Modifiers), keyDown: true);
    }

    public override void FlushInputBuffer()
    {
        if (_nonInteractive || !_console.InputIsTerminal)
        {
            return;
        }

        while (Console.KeyAvailable)
        {
            Console.ReadKey(intercept: true);
        }
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
        throw new NotSupportedException("The VaultRunbook host writes lines: it has no screen buffer to read.");

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
        throw new NotSupportedException("The VaultRunbook host writes lines: it has no screen buffer to change.");

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) =>
        throw new NotSupportedException("The VaultRunbook host writes lines: it has no screen buffer to change.");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw new NotSupportedException("The VaultRunbook host writes lines: it has no screen buffer to scroll.");

    private static ControlKeyStates ToControlKeyStates(ConsoleModifiers modifiers)
    {
        ControlKeyStates states = default;
        if ((modifiers & ConsoleModifiers.Shift) != 0)
        {
            states |= ControlKeyStates.ShiftPressed;
        }

        if ((modifiers & ConsoleModifiers.Alt) != 0)
        {
            states |= ControlKeyStates.LeftAltPressed;
        }

        if ((modifiers & ConsoleModifiers.Control) != 0)
        {
            states |= ControlKeyStates.LeftCtrlPressed;
        }

        return states;
    }
}
