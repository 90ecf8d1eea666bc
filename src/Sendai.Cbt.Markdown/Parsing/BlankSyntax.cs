using System.Collections.Immutable;
using Sendai.Cbt.Diagnostics;
using Sendai.Cbt.Items;

namespace Sendai.Cbt.Markdown.Parsing;

/// <summary>
/// The syntax inside <c>[[...]]</c>: text <c>答え|別解</c>, numeric <c>=12.5~0.1 cm</c>, inline choice
/// <c>?北|*南|東</c>; an optional <c>@points</c> suffix.
/// </summary>
internal static class BlankSyntax
{
    public static ClozeBlank? Parse(string raw, int number, SourceLocation at, out string? error)
    {
        error = null;
        var text = raw.Trim();
        decimal points = 1m;
        int atSign = text.LastIndexOf('@');
        if (atSign >= 0)
        {
            var p = text[(atSign + 1)..].Trim();
            if (!YamlMap.TryDecimal(p, out points) || points < 0 || points > 10_000m)
            {
                error = $"blank {number}: '@{p}' is not a number of points from 0 to 10000";
                return null;
            }
            text = text[..atSign].Trim();
        }
        if (text.Length == 0)
        {
            error = $"blank {number} is empty";
            return null;
        }
        if (text[0] == '=')
        {
            var spec = text[1..].Trim();
            string? unit = null;
            int space = spec.IndexOfAny([' ', '\u3000']);
            if (space > 0)
            {
                unit = spec[(space + 1)..].Trim();
                spec = spec[..space];
                if (unit.Length == 0) unit = null;
            }
            decimal tolerance = 0;
            int tilde = spec.IndexOf('~');
            if (tilde >= 0)
            {
                if (!YamlMap.TryDecimal(spec[(tilde + 1)..], out tolerance) || tolerance < 0)
                {
                    error = $"blank {number}: tolerance '{spec[(tilde + 1)..]}' is not a non-negative number";
                    return null;
                }
                spec = spec[..tilde];
            }
            if (!YamlMap.TryDecimal(spec, out var value))
            {
                error = $"blank {number}: '{spec}' is not a number";
                return null;
            }
            return new NumericBlank { Number = number, Value = value, Tolerance = tolerance, Unit = unit, Points = points, Source = at };
        }
        if (text[0] == '?')
        {
            var options = text[1..].Split('|');
            var list = ImmutableArray.CreateBuilder<string>();
            int correct = -1;
            for (int i = 0; i < options.Length; i++)
            {
                var o = options[i].Trim();
                if (o.StartsWith('*'))
                {
                    if (correct >= 0)
                    {
                        error = $"blank {number}: more than one option is marked correct with '*'";
                        return null;
                    }
                    correct = i;
                    o = o[1..].Trim();
                }
                if (o.Length == 0)
                {
                    error = $"blank {number}: option {i + 1} is empty";
                    return null;
                }
                list.Add(o);
            }
            if (list.Count < 2)
            {
                error = $"blank {number}: an inline choice needs at least two options separated by '|'";
                return null;
            }
            if (correct < 0)
            {
                error = $"blank {number}: mark the correct option with '*'";
                return null;
            }
            return new ChoiceBlank { Number = number, Options = list.ToImmutable(), CorrectIndex = correct, Points = points, Source = at };
        }
        var answers = text.Split('|').Select(a => a.Trim()).ToArray();
        if (answers.Any(a => a.Length == 0))
        {
            error = $"blank {number}: an accepted answer is empty";
            return null;
        }
        return new TextBlank { Number = number, Answers = [.. answers], Points = points, Source = at };
    }
}
