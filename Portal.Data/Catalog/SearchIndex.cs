using System.Collections;

namespace Portal.Data.Catalog;

/// <summary>
/// The catalog in memory: every product (in name order), found by id or SKU, and an inverted index of the words of its SKU, name and
/// description. A search is a few binary searches and bit operations, so it stays fast with 100,000 products under many
/// concurrent buyers, where a database query per keystroke-sized search would not. The catalog version in the
/// database says when it is stale; any node rebuilds its own copy then, so a farm stays consistent.
/// </summary>
public sealed class SearchIndex
{
    private readonly Product[] _byName;
    private readonly int[] _bySku;
    private readonly int[] _byCategory;
    private readonly string[] _terms;
    private readonly int[][] _postings;
    private readonly BitArray _active;
    private readonly Dictionary<Guid, Product> _byId;
    private readonly Dictionary<string, Product> _bySkuText;

    public long Version { get; }
    public int Count => _byName.Length;

    /// <summary>Every product, active or not, in name order.</summary>
    public IReadOnlyList<Product> All => _byName;

    public Product? ById(Guid id) => _byId.GetValueOrDefault(id);

    public Product? BySku(string sku) => _bySkuText.GetValueOrDefault(CatalogStore.NormalizeSku(sku));

    public SearchIndex(long version, IReadOnlyList<Product> productsInNameOrder)
    {
        Version = version;
        _byName = [.. productsInNameOrder];
        _bySku = [.. Enumerable.Range(0, _byName.Length).OrderBy(i => _byName[i].Sku, StringComparer.Ordinal)];
        _byCategory = [.. Enumerable.Range(0, _byName.Length).OrderBy(i => _byName[i].CategorySortOrder).ThenBy(i => _byName[i].CategoryName, StringComparer.Ordinal).ThenBy(i => i)];
        _active = new BitArray(_byName.Length);
        _byId = _byName.ToDictionary(p => p.Id);
        _bySkuText = _byName.ToDictionary(p => p.Sku, StringComparer.Ordinal);
        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _byName.Length; i++)
        {
            var p = _byName[i];
            _active[i] = p.IsActive;
            foreach (var term in SearchTerms.Of(p.Sku, p.Name, p.Description))
            {
                if (!postings.TryGetValue(term, out var list)) postings[term] = list = [];
                list.Add(i);
            }
        }
        _terms = [.. postings.Keys.Order(StringComparer.Ordinal)];
        _postings = [.. _terms.Select(t => postings[t].ToArray())];
    }

    public Page<Product> Search(CatalogQuery query)
    {
        var size = Math.Clamp(query.PageSize, 1, 100);
        var page = Math.Max(1, query.Page);
        var matches = (BitArray)_active.Clone();
        foreach (var word in SearchTerms.Words(query.Search).Take(MaxWords))
            matches.And(Prefixed(word));
        if (query.CategoryId is { } category)
            for (var i = 0; i < _byName.Length; i++)
                if (matches[i] && _byName[i].CategoryId != category) matches[i] = false;

        var order = query.Sort switch
        {
            ProductSort.Sku => _bySku,
            ProductSort.Category => _byCategory,
            _ => null,
        };
        var skip = Paging.Skip(page, size);
        var items = new List<Product>(size);
        var total = 0;
        for (var k = 0; k < _byName.Length; k++)
        {
            var i = order is null ? k : order[k];
            if (!matches[i]) continue;
            if (total >= skip && items.Count < size) items.Add(_byName[i]);
            total++;
        }
        return new Page<Product>(items, page, size, total);
    }

    public const int MaxWords = 5;

    /// <summary>The products with a word starting with <paramref name="prefix"/>.</summary>
    private BitArray Prefixed(string prefix)
    {
        var hits = new BitArray(_byName.Length);
        var lo = Array.BinarySearch(_terms, prefix, StringComparer.Ordinal);
        if (lo < 0) lo = ~lo;
        for (var t = lo; t < _terms.Length && _terms[t].StartsWith(prefix, StringComparison.Ordinal); t++)
            foreach (var i in _postings[t]) hits[i] = true;
        return hits;
    }
}
