using System.Globalization;

namespace Sendai.Cbt.Scoring;

/// <summary>A part of a response inside <see cref="ResponseScratch.Buffer"/>; <see cref="Length"/> &lt; 0 marks a null part (unanswered blank).</summary>
internal readonly record struct PartRange(int Start, int Length)
{
    public bool IsNull => Length < 0;
}

/// <summary>How the scratch was filled.</summary>
internal enum InputKind : byte
{
    None,
    Raw,
    Parts,
    Essay,
    /// <summary>The reader found a value of the wrong kind; <see cref="ResponseScratch.InvalidMessage"/> says what.</summary>
    Invalid,
}

/// <summary>
/// Per-thread, reused buffers holding one response while it is scored: readers (CSV, MessagePack, the model)
/// decode into it so that every input format goes through the same scoring code without allocating.
/// </summary>
internal sealed class ResponseScratch
{
    public char[] Buffer = new char[256];
    public int Length;
    public PartRange[] Parts = new PartRange[16];
    public int PartCount;
    public InputKind Kind;
    public bool HasRubric;
    public decimal Rubric;
    public string? InvalidMessage;
    public string InvalidCode = Diagnostics.DiagnosticCodes.InvalidResponse;

    /// <summary>Second buffer for normalised text.</summary>
    public char[] Norm = new char[256];

    /// <summary>Length of the text last normalised into <see cref="Norm"/> by an answer key; -1 when none.</summary>
    public int NormLength = -1;

    /// <summary>Parts after splitting a raw value on ';'.</summary>
    public PartRange[] Split = new PartRange[16];

    public void Reset(InputKind kind)
    {
        Kind = kind;
        Length = 0;
        PartCount = 0;
        HasRubric = false;
        Rubric = 0;
        InvalidMessage = null;
    }

    public void SetInvalid(string message, string code = Diagnostics.DiagnosticCodes.InvalidResponse)
    {
        Kind = InputKind.Invalid;
        InvalidMessage = message;
        InvalidCode = code;
    }

    /// <summary>The diagnostic code for an invalid outcome of the current response.</summary>
    public string CodeForInvalid => Kind == InputKind.Invalid ? InvalidCode : Diagnostics.DiagnosticCodes.InvalidResponse;

    /// <summary>Reserves room for <paramref name="chars"/> more characters and returns the span to write into.</summary>
    public Span<char> Reserve(int chars)
    {
        if (Length + chars > Buffer.Length)
        {
            Array.Resize(ref Buffer, Math.Max(Buffer.Length * 2, Length + chars));
        }

        return Buffer.AsSpan(Length, chars);
    }

    /// <summary>Records the next <paramref name="written"/> characters after <see cref="Length"/> as a part.</summary>
    public void CommitPart(int written)
    {
        AddPart(new PartRange(Length, written));
        Length += written;
    }

    public void AddNullPart() => AddPart(new PartRange(Length, -1));

    public void AppendPart(ReadOnlySpan<char> text)
    {
        text.CopyTo(Reserve(text.Length));
        CommitPart(text.Length);
    }

    public void AppendNumberPart(double value)
    {
        Span<char> tmp = stackalloc char[32];
        value.TryFormat(tmp, out int n, "R", CultureInfo.InvariantCulture);
        AppendPart(tmp[..n]);
    }

    public void AppendNumberPart(long value)
    {
        Span<char> tmp = stackalloc char[24];
        value.TryFormat(tmp, out int n, default, CultureInfo.InvariantCulture);
        AppendPart(tmp[..n]);
    }

    private void AddPart(PartRange part)
    {
        if (PartCount == Parts.Length)
        {
            Array.Resize(ref Parts, Parts.Length * 2);
        }

        Parts[PartCount++] = part;
    }

    public ReadOnlySpan<char> Text(PartRange part) => part.IsNull ? default : Buffer.AsSpan(part.Start, part.Length);

    public Span<char> NormBuffer(int length)
    {
        if (Norm.Length < length)
        {
            Norm = new char[Math.Max(Norm.Length * 2, length)];
        }

        return Norm;
    }

    /// <summary>
    /// The parts of a multi-part response: the parts themselves, or a raw value split on ';' (full-width ；too).
    /// </summary>
    public ReadOnlySpan<PartRange> MultiParts()
    {
        if (Kind == InputKind.Parts)
        {
            return Parts.AsSpan(0, PartCount);
        }

        if (PartCount == 0)
        {
            return default;
        }

        var whole = Parts[0];
        int count = 0;
        int start = whole.Start;
        int end = whole.Start + whole.Length;
        for (int i = start; i <= end; i++)
        {
            if (i == end || Buffer[i] == ';' || Buffer[i] == '；')
            {
                if (count == Split.Length)
                {
                    Array.Resize(ref Split, Split.Length * 2);
                }

                Split[count++] = new PartRange(start, i - start);
                start = i + 1;
            }
        }

        return Split.AsSpan(0, count);
    }

    /// <summary>The single value of a one-value response, or false when the response has several parts.</summary>
    public bool TrySingle(out ReadOnlySpan<char> text)
    {
        text = default;
        if (PartCount == 1)
        {
            text = Text(Parts[0]);
            return !Parts[0].IsNull || Kind == InputKind.Essay;
        }

        return PartCount == 0 && Kind == InputKind.Essay;
    }

    /// <summary>Fills the scratch from the model.</summary>
    public void Load(ItemResponse response)
    {
        switch (response.Kind)
        {
            case ResponseKind.None:
                Reset(InputKind.None);
                break;
            case ResponseKind.Raw:
                Reset(InputKind.Raw);
                AppendPart(response.Parts[0]);
                break;
            case ResponseKind.Essay:
                Reset(InputKind.Essay);
                if (response.Parts[0] is { } t) AppendPart(t); else AddNullPart();
                if (response.RubricScore is { } r)
                {
                    HasRubric = true;
                    Rubric = r;
                }

                break;
            default:
                Reset(InputKind.Parts);
                foreach (var p in response.Parts)
                {
                    if (p is null) AddNullPart(); else AppendPart(p);
                }

                break;
        }
    }
}
