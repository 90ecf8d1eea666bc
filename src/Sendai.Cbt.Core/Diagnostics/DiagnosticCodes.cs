namespace Sendai.Cbt.Diagnostics;

/// <summary>
/// The stable diagnostic codes. Codes never change meaning once published; tests assert codes and
/// positions, not wording. <see cref="Describe"/> gives a one-line description of each.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>File is larger than the 1 MiB limit for one item.</summary>
    public const string FileTooLarge = "CBT0001";
    /// <summary>File is not valid UTF-8.</summary>
    public const string InvalidUtf8 = "CBT0002";
    /// <summary>An item file has no YAML front matter (<c>---</c> block at the top).</summary>
    public const string MissingFrontMatter = "CBT0003";
    /// <summary>The YAML front matter (or form file) is malformed.</summary>
    public const string MalformedYaml = "CBT0004";
    /// <summary>Unknown front-matter or form key (ignored).</summary>
    public const string UnknownKey = "CBT0005";
    /// <summary>A required key is missing.</summary>
    public const string MissingKey = "CBT0006";
    /// <summary>A key has a value of the wrong kind or out of range.</summary>
    public const string InvalidValue = "CBT0007";
    /// <summary>Unknown item type.</summary>
    public const string UnknownType = "CBT0008";
    /// <summary>The front matter is not closed by a <c>---</c> line.</summary>
    public const string UnclosedFrontMatter = "CBT0009";
    /// <summary>A choice item has no correct choice.</summary>
    public const string NoCorrectChoice = "CBT0010";
    /// <summary>A single-answer <c>choice</c> item marks more than one choice correct.</summary>
    public const string MultipleCorrectInSingleChoice = "CBT0011";
    /// <summary>The body lacks the structure the item type needs (choices, ordered list, pairs table, blanks, rubric...).</summary>
    public const string MissingStructure = "CBT0012";
    /// <summary>Two items (or stimuli, or forms) share an id.</summary>
    public const string DuplicateId = "CBT0013";
    /// <summary>A form references an item that is not in the bank.</summary>
    public const string MissingItemReference = "CBT0014";
    /// <summary>An image has no alternative text.</summary>
    public const string ImageWithoutAlt = "CBT0015";
    /// <summary>A ruby annotation has an empty reading.</summary>
    public const string EmptyRubyReading = "CBT0016";
    /// <summary>A <c>:::</c> container is not closed.</summary>
    public const string UnclosedContainer = "CBT0017";
    /// <summary>A <c>:::</c> container has an unknown name.</summary>
    public const string UnknownContainer = "CBT0018";
    /// <summary>An item references a stimulus that is not in the bank.</summary>
    public const string MissingStimulusReference = "CBT0019";
    /// <summary>A cloze blank is malformed (empty, bad number, inline choice without a correct option).</summary>
    public const string MalformedBlank = "CBT0020";
    /// <summary>A program item's test case is malformed.</summary>
    public const string MalformedProgramTest = "CBT0021";
    /// <summary>A form references the same item twice.</summary>
    public const string DuplicateItemReference = "CBT0022";
    /// <summary>Raw HTML in item content is not rendered (it is shown as text).</summary>
    public const string RawHtml = "CBT0023";
    /// <summary>A link or image URL uses a scheme that is not allowed (for example <c>javascript:</c>).</summary>
    public const string UnsafeUrl = "CBT0024";
    /// <summary>Declared points differ from the points implied by the item's structure.</summary>
    public const string PointsMismatch = "CBT0025";
    /// <summary>Content that the item type does not use (for example a task list in a text item) is ignored.</summary>
    public const string IgnoredContent = "CBT0026";
    /// <summary>The id does not match the allowed pattern (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    public const string InvalidId = "CBT0027";
    /// <summary>A file in the bank folder could not be read.</summary>
    public const string UnreadableFile = "CBT0028";
    /// <summary>An item or form is empty (no prompt, no sections, no items).</summary>
    public const string EmptyContent = "CBT0029";
    /// <summary>Markdown nested deeper than a page can show (emphasis in emphasis in…, lists in lists in…).</summary>
    public const string NestedTooDeeply = "CBT0030";
    /// <summary>
    /// Answer content where it would be shown to students: an explanation, rubric, model-answer or hint container
    /// inside a list, quote or other container, or in a stimulus; solution code not at the top level; a second
    /// choice list in a choice item.
    /// </summary>
    public const string ExposedKeyContent = "CBT0031";
    /// <summary>A TeX command that could run script or change the page in a math renderer (<c>\href</c>, <c>\style</c>, <c>\def</c>…).</summary>
    public const string UnsafeMath = "CBT0032";

    // CBT0300–CBT0399: QTI export and import (Sendai.Cbt.Qti).

    /// <summary>QTI import: an element or attribute has no equivalent in the item model; it is kept as text or left out, and named in the message.</summary>
    public const string QtiUnsupportedContent = "CBT0300";
    /// <summary>QTI export: a TeX formula is outside the MathML converter's subset and is kept as TeX text.</summary>
    public const string QtiMathNotConverted = "CBT0301";
    /// <summary>QTI export: a program item becomes an extended-text item (QTI players have no sandbox); its tests are kept for scorers only.</summary>
    public const string QtiProgramAsExtendedText = "CBT0302";
    /// <summary>QTI import: the item uses an interaction (or a combination) the model cannot represent; the item is skipped.</summary>
    public const string QtiUnsupportedInteraction = "CBT0303";
    /// <summary>QTI import: the response-processing template URL is not one of the standard templates.</summary>
    public const string QtiUnknownTemplate = "CBT0304";
    /// <summary>QTI import: an XML document is not well formed, declares a DTD, or is not a QTI document.</summary>
    public const string QtiMalformedXml = "CBT0305";
    /// <summary>QTI import: a package limit was exceeded (entries, entry size, total size, compression ratio, document size or depth).</summary>
    public const string QtiPackageLimit = "CBT0306";
    /// <summary>QTI import: a zip entry or reference points outside the package (path traversal, absolute path).</summary>
    public const string QtiUnsafePath = "CBT0307";
    /// <summary>QTI import: a reference (manifest href, item reference, response declaration) points to nothing.</summary>
    public const string QtiMissingReference = "CBT0308";
    /// <summary>QTI import: response processing rules are not recognised; scoring is derived from the correct response and mapping.</summary>
    public const string QtiScoringApproximated = "CBT0309";
    /// <summary>QTI import: required metadata (subject, grade) is missing; a placeholder is used.</summary>
    public const string QtiMissingMetadata = "CBT0310";
    /// <summary>QTI import: an identifier is not a valid item id and was rewritten.</summary>
    public const string QtiIdentifierRewritten = "CBT0311";
    /// <summary>QTI export: a feature of the item has no exact QTI equivalent (normalisation, hints, weights); how it is approximated is in the message.</summary>
    public const string QtiLossyExport = "CBT0312";
    /// <summary>QTI import: the Markdown written for an imported item does not parse back (a bug: please report the file).</summary>
    public const string QtiRoundTripFailed = "CBT0313";
    // ---- Response files (CBT0100–CBT0199): problems in student response batches (CSV, MessagePack). ----

    /// <summary>A response file cannot be read: truncated or corrupt MessagePack, not UTF-8, I/O error. Rows before the damage are kept.</summary>
    public const string ResponseFileCorrupt = "CBT0100";
    /// <summary>A student id appears twice; the later row is rejected.</summary>
    public const string DuplicateStudent = "CBT0101";
    /// <summary>A column or record names an item that is not in the form; its responses are ignored.</summary>
    public const string UnknownResponseItem = "CBT0102";
    /// <summary>A response cannot be read for its item (unknown choice label, bad pair, value of the wrong kind); it is scored as invalid (0 points) and the row is kept.</summary>
    public const string InvalidResponse = "CBT0103";
    /// <summary>A row or record cannot be read (no student id, wrong structure); the row is rejected.</summary>
    public const string MalformedRow = "CBT0104";
    /// <summary>A form item has no column in the file; every student gets no response for it.</summary>
    public const string MissingItemColumn = "CBT0105";
    /// <summary>The file was written for another form or form version.</summary>
    public const string FormMismatch = "CBT0106";
    /// <summary>The file is not a response batch, or its schema version is not supported; nothing is read.</summary>
    public const string UnsupportedResponseFormat = "CBT0107";
    /// <summary>A value exceeds a limit (response length, item count, nesting depth); the cell is invalid or the row rejected.</summary>
    public const string ResponseLimitExceeded = "CBT0108";

    // ---- Result files and rosters (CBT0700–CBT0799): reading the outputs of cbt grade for cbt analyze and cbt report. ----

    /// <summary>A results file (results.msgpack, results.csv, items.msgpack) is truncated, corrupt, not a results file or of an unsupported version.</summary>
    public const string ResultFileCorrupt = "CBT0700";
    /// <summary>The results do not match the form: another form id, an item missing from the results (treated as pending) or an item the form does not have (ignored).</summary>
    public const string ResultFormMismatch = "CBT0701";
    /// <summary>A student row of a results file cannot be read (wrong length, unknown status, duplicate id, score out of range); the row is rejected.</summary>
    public const string ResultRowInvalid = "CBT0702";
    /// <summary>A roster row cannot be read (bad header, no student id, duplicate id); the row is ignored and the report falls back to the id.</summary>
    public const string RosterRowInvalid = "CBT0703";

    // Sessions, logs and packs (CBT05xx)
    /// <summary>CBT0500: not a session log, or unsupported log version.</summary>
    public const string LogNotALog = "CBT0500";
    /// <summary>CBT0501: torn final record (power loss during a write); cut off on recovery.</summary>
    public const string LogTornTail = "CBT0501";
    /// <summary>CBT0502: log record fails its check before the end of the log.</summary>
    public const string LogCorrupt = "CBT0502";
    /// <summary>CBT0503: log record passes its CRC but cannot be decoded (skipped).</summary>
    public const string LogUnreadableRecord = "CBT0503";
    /// <summary>CBT0504: log exceeds a size limit.</summary>
    public const string LogLimitExceeded = "CBT0504";
    /// <summary>CBT0505: two logs hold different events with the same id.</summary>
    public const string LogMergeConflict = "CBT0505";
    /// <summary>CBT0510: not an item-bank pack, or unsupported pack version.</summary>
    public const string PackNotAPack = "CBT0510";
    /// <summary>CBT0511: pack payload does not match its SHA-256 hash.</summary>
    public const string PackHashMismatch = "CBT0511";
    /// <summary>CBT0512: pack payload cannot be decoded.</summary>
    public const string PackCorrupt = "CBT0512";
    /// <summary>CBT0513: pack exceeds a size or count limit.</summary>
    public const string PackLimitExceeded = "CBT0513";

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        [FileTooLarge] = "file is larger than 1 MiB",
        [InvalidUtf8] = "file is not valid UTF-8",
        [MissingFrontMatter] = "item file has no YAML front matter",
        [MalformedYaml] = "malformed YAML",
        [UnknownKey] = "unknown key (ignored)",
        [MissingKey] = "required key is missing",
        [InvalidValue] = "invalid value",
        [UnknownType] = "unknown item type",
        [UnclosedFrontMatter] = "front matter is not closed by ---",
        [NoCorrectChoice] = "choice item has no correct choice",
        [MultipleCorrectInSingleChoice] = "single-answer choice item has more than one correct choice",
        [MissingStructure] = "item body lacks the structure its type needs",
        [DuplicateId] = "duplicate id",
        [MissingItemReference] = "form references a missing item",
        [ImageWithoutAlt] = "image without alternative text",
        [EmptyRubyReading] = "ruby with an empty reading",
        [UnclosedContainer] = "container is not closed",
        [UnknownContainer] = "unknown container name",
        [MissingStimulusReference] = "item references a missing stimulus",
        [MalformedBlank] = "malformed cloze blank",
        [MalformedProgramTest] = "malformed program test case",
        [DuplicateItemReference] = "form references the same item twice",
        [RawHtml] = "raw HTML is shown as text",
        [UnsafeUrl] = "URL scheme not allowed",
        [PointsMismatch] = "declared points differ from the item's structure",
        [IgnoredContent] = "content ignored for this item type",
        [InvalidId] = "invalid id",
        [UnreadableFile] = "file could not be read",
        [EmptyContent] = "empty item or form",
        [NestedTooDeeply] = "Markdown nested too deeply",
        [ExposedKeyContent] = "answer content where students would see it",
        [UnsafeMath] = "TeX command not allowed in item math",
        [QtiUnsupportedContent] = "QTI content without an equivalent in the item model",
        [QtiMathNotConverted] = "TeX kept as text (outside the MathML subset)",
        [QtiProgramAsExtendedText] = "program item exported as extended text",
        [QtiUnsupportedInteraction] = "QTI interaction not supported; item skipped",
        [QtiUnknownTemplate] = "unknown response-processing template",
        [QtiMalformedXml] = "XML not well formed, DTD present, or not QTI",
        [QtiPackageLimit] = "package limit exceeded",
        [QtiUnsafePath] = "path outside the package",
        [QtiMissingReference] = "QTI reference points to nothing",
        [QtiScoringApproximated] = "QTI scoring rules approximated",
        [QtiMissingMetadata] = "QTI item lacks subject or grade metadata",
        [QtiIdentifierRewritten] = "QTI identifier rewritten as a valid id",
        [QtiLossyExport] = "feature approximated in QTI export",
        [QtiRoundTripFailed] = "imported item does not parse back",
        [ResponseFileCorrupt] = "response file is truncated or corrupt",
        [DuplicateStudent] = "duplicate student id (later row rejected)",
        [UnknownResponseItem] = "response to an item that is not in the form (ignored)",
        [InvalidResponse] = "response cannot be read for its item (scored as invalid)",
        [MalformedRow] = "response row cannot be read (row rejected)",
        [MissingItemColumn] = "form item has no responses in the file",
        [FormMismatch] = "response file was written for another form or version",
        [UnsupportedResponseFormat] = "not a response batch, or unsupported schema version",
        [ResponseLimitExceeded] = "response value exceeds a limit",
        [ResultFileCorrupt] = "results file is truncated, corrupt or of an unsupported version",
        [ResultFormMismatch] = "results do not match the form",
        [ResultRowInvalid] = "results row cannot be read (row rejected)",
        [RosterRowInvalid] = "roster row cannot be read (ignored)",

        [LogNotALog] = "not a session log, or unsupported log version",
        [LogTornTail] = "torn final record (power loss during a write); cut off on recovery",
        [LogCorrupt] = "log record fails its check before the end of the log",
        [LogUnreadableRecord] = "log record passes its CRC but cannot be decoded (skipped)",
        [LogLimitExceeded] = "log exceeds a size limit",
        [LogMergeConflict] = "two logs hold different events with the same id",
        [PackNotAPack] = "not an item-bank pack, or unsupported pack version",
        [PackHashMismatch] = "pack payload does not match its SHA-256 hash",
        [PackCorrupt] = "pack payload cannot be decoded",
        [PackLimitExceeded] = "pack exceeds a size or count limit",
    };

    /// <summary>All codes with their one-line descriptions, in code order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> All { get; } =
        Descriptions.OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();

    /// <summary>One-line English description of a code, or <c>null</c> for an unknown code.</summary>
    public static string? Describe(string code) => Descriptions.GetValueOrDefault(code);
}
