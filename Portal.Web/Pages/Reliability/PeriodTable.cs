using Portal.Data.Reliability;

namespace Portal.Web.Pages.Reliability;

/// <summary>The figures of each period, as a table beside its chart.</summary>
public sealed record PeriodTable(string Caption, string PeriodHeader, IReadOnlyList<(string Label, ReliabilitySums Sums)> Rows, string TestId);
