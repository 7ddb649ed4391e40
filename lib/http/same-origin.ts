import "server-only";
import { recordAudit } from "@/lib/audit/audit";
import { clientIp } from "@/lib/auth/client-ip";
import { AppError } from "@/lib/errors";

/** Why a state-changing request fails the same-origin rule, or null when it passes. */
export function originProblem(headers: Headers): string | null {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!origin || !host) return "This request is missing its Origin header.";
  try {
    if (new URL(origin).host !== host) return "This request came from another site.";
  } catch {
    return "This request has a malformed Origin header.";
  }
  return null;
}

/**
 * Session cookies ride along on cross-site requests, so every state-changing request must
 * prove it came from our own pages: its Origin must match the host it was sent to.
 */
export async function enforceSameOrigin(headers: Headers, path: string) {
  const problem = originProblem(headers);
  if (!problem) return;
  await recordAudit({
    action: "access.denied",
    outcome: "DENIED",
    ip: clientIp(headers),
    details: { reason: "origin", path, origin: headers.get("origin") },
  });
  throw new AppError("FORBIDDEN", problem);
}
