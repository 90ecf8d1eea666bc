namespace Sendai.Cbt.Items;

/// <summary>The item types of the item format.</summary>
public enum ItemType
{
    /// <summary>One correct choice (<c>choice</c>).</summary>
    Choice,
    /// <summary>Several correct choices (<c>multiple</c>).</summary>
    Multiple,
    /// <summary>Short answer matched against accepted answers (<c>text</c>).</summary>
    Text,
    /// <summary>A number with tolerance and optional unit (<c>numeric</c>).</summary>
    Numeric,
    /// <summary>Put entries in the right order (<c>order</c>).</summary>
    Order,
    /// <summary>Match left entries to right entries (<c>match</c>).</summary>
    Match,
    /// <summary>Blanks inside the text (<c>cloze</c>).</summary>
    Cloze,
    /// <summary>Free writing scored by a teacher with a rubric (<c>essay</c>).</summary>
    Essay,
    /// <summary>A JavaScript programming exercise (<c>program</c>).</summary>
    Program,
    /// <summary>An unscored questionnaire question (<c>survey</c>).</summary>
    Survey,
}

/// <summary>問題形式: the response format reported to teachers.</summary>
public enum ItemFormat
{
    /// <summary>選択式 (selected response).</summary>
    Selected,
    /// <summary>短答式 (short answer).</summary>
    ShortAnswer,
    /// <summary>記述式 (constructed response).</summary>
    Constructed,
}

/// <summary>観点: the three evaluation viewpoints of the 2017 course of study.</summary>
public enum Viewpoint
{
    /// <summary>知識・技能.</summary>
    Knowledge,
    /// <summary>思考・判断・表現.</summary>
    Thinking,
    /// <summary>主体的に学習に取り組む態度.</summary>
    Attitude,
}

/// <summary>Writing direction of an item or stimulus.</summary>
public enum WritingMode
{
    /// <summary>横書き (default).</summary>
    Horizontal,
    /// <summary>縦書き: vertical right-to-left, used for 国語.</summary>
    Vertical,
}

/// <summary>How a <c>multiple</c> item is scored.</summary>
public enum MultipleScoring
{
    /// <summary>Full points only when exactly the correct set is marked.</summary>
    AllOrNothing,
    /// <summary>Each choice answered rightly (marked if correct, unmarked if wrong) earns its share.</summary>
    PerChoice,
    /// <summary>+share for each correct mark, −share for each wrong mark, floor 0.</summary>
    RightMinusWrong,
}

/// <summary>How a numeric tolerance is interpreted.</summary>
public enum ToleranceKind
{
    /// <summary>|answer − value| ≤ tolerance.</summary>
    Absolute,
    /// <summary>|answer − value| ≤ tolerance × |value|.</summary>
    Relative,
}

/// <summary>How a program test compares the returned value with the expected one.</summary>
public enum ProgramComparison
{
    /// <summary>Strict equality of the JSON values (strings, numbers, booleans, null).</summary>
    Exact,
    /// <summary>Strings equal after collapsing whitespace and trimming.</summary>
    IgnoreWhitespace,
    /// <summary>Numbers equal within the test's tolerance.</summary>
    Numeric,
    /// <summary>Deep structural equality of arrays and objects.</summary>
    Deep,
}

/// <summary>The kind of a survey question.</summary>
public enum SurveyKind
{
    /// <summary>A rating scale (for example 1–5).</summary>
    Rating,
    /// <summary>One option from a list.</summary>
    Choice,
    /// <summary>Several options from a list.</summary>
    MultipleChoice,
    /// <summary>Free comment.</summary>
    Comment,
}

/// <summary>Names used in item files and reports for the enums, in English and Japanese.</summary>
public static class ItemNames
{
    /// <summary>The front-matter spelling of an item type (<c>choice</c>, <c>multiple</c>...).</summary>
    public static string Key(ItemType type) => type.ToString().ToLowerInvariant();

    /// <summary>Japanese label of a format: 選択式, 短答式, 記述式.</summary>
    public static string Japanese(ItemFormat format) => format switch
    {
        ItemFormat.Selected => "選択式",
        ItemFormat.ShortAnswer => "短答式",
        _ => "記述式",
    };

    /// <summary>Japanese label of a viewpoint.</summary>
    public static string Japanese(Viewpoint viewpoint) => viewpoint switch
    {
        Viewpoint.Knowledge => "知識・技能",
        Viewpoint.Thinking => "思考・判断・表現",
        _ => "主体的に学習に取り組む態度",
    };

    /// <summary>The default format of a type when the front matter does not say.</summary>
    public static ItemFormat DefaultFormat(ItemType type) => type switch
    {
        ItemType.Choice or ItemType.Multiple or ItemType.Order or ItemType.Match or ItemType.Survey => ItemFormat.Selected,
        ItemType.Text or ItemType.Numeric or ItemType.Cloze => ItemFormat.ShortAnswer,
        _ => ItemFormat.Constructed,
    };

    /// <summary>Parses a type key; case-insensitive.</summary>
    public static bool TryParseType(string? text, out ItemType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        switch (text.Trim().ToLowerInvariant())
        {
            case "choice": type = ItemType.Choice; return true;
            case "multiple": type = ItemType.Multiple; return true;
            case "text": type = ItemType.Text; return true;
            case "numeric": type = ItemType.Numeric; return true;
            case "order": type = ItemType.Order; return true;
            case "match": type = ItemType.Match; return true;
            case "cloze": type = ItemType.Cloze; return true;
            case "essay": type = ItemType.Essay; return true;
            case "program": type = ItemType.Program; return true;
            case "survey": type = ItemType.Survey; return true;
            default: return false;
        }
    }

    /// <summary>Parses 選択式/短答式/記述式 or selected/short/constructed.</summary>
    public static bool TryParseFormat(string? text, out ItemFormat format)
    {
        format = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "選択式": case "selected": case "selected-response": format = ItemFormat.Selected; return true;
            case "短答式": case "short": case "short-answer": format = ItemFormat.ShortAnswer; return true;
            case "記述式": case "constructed": case "constructed-response": format = ItemFormat.Constructed; return true;
            default: return false;
        }
    }

    /// <summary>Parses a viewpoint in Japanese (知識・技能, 思考・判断・表現, 主体的に学習に取り組む態度, also 知識 / 思考 / 態度) or English (knowledge, thinking, attitude).</summary>
    public static bool TryParseViewpoint(string? text, out Viewpoint viewpoint)
    {
        viewpoint = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "知識・技能": case "知識及び技能": case "知識": case "技能": case "knowledge": viewpoint = Viewpoint.Knowledge; return true;
            case "思考・判断・表現": case "思考力・判断力・表現力": case "思考": case "thinking": viewpoint = Viewpoint.Thinking; return true;
            case "主体的に学習に取り組む態度": case "態度": case "主体的態度": case "attitude": viewpoint = Viewpoint.Attitude; return true;
            default: return false;
        }
    }
}
