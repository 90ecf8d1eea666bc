using Xunit;

namespace Sendai.Cbt.Reports.Tests;

/// <summary>Writes the sample reports when SENDAI_PDF_OUT names a folder (for scripts/render-pdf-png.sh).</summary>
public class Samples
{
    [Fact]
    public void Write_sample_pdfs()
    {
        var samples = new Dictionary<string, ReportDocument>
        {
            ["individual-report"] = SampleDocuments.IndividualReport(),
            ["long-table-landscape"] = SampleDocuments.LongLandscapeTable(),
        };
        var dir = Environment.GetEnvironmentVariable("SENDAI_PDF_OUT");
        foreach (var (name, doc) in samples)
        {
            var pdf = doc.GeneratePdf();
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
                File.WriteAllBytes(Path.Combine(dir, name + ".pdf"), pdf);
            }
        }
    }
}
