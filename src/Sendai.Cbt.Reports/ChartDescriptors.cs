using System.Globalization;
using Sendai.Cbt.Reports.Layout;

namespace Sendai.Cbt.Reports;

/// <summary>Builds a bar chart, e.g. 正答率 by 観点 with the class average as a reference marker.</summary>
public sealed class BarChartDescriptor
{
    private readonly ChartModel _m;

    internal BarChartDescriptor(ChartModel model) => _m = model;

    /// <summary>Bars grow to the right, labels on the left (default).</summary>
    public BarChartDescriptor Horizontal()
    {
        _m.Vertical = false;
        return this;
    }

    /// <summary>Bars grow upwards, labels below.</summary>
    public BarChartDescriptor Vertical()
    {
        _m.Vertical = true;
        return this;
    }

    /// <summary>Height of the plot including axis labels, in points (default 150).</summary>
    public BarChartDescriptor Height(double points)
    {
        if (!(points >= 40 && points <= 2000))
            throw new ArgumentOutOfRangeException(nameof(points), points, "Chart height must be between 40 and 2000 points.");
        _m.Height = points;
        return this;
    }

    /// <summary>Value at the end of the axis (default: the largest value rounded up to a round number).</summary>
    public BarChartDescriptor Maximum(double maximum)
    {
        if (!(maximum > 0) || double.IsInfinity(maximum))
            throw new ArgumentOutOfRangeException(nameof(maximum), maximum, "The maximum must be positive and finite.");
        _m.Maximum = maximum;
        return this;
    }

    /// <summary>Adds a bar, with an optional reference value drawn as a marker across it.</summary>
    public BarChartDescriptor Bar(string label, double value, double? reference = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!double.IsFinite(value) || (reference is { } r && !double.IsFinite(r)))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Bar values must be finite.");
        _m.Bars.Add(new BarItem(label, value, reference));
        return this;
    }

    /// <summary>A bold title above the chart.</summary>
    public BarChartDescriptor Title(string title)
    {
        _m.Title = title ?? throw new ArgumentNullException(nameof(title));
        return this;
    }

    /// <summary>Legend texts for the bars and the reference marker (e.g. 「あなた」「学級平均」).</summary>
    public BarChartDescriptor Legend(string bars, string? reference = null)
    {
        _m.ValueLegend = bars ?? throw new ArgumentNullException(nameof(bars));
        _m.ReferenceLegend = reference;
        return this;
    }

    /// <summary>.NET number format for values and axis ticks plus a suffix, e.g. <c>("0", "%")</c>.</summary>
    public BarChartDescriptor ValueFormat(string format, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(format);
        _ = 1.5.ToString(format, CultureInfo.InvariantCulture);
        _m.ValueFormat = format;
        _m.ValueSuffix = suffix ?? "";
        return this;
    }

    /// <summary>Bar and reference marker colours.</summary>
    public BarChartDescriptor Colors(ReportColor bars, ReportColor reference)
    {
        _m.BarColor = bars;
        _m.ReferenceColor = reference;
        return this;
    }

    /// <summary>Hides the value labels next to the bars.</summary>
    public BarChartDescriptor HideValues()
    {
        _m.ShowValues = false;
        return this;
    }
}

/// <summary>Builds a histogram, e.g. the distribution of scores with a marker for one student or the mean.</summary>
public sealed class HistogramDescriptor
{
    private readonly ChartModel _m;
    private double _min, _max = 1;
    private int _bins = 1;
    private double? _marker;

    internal HistogramDescriptor(ChartModel model)
    {
        _m = model;
        _m.ValueFormat = "0";
    }

    /// <summary>
    /// Counts values into <paramref name="binCount"/> equal bins from <paramref name="min"/> to
    /// <paramref name="max"/> (the last bin includes <paramref name="max"/>; values outside are clamped).
    /// </summary>
    public HistogramDescriptor Values(IEnumerable<double> values, double min, double max, int binCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(max), max, "max must be finite and greater than min.");
        if (binCount is < 1 or > 200)
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, "binCount must be between 1 and 200.");
        _min = min;
        _max = max;
        _bins = binCount;
        var counts = new int[binCount];
        double width = (max - min) / binCount;
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
                continue;
            int bin = (int)Math.Floor((v - min) / width);
            counts[Math.Clamp(bin, 0, binCount - 1)]++;
        }
        bool integral = width >= 1 && Math.Abs(width - Math.Round(width)) < 1e-9 && Math.Abs(min - Math.Round(min)) < 1e-9;
        _m.Bars.Clear();
        for (int i = 0; i < binCount; i++)
        {
            double lo = min + (i * width), hi = lo + width;
            string label = integral
                ? (i == binCount - 1 ? FormattableString.Invariant($"{lo:0}–{hi:0}") : FormattableString.Invariant($"{lo:0}–{hi - 1:0}"))
                : FormattableString.Invariant($"{lo:0.##}–{hi:0.##}");
            _m.Bars.Add(new BarItem(label, counts[i], null));
        }
        UpdateMarker();
        return this;
    }

    /// <summary>Draws a vertical marker at <paramref name="value"/> (in the values' units) with a legend label.</summary>
    public HistogramDescriptor Marker(double value, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "The marker value must be finite.");
        _marker = value;
        _m.MarkerLabel = label;
        UpdateMarker();
        return this;
    }

    private void UpdateMarker()
    {
        if (_marker is { } value)
            _m.MarkerPosition = (value - _min) / (_max - _min) * _bins;
    }

    /// <summary>A bold title above the histogram.</summary>
    public HistogramDescriptor Title(string title)
    {
        _m.Title = title ?? throw new ArgumentNullException(nameof(title));
        return this;
    }

    /// <summary>Height in points (default 150).</summary>
    public HistogramDescriptor Height(double points)
    {
        if (!(points >= 40 && points <= 2000))
            throw new ArgumentOutOfRangeException(nameof(points), points, "Chart height must be between 40 and 2000 points.");
        _m.Height = points;
        return this;
    }

    /// <summary>Bar and marker colours.</summary>
    public HistogramDescriptor Colors(ReportColor bars, ReportColor marker)
    {
        _m.BarColor = bars;
        _m.ReferenceColor = marker;
        return this;
    }
}
