using System.Xml.Linq;

namespace Sendai.Cbt.Qti.Xml;

/// <summary>Builders for response-processing elements (3.0 names) and the standard template URLs.</summary>
internal static class Rp
{
    private static XName N(string n) => QtiXml.V3 + n;

    public const string MatchCorrectV3 = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml";
    public const string MapResponseV3 = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml";
    public const string MatchCorrectV22 = "http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct";
    public const string MapResponseV22 = "http://www.imsglobal.org/question/qti_v2p2/rptemplates/map_response";

    public static XElement Var(string id) => new(N("qti-variable"), new XAttribute("identifier", id));
    public static XElement Correct(string id) => new(N("qti-correct"), new XAttribute("identifier", id));
    public static XElement Float(decimal v) => new(N("qti-base-value"), new XAttribute("base-type", "float"), QtiXml.Invariant(v));
    public static XElement Ident(string v) => new(N("qti-base-value"), new XAttribute("base-type", "identifier"), v);
    public static XElement Match(XElement a, XElement b) => new(N("qti-match"), a, b);
    public static XElement IsNull(XElement a) => new(N("qti-is-null"), a);
    public static XElement Not(XElement a) => new(N("qti-not"), a);
    public static XElement Member(XElement a, XElement container) => new(N("qti-member"), a, container);
    public static XElement Sum(params XElement[] xs) => new(N("qti-sum"), xs);
    public static XElement MapResponse(string id) => new(N("qti-map-response"), new XAttribute("identifier", id));
    public static XElement Set(string id, XElement expr) => new(N("qti-set-outcome-value"), new XAttribute("identifier", id), expr);
    public static XElement SetScore(XElement expr) => Set("SCORE", expr);
    public static XElement AddScore(XElement expr) => Set("SCORE", Sum(Var("SCORE"), expr));

    public static XElement If(XElement cond, IEnumerable<XElement> then, IEnumerable<XElement>? otherwise = null)
    {
        var rc = new XElement(N("qti-response-condition"), new XElement(N("qti-response-if"), cond, then));
        if (otherwise is not null) rc.Add(new XElement(N("qti-response-else"), otherwise));
        return rc;
    }

    public static XElement Equal(XElement a, XElement b, decimal tolerance, bool relative)
    {
        var e = new XElement(N("qti-equal"), a, b);
        if (tolerance > 0)
        {
            // QTI: relative tolerance is a percentage.
            var t = relative ? tolerance * 100m : tolerance;
            e.SetAttributeValue("tolerance-mode", relative ? "relative" : "absolute");
            e.SetAttributeValue("tolerance", QtiXml.Invariant(t) + " " + QtiXml.Invariant(t));
        }
        else e.SetAttributeValue("tolerance-mode", "exact");
        return e;
    }

    /// <summary>The rules of the match_correct template, for items that need extra rules (feedback).</summary>
    public static IEnumerable<XElement> MatchCorrectRules(string rid) =>
        [If(Match(Var(rid), Correct(rid)), [SetScore(Float(1))], [SetScore(Float(0))])];

    /// <summary>The rules of the map_response template.</summary>
    public static IEnumerable<XElement> MapResponseRules(string rid) =>
        [If(IsNull(Var(rid)), [SetScore(Float(0))], [SetScore(MapResponse(rid))])];
}
