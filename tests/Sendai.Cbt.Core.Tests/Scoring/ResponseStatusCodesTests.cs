using Sendai.Cbt.Scoring;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Scoring;

public class ResponseStatusCodesTests
{
    [Fact]
    public void Every_status_has_its_own_letter_and_reads_back()
    {
        var statuses = Enum.GetValues<ResponseStatus>();
        Assert.Equal(statuses.Length, statuses.Select(ResponseStatusCodes.ToCode).Distinct().Count());
        foreach (var s in statuses)
        {
            Assert.True(ResponseStatusCodes.TryParse([ResponseStatusCodes.ToCode(s)], out var back));
            Assert.Equal(s, back);
        }
        Assert.Equal("CPWXN?-", string.Concat(new[] { ResponseStatus.Correct, ResponseStatus.Partial, ResponseStatus.Wrong, ResponseStatus.Invalid, ResponseStatus.NoResponse, ResponseStatus.Pending, ResponseStatus.Unscored }.Select(ResponseStatusCodes.ToCode)));
        Assert.False(ResponseStatusCodes.TryParse("c", out _));
        Assert.False(ResponseStatusCodes.TryParse("CC", out _));
        Assert.False(ResponseStatusCodes.TryParse("", out _));
    }
}
