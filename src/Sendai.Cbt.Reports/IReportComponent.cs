namespace Sendai.Cbt.Reports;

/// <summary>
/// A reusable piece of a report (a student header, a score table, a comment box…) that adds its
/// content to a column. Add one with <see cref="ColumnDescriptor.Component"/>.
/// </summary>
public interface IReportComponent
{
    /// <summary>Adds the component's content to the column.</summary>
    void Compose(ColumnDescriptor column);
}
