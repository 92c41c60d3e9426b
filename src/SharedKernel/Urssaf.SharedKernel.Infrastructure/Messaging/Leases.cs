using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>Helpers of the atomic lease claims that every background worker uses (ADR 0120).</summary>
public static class Leases
{
    /// <summary>
    /// A lease end unique to one claim (a random sub-millisecond offset), so that the value written by the claim also
    /// tells its owner: a worker re-checks "still my lease" before it acts, and an expired lease taken over is seen.
    /// </summary>
    public static DateTime Token(DateTime leaseEnd) => leaseEnd.AddTicks(Random.Shared.Next(1, (int)TimeSpan.TicksPerMillisecond));

    /// <summary>Named parameters of the context's own provider, for a raw claim statement.</summary>
    public static object[] Parameters(DbContext db, params (string Name, object Value)[] values)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        return values.Select(v =>
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = v.Name;
            parameter.Value = v.Value;
            if (v.Value is DateTime) parameter.DbType = System.Data.DbType.DateTime2; // SQL Server: full precision, the lease is compared for equality
            return (object)parameter;
        }).ToArray();
    }
}
