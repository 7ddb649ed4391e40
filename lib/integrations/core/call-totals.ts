/**
 * Upper bounds, in milliseconds, of the duration histogram kept per provider, operation and
 * outcome in ApiCallTotal (served by /api/metrics in seconds). Changing them needs a migration
 * that rebuilds the stored arrays.
 */
export const CALL_DURATION_BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
] as const;

const bucketCounts = CALL_DURATION_BOUNDS_MS.map(
  (bound) => `count(*) FILTER (WHERE "durationMs" <= ${bound})`,
).join(", ");

/**
 * Adds the rows of the data-modifying CTE "logged" (RETURNING provider, operation, outcome and
 * durationMs) to the running totals. Ordered, so that two instances flushing at once lock the
 * shared rows in the same order and cannot deadlock.
 */
export const ADD_TO_TOTALS = `
  INSERT INTO "ApiCallTotal" AS t
    ("provider", "operation", "outcome", "calls", "durationBuckets", "durationSumMs")
  SELECT "provider", "operation", "outcome", count(*), ARRAY[${bucketCounts}]::int8[],
         coalesce(sum("durationMs"), 0)::float8
  FROM logged
  GROUP BY "provider", "operation", "outcome"
  ORDER BY "provider", "operation", "outcome"
  ON CONFLICT ("provider", "operation", "outcome") DO UPDATE SET
    "calls" = t."calls" + EXCLUDED."calls",
    "durationBuckets" = ARRAY(
      SELECT COALESCE(a, 0) + COALESCE(b, 0)
      FROM unnest(t."durationBuckets", EXCLUDED."durationBuckets") WITH ORDINALITY AS u(a, b, i)
      ORDER BY i),
    "durationSumMs" = t."durationSumMs" + EXCLUDED."durationSumMs"`;
