using Sendai.Cbt.Reports.Layout;

namespace Sendai.Cbt.Reports;

/// <summary>
/// A column of content laid out top to bottom: page content, headers, footers, box and row columns.
/// Content flows onto new pages; text splits between lines, tables between rows.
/// </summary>
public sealed class ColumnDescriptor
{
    internal ColumnDescriptor(List<Element> elements) => Elements = elements;

    internal List<Element> Elements { get; }

    /// <summary>Adds a paragraph with one span of text; style the paragraph with the returned descriptor.</summary>
    public TextDescriptor Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var descriptor = Text(_ => { });
        descriptor.Span(text);
        return descriptor;
    }

    /// <summary>Adds a paragraph built from spans and ruby.</summary>
    public TextDescriptor Text(Action<TextDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var paragraph = new ParagraphModel();
        var element = new ParagraphElement(paragraph);
        Elements.Add(element);
        var descriptor = new TextDescriptor(paragraph, element);
        compose(descriptor);
        return descriptor;
    }

    /// <summary>
    /// Adds the page number line. <paramref name="format"/> gets the page number as {0} and the page
    /// count as {1}; the default gives 「1 / 3 ページ」. Style and align it with the returned descriptor
    /// (spans added to it are ignored).
    /// </summary>
    public TextDescriptor PageNumber(string format = "{0} / {1} ページ")
    {
        ArgumentNullException.ThrowIfNull(format);
        _ = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, 1, 1); // validate early
        var template = new ParagraphModel();
        Elements.Add(new PageNumberElement(format, template));
        return new TextDescriptor(template);
    }

    /// <summary>Adds vertical space in points (dropped at the top of a page).</summary>
    public ColumnDescriptor Spacing(double points)
    {
        if (!(points >= 0))
            throw new ArgumentOutOfRangeException(nameof(points), points, "Spacing must not be negative.");
        Elements.Add(new SpaceElement(points));
        return this;
    }

    /// <summary>Starts a new page (in page content only).</summary>
    public ColumnDescriptor PageBreak()
    {
        Elements.Add(new PageBreakElement());
        return this;
    }

    /// <summary>Adds a table; header rows repeat on every page the table spans.</summary>
    public ColumnDescriptor Table(Action<TableDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var table = new TableElement();
        compose(new TableDescriptor(table));
        Elements.Add(table);
        return this;
    }

    /// <summary>Adds a bar chart (horizontal by default), optionally with a reference marker per bar.</summary>
    public ColumnDescriptor BarChart(Action<BarChartDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var model = new ChartModel();
        compose(new BarChartDescriptor(model));
        Elements.Add(new ChartElement(model));
        return this;
    }

    /// <summary>Adds a histogram of values.</summary>
    public ColumnDescriptor Histogram(Action<HistogramDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var model = new ChartModel { IsHistogram = true, Vertical = true };
        compose(new HistogramDescriptor(model));
        Elements.Add(new ChartElement(model));
        return this;
    }

    /// <summary>Adds a bordered box (e.g. a comment box) around a column of content.</summary>
    public ColumnDescriptor Box(Action<BoxDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var box = new BoxElement();
        compose(new BoxDescriptor(box));
        Elements.Add(box);
        return this;
    }

    /// <summary>Adds columns side by side. A row is not split across pages.</summary>
    public ColumnDescriptor Row(Action<RowDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var row = new RowElement();
        compose(new RowDescriptor(row));
        Elements.Add(row);
        return this;
    }

    /// <summary>Adds a drawn S-P chart (internal: the school reports build the model).</summary>
    internal ColumnDescriptor SpChart(SpChartModel model)
    {
        Elements.Add(new SpChartElement(model));
        return this;
    }

    /// <summary>Adds a reusable component.</summary>
    public ColumnDescriptor Component(IReportComponent component)
    {
        ArgumentNullException.ThrowIfNull(component);
        component.Compose(this);
        return this;
    }
}

/// <summary>Builds a row of side-by-side columns.</summary>
public sealed class RowDescriptor
{
    private readonly RowElement _row;

    internal RowDescriptor(RowElement row) => _row = row;

    /// <summary>Adds a column taking <paramref name="relativeWidth"/> shares of the row's width.</summary>
    public RowDescriptor Column(double relativeWidth, Action<ColumnDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        if (!(relativeWidth > 0))
            throw new ArgumentOutOfRangeException(nameof(relativeWidth), relativeWidth, "A relative width must be positive.");
        var elements = new List<Element>();
        compose(new ColumnDescriptor(elements));
        _row.Columns.Add((relativeWidth, elements));
        return this;
    }

    /// <summary>Space between columns in points (default 8).</summary>
    public RowDescriptor Gap(double points)
    {
        if (!(points >= 0))
            throw new ArgumentOutOfRangeException(nameof(points), points, "A gap must not be negative.");
        _row.Gap = points;
        return this;
    }
}

/// <summary>Builds a bordered box.</summary>
public sealed class BoxDescriptor
{
    private readonly BoxElement _box;

    internal BoxDescriptor(BoxElement box) => _box = box;

    /// <summary>A bold title line above the content, separated by a rule.</summary>
    public BoxDescriptor Title(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var p = new ParagraphModel();
        p.Spans.Add(new SpanModel(title, null));
        p.Style.Bold = true;
        _box.Title = p;
        return this;
    }

    /// <summary>Border colour.</summary>
    public BoxDescriptor Border(ReportColor color)
    {
        _box.Border = color;
        return this;
    }

    /// <summary>Background fill.</summary>
    public BoxDescriptor Background(ReportColor color)
    {
        _box.Background = color;
        return this;
    }

    /// <summary>Inner padding in points (default 6).</summary>
    public BoxDescriptor Padding(double points)
    {
        if (!(points >= 0 && points < 200))
            throw new ArgumentOutOfRangeException(nameof(points), points, "Padding must be between 0 and 200 points.");
        _box.Padding = points;
        return this;
    }

    /// <summary>Minimum height in points, e.g. room for a handwritten comment.</summary>
    public BoxDescriptor MinHeight(double points)
    {
        if (!(points >= 0))
            throw new ArgumentOutOfRangeException(nameof(points), points, "A height must not be negative.");
        _box.MinHeight = points;
        return this;
    }

    /// <summary>The box's content.</summary>
    public BoxDescriptor Content(Action<ColumnDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        compose(new ColumnDescriptor(_box.Content));
        return this;
    }
}
