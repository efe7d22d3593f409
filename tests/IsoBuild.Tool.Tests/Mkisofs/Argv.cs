using System.Text;
using IsoBuild.Tool.Mkisofs;

namespace IsoBuild.Tool.Tests.Mkisofs;

/// <summary>Command lines written as a shell would read them, for tests.</summary>
internal static class Argv
{
    /// <summary>Splits at blanks; '…' and "…" quote (no escapes inside '…'; \" and \\ inside "…"), as sh does.</summary>
    public static string[] Split(string commandLine)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < commandLine.Length; i++)
        {
            char c = commandLine[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                int end = commandLine.IndexOf('\'', i + 1);
                word.Append(commandLine, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; commandLine[i] != '"'; i++)
                {
                    if (commandLine[i] == '\\' && commandLine[i + 1] is '"' or '\\')
                        i++;
                    word.Append(commandLine[i]);
                }
            }
            else if (c == '\\' && i + 1 < commandLine.Length)
            {
                word.Append(commandLine[++i]);
            }
            else
            {
                word.Append(c);
            }
        }
        if (inWord)
            words.Add(word.ToString());
        return [.. words];
    }

    /// <summary>
    /// Parses a command line that starts with the program: "xorriso …" goes through the native door, "xorrisofs …"
    /// and "mkisofs …" through the mkisofs door.
    /// </summary>
    public static MkisofsRequest Parse(string commandLine)
    {
        string[] words = Split(commandLine);
        string program = Path.GetFileName(words[0]);
        return program == "xorriso" ? MkisofsCommandLine.ParseXorriso(words[1..]) : MkisofsCommandLine.ParseMkisofs(words[1..]);
    }

    /// <summary>The usage error a command line gives.</summary>
    public static MkisofsUsageException Refusal(string commandLine) => Assert.Throws<MkisofsUsageException>(() => Parse(commandLine));
}
