using Sendai.Cbt.Reports.Layout;

namespace Sendai.Cbt.Reports;

/// <summary>
/// Builds a table: columns, header rows (repeated at the top of every page the table continues on)
/// and body rows. Cell text wraps with Japanese line breaking; rows are never split across pages.
/// </summary>
public sealed class TableDescriptor
{
    private readonly TableElement _table;

    internal TableDescriptor(TableElement table) => _table = table;

    /// <summary>Adds a column taking <paramref name="relativeWidth"/> shares of the width left after fixed columns.</summary>
    public TableDescriptor Column(double relativeWidth = 1)
    {
        if (!(relativeWidth > 0))
            throw new ArgumentOutOfRangeException(nameof(relativeWidth), relativeWidth, "A relative width must be positive.");
        _table.Columns.Add(new ColumnSpec(relativeWidth, false));
        return this;
    }

    /// <summary>Adds a column of a fixed width in points.</summary>
    public TableDescriptor FixedColumn(double points)
    {
        if (!(points > 0))
            throw new ArgumentOutOfRangeException(nameof(points), points, "A column width must be positive.");
        _table.Columns.Add(new ColumnSpec(points, true));
        return this;
    }

    /// <summary>Adds a header row (bold, centred, grey background by default).</summary>
    public TableDescriptor Header(Action<TableRowDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var cells = new List<CellModel>();
        compose(new TableRowDescriptor(cells, header: true));
        _table.HeaderRows.Add(cells);
        return this;
    }

    /// <summary>Adds a body row.</summary>
    public TableDescriptor Row(Action<TableRowDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var cells = new List<CellModel>();
        compose(new TableRowDescriptor(cells, header: false));
        _table.Rows.Add(cells);
        return this;
    }

    /// <summary>Default text style of every cell (e.g. a smaller size for long tables).</summary>
    public TableDescriptor Style(Action<TextStyleDescriptor> style)
    {
        ArgumentNullException.ThrowIfNull(style);
        style(new TextStyleDescriptor(_table.Style));
        return this;
    }

    /// <summary>Fills every second body row.</summary>
    public TableDescriptor Striped(ReportColor color)
    {
        _table.StripeBackground = color;
        return this;
    }

    /// <summary>Header row background.</summary>
    public TableDescriptor HeaderBackground(ReportColor color)
    {
        _table.HeaderBackground = color;
        return this;
    }

    /// <summary>Cell padding in points (default 3).</summary>
    public TableDescriptor CellPadding(double points)
    {
        if (!(points >= 0 && points < 100))
            throw new ArgumentOutOfRangeException(nameof(points), points, "Padding must be between 0 and 100 points.");
        _table.Padding = points;
        return this;
    }
}

/// <summary>Adds the cells of one table row, left to right.</summary>
public sealed class TableRowDescriptor
{
    private readonly List<CellModel> _cells;
    private readonly bool _header;

    internal TableRowDescriptor(List<CellModel> cells, bool header)
    {
        _cells = cells;
        _header = header;
    }

    /// <summary>Adds a cell with plain text.</summary>
    public CellDescriptor Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cell(t => t.Span(text));
    }

    /// <summary>Adds a cell with rich text (spans, ruby).</summary>
    public CellDescriptor Cell(Action<TextDescriptor> compose)
    {
        ArgumentNullException.ThrowIfNull(compose);
        var paragraph = new ParagraphModel { LineSpacing = 1.3 };
        if (_header)
        {
            paragraph.Style.Bold = true;
            paragraph.Align = TextAlign.Center;
        }
        compose(new TextDescriptor(paragraph));
        var cell = new CellModel(paragraph);
        _cells.Add(cell);
        return new CellDescriptor(cell);
    }
}

/// <summary>Styles one table cell.</summary>
public sealed class CellDescriptor
{
    private readonly CellModel _cell;

    internal CellDescriptor(CellModel cell) => _cell = cell;

    /// <summary>Centres the cell text.</summary>
    public CellDescriptor AlignCenter()
    {
        _cell.Paragraph.Align = TextAlign.Center;
        return this;
    }

    /// <summary>Right-aligns the cell text (numbers).</summary>
    public CellDescriptor AlignRight()
    {
        _cell.Paragraph.Align = TextAlign.Right;
        return this;
    }

    /// <summary>Left-aligns the cell text.</summary>
    public CellDescriptor AlignLeft()
    {
        _cell.Paragraph.Align = TextAlign.Left;
        return this;
    }

    /// <summary>Bold cell text.</summary>
    public CellDescriptor Bold(bool bold = true)
    {
        _cell.Paragraph.Style.Bold = bold;
        return this;
    }

    /// <summary>Cell text colour.</summary>
    public CellDescriptor Color(ReportColor color)
    {
        _cell.Paragraph.Style.Color = color;
        return this;
    }

    /// <summary>Cell font size in points.</summary>
    public CellDescriptor Size(double points)
    {
        new TextStyleDescriptor(_cell.Paragraph.Style).Size(points);
        return this;
    }

    /// <summary>Cell background.</summary>
    public CellDescriptor Background(ReportColor color)
    {
        _cell.Background = color;
        return this;
    }

    /// <summary>Lets the cell span several columns.</summary>
    public CellDescriptor ColumnSpan(int columns)
    {
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "A cell spans at least one column.");
        _cell.ColumnSpan = columns;
        return this;
    }
}
