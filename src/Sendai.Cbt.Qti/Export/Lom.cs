using System.Globalization;
using System.Xml.Linq;
using Sendai.Cbt.Forms;
using Sendai.Cbt.Items;
using Sendai.Cbt.Qti.Xml;

namespace Sendai.Cbt.Qti.Export;

/// <summary>
/// Item metadata as IEEE LOM in the manifest. Each field is a classification taxon path whose source names the
/// field (<c>sendai-cbt:subject</c>, <c>:grade</c>, <c>:domain</c>, <c>:viewpoint</c>, <c>:format</c>, <c>:curriculum</c>, <c>:kind</c>);
/// tags are keywords, the title is general/title, a form's version is lifeCycle/version.
/// </summary>
internal static class Lom
{
    public const string Catalog = "sendai-cbt";
    private static XName L(string n) => QtiXml.Lom + n;

    private static XElement LangString(string text, string lang = "ja") => new(L("string"), new XAttribute("language", lang), text);

    private static XElement General(string id, string? title, IEnumerable<string> keywords) =>
        new(L("general"),
            new XElement(L("identifier"), new XElement(L("catalog"), Catalog), new XElement(L("entry"), id)),
            title is null ? null : new XElement(L("title"), LangString(title)),
            new XElement(L("language"), "ja"),
            keywords.Select(k => new XElement(L("keyword"), LangString(k))));

    private static XElement Classification(string purpose, params (string Field, string? Id, string? Entry)[] fields)
    {
        var c = new XElement(L("classification"), new XElement(L("purpose"), new XElement(L("source"), "LOMv1.0"), new XElement(L("value"), purpose)));
        foreach (var (field, id, entry) in fields)
        {
            if (entry is null) continue;
            c.Add(new XElement(L("taxonPath"),
                new XElement(L("source"), LangString(Catalog + ":" + field, "x-none")),
                new XElement(L("taxon"), id is null ? null : new XElement(L("id"), id), new XElement(L("entry"), LangString(entry)))));
        }
        return c;
    }

    public static XElement ForItem(Item item)
    {
        var m = item.Metadata;
        var lom = new XElement(L("lom"), General(item.Id, m.Title, m.Tags));
        lom.Add(Classification("discipline", ("subject", null, m.Subject), ("domain", null, m.Domain)));
        lom.Add(Classification("educational level", ("grade", m.Grade.ToString(CultureInfo.InvariantCulture), GradeLabel(m.Grade))));
        if (m.Viewpoint is Viewpoint vp) lom.Add(Classification("competency", ("viewpoint", vp.ToString().ToLowerInvariant(), ItemNames.Japanese(vp))));
        lom.Add(Classification("idea", ("format", FormatKey(m.Format), ItemNames.Japanese(m.Format)), ("type", null, ItemNames.Key(item.Type))));
        if (m.Curriculum is not null) lom.Add(Classification("educational objective", ("curriculum", null, m.Curriculum)));
        return lom;
    }

    public static XElement ForStimulus(Stimulus s)
    {
        var lom = new XElement(L("lom"), General(s.Id, s.Title, []));
        if (s.Subject is not null) lom.Add(Classification("discipline", ("subject", null, s.Subject)));
        if (s.Grade is int g) lom.Add(Classification("educational level", ("grade", g.ToString(CultureInfo.InvariantCulture), GradeLabel(g))));
        return lom;
    }

    public static XElement ForForm(TestForm f)
    {
        var lom = new XElement(L("lom"), General(f.Id, f.Title, []),
            new XElement(L("lifeCycle"), new XElement(L("version"), LangString(f.Version, "x-none"))));
        if (f.Subject is not null) lom.Add(Classification("discipline", ("subject", null, f.Subject)));
        if (f.Grade is int g) lom.Add(Classification("educational level", ("grade", g.ToString(CultureInfo.InvariantCulture), GradeLabel(g))));
        lom.Add(Classification("idea", ("kind", f.Kind.ToString().ToLowerInvariant(), f.Kind.ToString().ToLowerInvariant())));
        return lom;
    }

    public static string FormatKey(ItemFormat f) => f switch
    {
        ItemFormat.Selected => "selected",
        ItemFormat.ShortAnswer => "short",
        _ => "constructed",
    };

    /// <summary>小1–小6, 中1–中3, 高1–高3.</summary>
    public static string GradeLabel(int grade) => grade switch
    {
        <= 6 => "小" + grade.ToString(CultureInfo.InvariantCulture),
        <= 9 => "中" + (grade - 6).ToString(CultureInfo.InvariantCulture),
        _ => "高" + (grade - 9).ToString(CultureInfo.InvariantCulture),
    };
}
