namespace Portal.Data.Fulfilment;

/// <summary>A carrier whose public tracking page takes the tracking reference in its address.</summary>
/// <param name="Name">The name people know it by, as shown.</param>
/// <param name="UrlTemplate">The tracking page, <c>{0}</c> standing for the (escaped) tracking reference. https only.</param>
/// <param name="Aliases">Other names the desk types for it ("Hermes" for Evri, "DHL Express" for DHL).</param>
public sealed record Carrier(string Name, string UrlTemplate, params string[] Aliases);

/// <summary>
/// The carriers the portal links tracking references for: the one table to change when the supplier uses another
/// carrier. A shipment's carrier is free text typed by the desk, so it is matched leniently (case, spaces and punctuation
/// ignored, known aliases); a carrier not in the table, or a shipment without a tracking reference, gets no link and the
/// reference is shown as plain text.
/// </summary>
public static class Carriers
{
    public static readonly IReadOnlyList<Carrier> Known =
    [
        new("Royal Mail", "https://www.royalmail.com/track-your-item#/tracking-results/{0}"),
        new("Parcelforce", "https://www.parcelforce.com/track-trace?trackNumber={0}", "Parcelforce Worldwide"),
        new("DPD", "https://track.dpd.co.uk/parcels/{0}", "DPD UK", "DPD Local"),
        new("DHL", "https://www.dhl.com/gb-en/home/tracking/tracking-parcel.html?submit=1&tracking-id={0}", "DHL Express", "DHL Parcel", "DHL Parcel UK"),
        new("UPS", "https://www.ups.com/track?tracknum={0}", "United Parcel Service"),
        new("FedEx", "https://www.fedex.com/fedextrack/?trknbr={0}", "Federal Express", "FedEx Express"),
        new("Evri", "https://www.evri.com/track/parcel/{0}", "Hermes", "Hermes UK"),
        new("TNT", "https://www.tnt.com/express/en_gb/site/shipping-tools/tracking.html?searchType=con&cons={0}", "TNT Express"),
    ];

    private static readonly Dictionary<string, Carrier> ByKey = Known
        .SelectMany(c => c.Aliases.Append(c.Name).Select(name => (Key: Key(name), Carrier: c)))
        .ToDictionary(x => x.Key, x => x.Carrier);

    /// <summary>The known carrier a typed name means ("royal mail", "Royal-Mail"), or null.</summary>
    public static Carrier? Find(string? name) => name is null ? null : ByKey.GetValueOrDefault(Key(name));

    /// <summary>The carrier's tracking page for the reference, or null when the carrier is unknown or there is no reference.</summary>
    public static Uri? TrackingUrl(string? carrier, string? trackingRef)
    {
        if (string.IsNullOrWhiteSpace(trackingRef) || Find(carrier) is not { } known) return null;
        return new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, known.UrlTemplate, Uri.EscapeDataString(trackingRef.Trim())));
    }

    private static string Key(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
