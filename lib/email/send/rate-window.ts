import "server-only";
import type { Db } from "@/lib/db/client";
import type { RateLimitReading } from "@/lib/integrations/providers/sendgrid/mail/send-mail";

/**
 * SendGrid's per-endpoint rate limit as its answers report it (X-RateLimit-Remaining and -Reset),
 * kept in the database so that every instance and worker honours it: while the window's requests
 * are spent, nothing is sent before the reset.
 */
export async function reserveRequest(
  db: Db,
  endpoint: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; until: Date }> {
  // Takes one of the window's remaining requests, if it has any.
  const taken = await db.$queryRaw<{ remaining: number }[]>`
    UPDATE "EmailRateWindow" SET "remaining" = "remaining" - 1, "updatedAt" = now()
    WHERE "endpoint" = ${endpoint} AND "resetAt" > ${now} AND "remaining" > 0
    RETURNING "remaining"`;
  if (taken.length > 0) return { ok: true };
  const window = await db.emailRateWindow.findUnique({ where: { endpoint } });
  // No reading yet, or the window has reset: SendGrid will say what the new one allows.
  if (!window || window.resetAt <= now) return { ok: true };
  return { ok: false, until: window.resetAt };
}

/**
 * Records an answer's reading. Answers of one window can arrive out of order, so within a window
 * the lower count stands; a later window replaces it.
 */
export async function recordReading(
  db: Db,
  endpoint: string,
  reading: RateLimitReading,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "EmailRateWindow" ("endpoint", "limit", "remaining", "resetAt", "updatedAt")
    VALUES (${endpoint}, ${reading.limit}, ${reading.remaining}, ${reading.resetAt}, now())
    ON CONFLICT ("endpoint") DO UPDATE SET
      "limit" = EXCLUDED."limit",
      "remaining" = CASE
        WHEN EXCLUDED."resetAt" > "EmailRateWindow"."resetAt" THEN EXCLUDED."remaining"
        WHEN EXCLUDED."resetAt" = "EmailRateWindow"."resetAt"
          THEN LEAST(EXCLUDED."remaining", "EmailRateWindow"."remaining")
        ELSE "EmailRateWindow"."remaining" END,
      "resetAt" = GREATEST(EXCLUDED."resetAt", "EmailRateWindow"."resetAt"),
      "updatedAt" = now()`;
}
