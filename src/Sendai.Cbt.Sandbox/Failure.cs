using System.Text.RegularExpressions;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Sendai.Cbt.Sandbox;

/// <summary>Why a run stopped, turned from an exception into a value.</summary>
internal sealed record Failure(ProgramOutcome Outcome, SandboxLimit Limit, string? Message, int? Line, int? Column)
{
    public static Failure LimitHit(SandboxLimit limit, int? line = null) => new(ProgramOutcome.LimitExceeded, limit, null, line, null);

    public static Failure From(Exception e, CancellationToken ct)
    {
        switch (e)
        {
            case StatementsCountOverflowException: return LimitHit(SandboxLimit.Statements);
            case MemoryLimitExceededException m: return LimitHit(m.Message.Contains("array size", StringComparison.Ordinal) ? SandboxLimit.ArraySize : SandboxLimit.Memory);
            case OperationCanceledException: return LimitHit(ct.IsCancellationRequested ? SandboxLimit.Cancelled : SandboxLimit.Time);
            case RecursionDepthOverflowException: return LimitHit(SandboxLimit.Recursion);
            case InsufficientExecutionStackException: return LimitHit(SandboxLimit.Recursion);
            case RegexMatchTimeoutException: return LimitHit(SandboxLimit.Regex);
            case TimeoutException: return LimitHit(SandboxLimit.Time);
            case Acornima.ParseErrorException p: return new(ProgramOutcome.SyntaxError, SandboxLimit.None, Short(p.Description), p.LineNumber, p.Column);
            case Jint.ScriptPreparationException s when s.InnerException is Acornima.ParseErrorException p:
                return new(ProgramOutcome.SyntaxError, SandboxLimit.None, Short(p.Description), p.LineNumber, p.Column);
            case Jint.ScriptPreparationException s when s.InnerException is InsufficientExecutionStackException || s.Message.Contains("nesting", StringComparison.OrdinalIgnoreCase):
                return LimitHit(SandboxLimit.Nesting);
            case JavaScriptException js: return FromThrown(js.Error, js.Location.Start.Line);
            case PromiseRejectedException pr: return FromThrown(pr.RejectedValue, null);
            case Jint.JintException j: return new(ProgramOutcome.RuntimeError, SandboxLimit.None, Short(j.Message), null, null);
            default: return new(ProgramOutcome.RuntimeError, SandboxLimit.None, "内部エラー: " + e.GetType().Name, null, null);
        }
    }

    private static Failure FromThrown(JsValue error, int? line)
    {
        var message = ThrownText(error);
        if (line is 0) line = null;
        if (error is ObjectInstance o && ReadData(o, "name") is "RangeError")
        {
            if (message.Contains("Maximum call stack size exceeded", StringComparison.Ordinal)) return LimitHit(SandboxLimit.Recursion, line);
            if (message.Contains("Invalid string length", StringComparison.Ordinal)) return LimitHit(SandboxLimit.StringLength, line);
            if (message.Contains("Maximum BigInt size", StringComparison.Ordinal)) return LimitHit(SandboxLimit.Memory, line);
            if (message.Contains("Invalid array length", StringComparison.Ordinal)) return LimitHit(SandboxLimit.ArraySize, line);
        }
        return new(ProgramOutcome.RuntimeError, SandboxLimit.None, message, line, null);
    }

    /// <summary>"Name: message" of a thrown value, read from data properties only (no getters, no toString).</summary>
    private static string ThrownText(JsValue error)
    {
        if (error is ObjectInstance o)
        {
            var name = ReadData(o, "name");
            var msg = ReadData(o, "message");
            if (name is not null || msg is not null) return Short(name is null ? msg! : msg is null or "" ? name : name + ": " + msg);
            return Short("例外 " + Values.Display(Values.FromJs(error), 120));
        }
        return Short("例外 " + Values.Display(Values.FromJs(error), 120));
    }

    private static string? ReadData(ObjectInstance o, string key)
    {
        ObjectInstance? current = o;
        for (int i = 0; i < 8 && current is not null; i++)
        {
            if (current.GetType().Name.Contains("Proxy", StringComparison.Ordinal)) return null;
            var d = current.GetOwnProperty(key);
            if (d != Jint.Runtime.Descriptors.PropertyDescriptor.Undefined)
                return d.IsDataDescriptor() && d.Value.Type == Types.String ? d.Value.ToString() : null;
            current = current.Prototype;
        }
        return null;
    }

    private static string Short(string s) => s.Length > 300 ? s[..300] + "…" : s;
}
