using Sendai.Cbt.Items;
using Xunit;

namespace Sendai.Cbt.Core.Tests.Items;

public class DisplayOrderTests
{
    private static bool IsPermutation(int[] p) => p.Order().SequenceEqual(Enumerable.Range(0, p.Length));

    [Fact]
    public void Without_a_secret_the_order_is_the_published_one()
    {
        // Pinned: changing these relabels every published order and match item.
        Assert.Equal([1, 0], DisplayOrder.Permutation(2, "any-id"));
        Assert.Equal(DisplayOrder.Permutation(5, "kokugo-g3-dictionary-order-01"), DisplayOrder.Permutation(5, "kokugo-g3-dictionary-order-01", null));
        Assert.Equal(DisplayOrder.Permutation(5, "x"), DisplayOrder.Permutation(5, "x", ""));
    }

    [Fact]
    public void With_a_secret_the_order_is_a_stable_permutation_that_depends_on_the_secret()
    {
        var ids = Enumerable.Range(0, 200).Select(i => "item-" + i).ToArray();
        int differs = 0;
        foreach (var id in ids)
        {
            var a = DisplayOrder.Permutation(4, id, "学校の秘密-1");
            Assert.True(IsPermutation(a));
            Assert.Equal(a, DisplayOrder.Permutation(4, id, "学校の秘密-1"));
            Assert.NotEqual([0, 1, 2, 3], a);
            if (!a.SequenceEqual(DisplayOrder.Permutation(4, id, "学校の秘密-2"))) differs++;
        }
        Assert.True(differs > 150, $"only {differs} of 200 orders changed with the secret");
    }

    [Fact]
    public void With_a_secret_two_entries_come_in_either_order()
    {
        // Never swapping two entries would give the key away by itself ("it is always the other way round").
        var orders = Enumerable.Range(0, 100).Select(i => DisplayOrder.Permutation(2, "item-" + i, "secret")[0]).ToArray();
        Assert.InRange(orders.Count(o => o == 0), 25, 75);
    }
}
