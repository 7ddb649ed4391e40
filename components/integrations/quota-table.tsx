interface Quota {
  key: string;
  provider: string;
  operation: string;
  limit: number | null;
  remaining: number;
  callsPerMinute: number;
  resetAt: string | null;
  exhaustsAt: string | null;
}

export function QuotaTable({ quotas }: { quotas: Quota[] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <h2 className="border-b border-slate-200 px-4 py-3 font-semibold dark:border-slate-800">
        API quota
      </h2>
      {quotas.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">
          No provider has reported quota headers (X-RateLimit-*) yet. Readings appear here after the
          first calls.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="px-4 py-2">Provider · operation</th>
                <th className="px-4 py-2">Remaining</th>
                <th className="px-4 py-2">Recent rate</th>
                <th className="px-4 py-2">Resets</th>
                <th className="px-4 py-2">Runs out</th>
              </tr>
            </thead>
            <tbody>
              {quotas.map((quota) => (
                <tr key={quota.key} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-4 py-2 font-mono text-xs">
                    {quota.provider} · {quota.operation}
                  </td>
                  <td className="px-4 py-2">
                    {quota.remaining}
                    {quota.limit !== null ? ` of ${quota.limit}` : ""}
                  </td>
                  <td className="px-4 py-2">{quota.callsPerMinute.toFixed(1)} calls/min</td>
                  <td className="px-4 py-2 text-slate-500">
                    {quota.resetAt ? new Date(quota.resetAt).toLocaleString() : "Unknown"}
                  </td>
                  <td className="px-4 py-2">
                    {quota.exhaustsAt ? (
                      <span className="font-medium text-red-700 dark:text-red-400">
                        {new Date(quota.exhaustsAt).toLocaleString()}
                      </span>
                    ) : (
                      <span className="text-slate-500">Not before the reset</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
