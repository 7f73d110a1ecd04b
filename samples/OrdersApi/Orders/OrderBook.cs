using System.Collections.Concurrent;

namespace OrdersApi.Orders;

/// <summary>Orders per user, in memory, at most <see cref="PerUser"/> each (a sample must not grow without bound either).</summary>
internal sealed class OrderBook(TimeProvider time)
{
    public const int PerUser = 100;

    private readonly ConcurrentDictionary<string, List<Order>> orders = new(StringComparer.Ordinal);

    public Order[] For(string ownerId)
    {
        if (!orders.TryGetValue(ownerId, out var mine))
        {
            return [];
        }

        lock (mine)
        {
            return [.. mine];
        }
    }

    public Order[] All() => [.. orders.Values.SelectMany(list =>
    {
        lock (list)
        {
            return list.ToArray();
        }
    }).OrderBy(o => o.PlacedAt)];

    /// <summary>Null when the owner already has <see cref="PerUser"/> orders.</summary>
    public Order? Place(string ownerId, string item, int quantity)
    {
        var mine = orders.GetOrAdd(ownerId, _ => []);
        lock (mine)
        {
            if (mine.Count >= PerUser)
            {
                return null;
            }

            var order = new Order(Guid.NewGuid(), ownerId, item, quantity, time.GetUtcNow());
            mine.Add(order);
            return order;
        }
    }
}
