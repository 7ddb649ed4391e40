import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";

/**
 * The templates the log holds messages of, for the template filter: read from the log itself, so
 * the page needs no call to SendGrid and still lists templates deleted there since.
 */
export async function listLoggedTemplates(options: { actor: Actor }) {
  await authorize(options.actor, "console:read", { resource: "emails" });
  const rows = await getDb().$queryRaw<{ id: string; name: string }[]>`
    SELECT DISTINCT ON ("templateId") "templateId" AS id, "templateName" AS name
    FROM "EmailMessage" ORDER BY "templateId", "createdAt" DESC`;
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
