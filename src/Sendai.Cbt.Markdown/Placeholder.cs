namespace Sendai.Cbt; internal static class Placeholder { }
