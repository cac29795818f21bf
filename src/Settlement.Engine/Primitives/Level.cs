namespace Settlement.Engine.Primitives;

/// <summary>
/// The participant's assessed distance from the labour market. Fixed for the whole placement
/// (a change is refused with SETTLE-LVL-FIXED), so it is a value, not a state.
/// </summary>
public enum Level
{
    A = 0,
    B = 1,
    C = 2,
}

public static class Levels
{
    public static readonly IReadOnlyList<Level> All = [Level.A, Level.B, Level.C];

    /// <summary>Parses exactly "A", "B" or "C"; anything else is not a level.</summary>
    public static bool TryParse(string? text, out Level level)
    {
        switch (text)
        {
            case "A": level = Level.A; return true;
            case "B": level = Level.B; return true;
            case "C": level = Level.C; return true;
            default: level = default; return false;
        }
    }
}
