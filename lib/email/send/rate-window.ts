import "server-only";
import type { Db } from "@/lib/db/client";
import type { RateLimitReading } from "@/lib/integrations/providers/sendgrid/mail/send-mail";

/** How long a window opened before SendGrid described it is assumed to last. */
const PROVISIONAL_WINDOW_MS = 1_000;

export type Reservation = { ok: true; ticket: number } | { ok: false; until: Date };

/**
 * Takes one request from SendGrid's rate-limit window for an endpoint, kept in the database so
 * that every instance and worker honours it: while the window's requests are spent, nothing is
 * sent before its reset. Each reservation gets a ticket (a running count), which its answer's
 * reading is corrected by (recordReading). When the window has reset, the new one is assumed
 * full (at the last known limit) until an answer in it says otherwise; the very first request,
 * with nothing known, goes alone.
 */
export async function reserveRequest(db: Db, endpoint: string, now: Date): Promise<Reservation> {
  const guessedReset = new Date(now.getTime() + PROVISIONAL_WINDOW_MS);
  for (let tries = 0; tries < 2; tries += 1) {
    const taken = await db.$queryRaw<{ reserved: number }[]>`
      UPDATE "EmailRateWindow" SET
        "remaining" = CASE WHEN "resetAt" <= ${now} THEN GREATEST(COALESCE("limit", 1) - 1, 0)
                           ELSE "remaining" - 1 END,
        "provisional" = ("resetAt" <= ${now}) OR "provisional",
        "resetAt" = CASE WHEN "resetAt" <= ${now} THEN ${guessedReset} ELSE "resetAt" END,
        "reserved" = "reserved" + 1,
        "updatedAt" = now()
      WHERE "endpoint" = ${endpoint} AND ("resetAt" <= ${now} OR "remaining" > 0)
      RETURNING "reserved"`;
    if (taken[0]) return { ok: true, ticket: taken[0].reserved };
    const window = await db.emailRateWindow.findUnique({ where: { endpoint } });
    if (window) return { ok: false, until: window.resetAt };
    const first = await db.$queryRaw<{ reserved: number }[]>`
      INSERT INTO "EmailRateWindow" ("endpoint", "remaining", "resetAt", "provisional", "reserved", "updatedAt")
      VALUES (${endpoint}, 0, ${guessedReset}, true, 1, now())
      ON CONFLICT ("endpoint") DO NOTHING
      RETURNING "reserved"`;
    if (first[0]) return { ok: true, ticket: first[0].reserved };
  }
  return { ok: false, until: guessedReset };
}

/**
 * Records the reading of the answer to the request with `ticket`. SendGrid counted that request
 * and those before it; the ones reserved after it may not have reached it yet, so they are taken
 * off. Within a window the lower count stands, a later window replaces an earlier one, and a
 * provisional window takes the reading's reset.
 */
export async function recordReading(
  db: Db,
  endpoint: string,
  reading: RateLimitReading,
  ticket: number,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "EmailRateWindow" ("endpoint", "limit", "remaining", "resetAt", "provisional", "reserved", "updatedAt")
    VALUES (${endpoint}, ${reading.limit}, ${reading.remaining}, ${reading.resetAt}, false, ${ticket}, now())
    ON CONFLICT ("endpoint") DO UPDATE SET
      "limit" = COALESCE(EXCLUDED."limit", "EmailRateWindow"."limit"),
      "remaining" = CASE
        -- A late answer about a window that is already over says nothing about the current one.
        WHEN EXCLUDED."resetAt" <= now() THEN "EmailRateWindow"."remaining"
        WHEN "EmailRateWindow"."provisional" OR EXCLUDED."resetAt" > "EmailRateWindow"."resetAt"
          THEN GREATEST(EXCLUDED."remaining" - ("EmailRateWindow"."reserved" - ${ticket}), 0)
        WHEN EXCLUDED."resetAt" = "EmailRateWindow"."resetAt"
          THEN LEAST("EmailRateWindow"."remaining",
                     GREATEST(EXCLUDED."remaining" - ("EmailRateWindow"."reserved" - ${ticket}), 0))
        ELSE "EmailRateWindow"."remaining" END,
      "resetAt" = CASE
        WHEN EXCLUDED."resetAt" <= now() THEN "EmailRateWindow"."resetAt"
        WHEN "EmailRateWindow"."provisional" THEN EXCLUDED."resetAt"
        ELSE GREATEST(EXCLUDED."resetAt", "EmailRateWindow"."resetAt") END,
      "provisional" = "EmailRateWindow"."provisional" AND EXCLUDED."resetAt" <= now(),
      "updatedAt" = now()`;
}
