using Sendai.Cbt.Reports.Layout;

namespace Sendai.Cbt.Reports;

/// <summary>Sets up a run of pages: size, orientation, margins, header, footer and content.</summary>
public sealed class PageDescriptor
{
    /// <summary>A4 width in points (210 mm).</summary>
    internal const double A4Short = 595.2756;

    /// <summary>A4 height in points (297 mm).</summary>
    internal const double A4Long = 841.8898;

    internal PageDescriptor()
    {
    }

    internal double Width { get; private set; } = A4Short;
    internal double Height { get; private set; } = A4Long;
    internal double MarginTop { get; private set; } = Units.Mm(15);
    internal double MarginRight { get; private set; } = Units.Mm(15);
    internal double MarginBottom { get; private set; } = Units.Mm(15);
    internal double MarginLeft { get; private set; } = Units.Mm(15);
    internal List<Element> HeaderElements { get; } = [];
    internal List<Element> FooterElements { get; } = [];
    internal List<Element> ContentElements { get; } = [];

    /// <summary>A4 portrait (the default).</summary>
    public PageDescriptor A4Portrait()
    {
        (Width, Height) = (A4Short, A4Long);
        return this;
    }

    /// <summary>A4 landscape.</summary>
    public PageDescriptor A4Landscape()
    {
        (Width, Height) = (A4Long, A4Short);
        return this;
    }

    /// <summary>Any page size in points.</summary>
    public PageDescriptor Size(double width, double height)
    {
        if (!(width >= 72 && width <= 14400) || !(height >= 72 && height <= 14400))
            throw new ArgumentOutOfRangeException(nameof(width), "Page sides must be between 72 and 14400 points.");
        (Width, Height) = (width, height);
        return this;
    }

    /// <summary>The same margin on every side, in points (default 15 mm).</summary>
    public PageDescriptor Margin(double points) => Margins(points, points, points, points);

    /// <summary>Margins in points.</summary>
    public PageDescriptor Margins(double top, double right, double bottom, double left)
    {
        foreach (var m in new[] { top, right, bottom, left })
        {
            if (!(m >= 0))
                throw new ArgumentOutOfRangeException(nameof(top), m, "Margins must not be negative.");
        }
        (MarginTop, MarginRight, MarginBottom, MarginLeft) = (top, right, bottom, left);
        return this;
    }

    /// <summary>Content repeated at the top of every page of this run.</summary>
    public PageDescriptor Header(Action<ColumnDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        compose(new ColumnDescriptor(HeaderElements));
        return this;
    }

    /// <summary>Content repeated at the bottom of every page of this run (e.g. <see cref="ColumnDescriptor.PageNumber"/>).</summary>
    public PageDescriptor Footer(Action<ColumnDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        compose(new ColumnDescriptor(FooterElements));
        return this;
    }

    /// <summary>The flowing content; it continues on as many pages as needed.</summary>
    public PageDescriptor Content(Action<ColumnDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        compose(new ColumnDescriptor(ContentElements));
        return this;
    }
}
