using System.Management.Automation.Host;
using System.Text;

namespace VaultRunbook.Host;

/// <summary>
/// The process console as the host sees it: standard input, output and error, which of them
/// is a terminal, and one lock so lines from the pipeline thread and the signal handler never
/// interleave. It also owns the single progress line drawn on a terminal's standard error,
/// and clears it before anything else is written.
/// </summary>
internal sealed class HostConsole
{
    private readonly object _gate = new();
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private int _progressWidth;

    public HostConsole(
        TextReader input,
        TextWriter output,
        TextWriter error,
        bool inputIsTerminal,
        bool outputIsTerminal,
        bool errorIsTerminal,
        bool colorAllowed)
    {
        Input = input;
        _output = output;
        _error = error;
        InputIsTerminal = inputIsTerminal;
        OutputIsTerminal = outputIsTerminal;
        ErrorIsTerminal = errorIsTerminal;
        ColorAllowed = colorAllowed;
    }

    public TextReader Input { get; }

    public bool InputIsTerminal { get; }

    public bool OutputIsTerminal { get; }

    public bool ErrorIsTerminal { get; }

    /// <summary>False under NO_COLOR or TERM=dumb: no escape sequence is written anywhere.</summary>
    public bool ColorAllowed { get; }

    /// <summary>The console of this process.</summary>
    public static HostConsole FromProcess()
    {
        var term = Environment.GetEnvironmentVariable("TERM");
        var colorAllowed = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
            && !string.Equals(term, "dumb", StringComparison.Ordinal);
        return new HostConsole(
            Console.In,
            Console.Out,
            Console.Error,
            inputIsTerminal: !Console.IsInputRedirected,
            outputIsTerminal: !Console.IsOutputRedirected,
            errorIsTerminal: !Console.IsErrorRedirected,
            colorAllowed);
    }

    /// <summary>True when escape sequences (colors, decorations) may be written to <paramref name="stream"/>.</summary>
    public bool SupportsVirtualTerminal(HostStream stream) =>
        ColorAllowed && (stream == HostStream.Output ? OutputIsTerminal : ErrorIsTerminal);

    /// <summary>The width of the terminal, or of an imaginary one when output is redirected.</summary>
    public int Width
    {
        get
        {
            if (OutputIsTerminal || ErrorIsTerminal)
            {
                try
                {
                    var width = Console.WindowWidth;
                    if (width > 0)
                    {
                        return width;
                    }
                }
                catch (IOException)
                {
                }
            }

            return int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 120;
        }
    }

    /// <summary>The height of the terminal, or 50 lines when there is none.</summary>
    public int Height
    {
        get
        {
            if (OutputIsTerminal || ErrorIsTerminal)
            {
                try
                {
                    var height = Console.WindowHeight;
                    if (height > 0)
                    {
                        return height;
                    }
                }
                catch (IOException)
                {
                }
            }

            return int.TryParse(Environment.GetEnvironmentVariable("LINES"), out var lines) && lines > 0 ? lines : 50;
        }
    }

    /// <summary>
    /// Writes text to a stream. Escape sequences that PowerShell's formatting put in the text
    /// are kept only where the stream is a terminal; a color is applied the same way.
    /// </summary>
    public void Write(HostStream stream, string? text, ConsoleColor? foreground = null, ConsoleColor? background = null, bool newLine = false)
    {
        text ??= string.Empty;
        var vt = SupportsVirtualTerminal(stream);
        var plain = PSHostUserInterface.GetOutputString(text, vt);
        var builder = new StringBuilder(plain.Length + 16);
        var colored = vt && (foreground is not null || background is not null) && plain.Length > 0;
        if (colored)
        {
            AppendColor(builder, foreground, background);
        }

        builder.Append(plain);
        if (colored)
        {
            builder.Append("\u001b[0m");
        }

        if (newLine)
        {
            builder.AppendLine();
        }

        lock (_gate)
        {
            ClearProgressLocked();
            var writer = stream == HostStream.Output ? _output : _error;
            writer.Write(builder.ToString());
            writer.Flush();
        }
    }

    /// <summary>Draws (or redraws) the single progress line on standard error; a no-op unless it is a terminal.</summary>
    public void ShowProgress(string line)
    {
        if (!ErrorIsTerminal)
        {
            return;
        }

        var width = Math.Max(Width - 1, 10);
        if (line.Length > width)
        {
            line = line[..(width - 3)] + "...";
        }

        lock (_gate)
        {
            // Padding to the previous width erases what is left of a longer line without
            // needing an escape sequence, so it also works where VT is unavailable.
            var padded = line.PadRight(Math.Max(_progressWidth, line.Length));
            _error.Write('\r');
            _error.Write(padded);
            _error.Write('\r');
            _error.Flush();
            _progressWidth = line.Length;
        }
    }

    /// <summary>Erases the progress line, if one is shown.</summary>
    public void ClearProgress()
    {
        lock (_gate)
        {
            ClearProgressLocked();
        }
    }

    private void ClearProgressLocked()
    {
        if (_progressWidth == 0)
        {
            return;
        }

        _error.Write('\r');
        _error.Write(new string(' ', _progressWidth));
        _error.Write('\r');
        _error.Flush();
        _progressWidth = 0;
    }

    private static void AppendColor(StringBuilder builder, ConsoleColor? foreground, ConsoleColor? background)
    {
        builder.Append("\u001b[");
        if (foreground is { } fg)
        {
            builder.Append(AnsiCode(fg));
        }

        if (background is { } bg)
        {
            if (foreground is not null)
            {
                builder.Append(';');
            }

            builder.Append(AnsiCode(bg) + 10);
        }

        builder.Append('m');
    }

    private static int AnsiCode(ConsoleColor color) => color switch
    {
        ConsoleColor.Black => 30,
        ConsoleColor.DarkRed => 31,
        ConsoleColor.DarkGreen => 32,
        ConsoleColor.DarkYellow => 33,
        ConsoleColor.DarkBlue => 34,
        ConsoleColor.DarkMagenta => 35,
        ConsoleColor.DarkCyan => 36,
        ConsoleColor.Gray => 37,
        ConsoleColor.DarkGray => 90,
        ConsoleColor.Red => 91,
        ConsoleColor.Green => 92,
        ConsoleColor.Yellow => 93,
        ConsoleColor.Blue => 94,
        ConsoleColor.Magenta => 95,
        ConsoleColor.Cyan => 96,
        _ => 97,
    };
}
