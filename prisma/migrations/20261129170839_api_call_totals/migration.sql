-- CreateTable
CREATE TABLE "ApiCallTotal" (
    "provider" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "outcome" "ApiCallOutcome" NOT NULL,
    "calls" BIGINT NOT NULL,
    "durationBuckets" BIGINT[],
    "durationSumMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ApiCallTotal_pkey" PRIMARY KEY ("provider","operation","outcome")
);

-- What the log already holds, so the counters start where the log-scanning scrape left them.
-- The bounds are CALL_DURATION_BOUNDS_MS (lib/integrations/core/call-totals.ts) at this migration.
INSERT INTO "ApiCallTotal" ("provider", "operation", "outcome", "calls", "durationBuckets", "durationSumMs")
SELECT "provider", "operation", "outcome", count(*),
       ARRAY[count(*) FILTER (WHERE "durationMs" <= 5), count(*) FILTER (WHERE "durationMs" <= 10),
             count(*) FILTER (WHERE "durationMs" <= 25), count(*) FILTER (WHERE "durationMs" <= 50),
             count(*) FILTER (WHERE "durationMs" <= 100), count(*) FILTER (WHERE "durationMs" <= 250),
             count(*) FILTER (WHERE "durationMs" <= 500), count(*) FILTER (WHERE "durationMs" <= 1000),
             count(*) FILTER (WHERE "durationMs" <= 2500), count(*) FILTER (WHERE "durationMs" <= 5000),
             count(*) FILTER (WHERE "durationMs" <= 10000), count(*) FILTER (WHERE "durationMs" <= 30000)],
       coalesce(sum("durationMs"), 0)
FROM "ApiCall"
GROUP BY "provider", "operation", "outcome";
