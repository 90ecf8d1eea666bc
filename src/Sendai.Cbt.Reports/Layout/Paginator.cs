namespace Sendai.Cbt.Reports.Layout;

/// <summary>A page's content blocks with their vertical offsets inside the content area.</summary>
internal sealed record PlacedPage(IReadOnlyList<(Block Block, double Y)> Blocks);

/// <summary>Distributes atomic blocks over pages of a fixed content height.</summary>
internal static class Paginator
{
    private const double Epsilon = 1e-6;

    public static List<PlacedPage> Paginate(IReadOnlyList<Block> blocks, double pageHeight)
    {
        var pages = new List<PlacedPage>();
        var current = new List<(Block, double)>();
        double y = 0;

        void NewPage()
        {
            pages.Add(new PlacedPage(current));
            current = [];
            y = 0;
        }

        for (int i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (block is PageBreakBlock)
            {
                if (current.Count > 0)
                    NewPage();
                continue;
            }
            if (block is SpaceBlock && current.Count == 0)
                continue;

            double needed = block.Height;
            if (block.KeepWithNext)
            {
                // The chain of kept blocks plus the first block after it must fit together.
                int j = i;
                while (j + 1 < blocks.Count && blocks[j].KeepWithNext && blocks[j + 1] is not PageBreakBlock)
                {
                    j++;
                    needed += blocks[j].Height;
                }
                if (needed > pageHeight)
                    needed = block.Height; // cannot be kept together anyway
            }

            if (current.Count > 0 && y + needed > pageHeight + Epsilon)
                NewPage();

            if (current.Count == 0 && block.RepeatHeader is { Count: > 0 } header)
            {
                foreach (var h in header)
                {
                    current.Add((h, y));
                    y += h.Height;
                }
            }

            current.Add((block, y));
            y += block.Height;
        }
        if (current.Count > 0 || pages.Count == 0)
            pages.Add(new PlacedPage(current));
        return pages;
    }
}
