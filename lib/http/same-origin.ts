import "server-only";
import { recordFoldedAudit } from "@/lib/audit/audit";
import { AppError } from "@/lib/errors";
import { clientAddress } from "./client-address";
import { originProblem } from "./origin";

export { originProblem };

/**
 * Session cookies ride along on cross-site requests, so every state-changing request must
 * prove it came from our own pages: its Origin must be the console's origin, scheme included.
 * The proxy applies this to every write first; the wrappers check again for defence in depth.
 */
export async function enforceSameOrigin(headers: Headers, path: string) {
  const problem = originProblem(headers);
  if (!problem) return;
  await recordFoldedAudit(
    {
      action: "access.denied",
      outcome: "DENIED",
      ip: clientAddress(headers),
      details: { reason: "origin", path, origin: headers.get("origin") },
    },
    { key: `origin:${headers.get("origin") ?? "none"}` },
  );
  throw new AppError("FORBIDDEN", problem);
}
