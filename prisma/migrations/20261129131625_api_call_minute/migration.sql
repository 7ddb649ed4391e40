-- CreateTable
CREATE TABLE "ApiCallMinute" (
    "provider" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "successes" INTEGER NOT NULL DEFAULT 0,
    "httpErrors" INTEGER NOT NULL DEFAULT 0,
    "networkErrors" INTEGER NOT NULL DEFAULT 0,
    "timeouts" INTEGER NOT NULL DEFAULT 0,
    "circuitRefusals" INTEGER NOT NULL DEFAULT 0,
    "rateLimitRefusals" INTEGER NOT NULL DEFAULT 0,
    "throttled" INTEGER NOT NULL DEFAULT 0,
    "latencyBuckets" INTEGER[],
    "latencyMaxMs" INTEGER NOT NULL DEFAULT 0,
    "lastErrorAt" TIMESTAMP(3),
    "lastErrorMessage" TEXT,

    CONSTRAINT "ApiCallMinute_pkey" PRIMARY KEY ("provider","minute")
);

-- CreateIndex
CREATE INDEX "ApiCallMinute_minute_idx" ON "ApiCallMinute"("minute");
