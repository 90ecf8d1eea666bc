namespace Sendai.Cbt.Qti.Import;

/// <summary>The standard response-processing templates.</summary>
internal enum RpTemplate
{
    /// <summary>No template attribute, or an empty one.</summary>
    None,
    MatchCorrect,
    MapResponse,
    MapResponsePoint,
    /// <summary>TAO's "no response processing" (<c>NONE</c>, <c>no_response_processing</c>).</summary>
    NoResponseProcessing,
    Unknown,
}

/// <summary>
/// Recognises every spelling of the template URLs that TAO (taoQtiItem, qti-sdk) accepts, and a few more:
/// http or https; host www.imsglobal.org, imsglobal.org or purl.imsglobal.org; paths question/qti_v2p0|v2p1|v2p2|v3p0/rptemplates/
/// and spec/qti/v3p0/rptemplates/; with or without .xml; any letter case; the short names MATCH_CORRECT, MAP_RESPONSE,
/// MAP_RESPONSE_POINT, NONE, no_response_processing (and match_correct etc.); an empty attribute means no template.
/// </summary>
internal static class TemplateUrls
{
    private static readonly string[] Prefixes =
    [
        "www.imsglobal.org/question/qti_v2p0/rptemplates/",
        "www.imsglobal.org/question/qti_v2p1/rptemplates/",
        "www.imsglobal.org/question/qti_v2p2/rptemplates/",
        "www.imsglobal.org/question/qti_v3p0/rptemplates/",
        "imsglobal.org/question/qti_v2p0/rptemplates/",
        "imsglobal.org/question/qti_v2p1/rptemplates/",
        "imsglobal.org/question/qti_v2p2/rptemplates/",
        "imsglobal.org/question/qti_v3p0/rptemplates/",
        "purl.imsglobal.org/spec/qti/v3p0/rptemplates/",
        "www.imsglobal.org/spec/qti/v3p0/rptemplates/",
    ];

    public static RpTemplate Classify(string? template)
    {
        if (template is null) return RpTemplate.None;
        var t = template.Trim();
        if (t.Length == 0) return RpTemplate.None;
        var lower = t.ToLowerInvariant();
        switch (lower)
        {
            case "match_correct": return RpTemplate.MatchCorrect;
            case "map_response": return RpTemplate.MapResponse;
            case "map_response_point": return RpTemplate.MapResponsePoint;
            case "none": case "no_response_processing": return RpTemplate.NoResponseProcessing;
        }
        if (lower.StartsWith("https://", StringComparison.Ordinal)) lower = lower[8..];
        else if (lower.StartsWith("http://", StringComparison.Ordinal)) lower = lower[7..];
        else return RpTemplate.Unknown;
        if (lower.EndsWith(".xml", StringComparison.Ordinal)) lower = lower[..^4];
        foreach (var p in Prefixes)
        {
            if (!lower.StartsWith(p, StringComparison.Ordinal)) continue;
            return lower[p.Length..] switch
            {
                "match_correct" => RpTemplate.MatchCorrect,
                "map_response" => RpTemplate.MapResponse,
                "map_response_point" => RpTemplate.MapResponsePoint,
                _ => RpTemplate.Unknown,
            };
        }
        return RpTemplate.Unknown;
    }
}
