using System.Text;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Orders strings as Go's sort.Strings and encoding/json's map keys do: by UTF-8 bytes, which is
/// code-point order (UTF-16 ordinal order differs for characters above U+FFFF).
/// </summary>
internal sealed class GoStringComparer : IComparer<string>
{
    public static GoStringComparer Instance { get; } = new();

    private GoStringComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        StringRuneEnumerator left = x.EnumerateRunes();
        StringRuneEnumerator right = y.EnumerateRunes();
        while (true)
        {
            bool hasLeft = left.MoveNext();
            bool hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft ? 1 : hasRight ? -1 : 0;
            }

            int order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }
}
