/**
 * When a server-side session ends. Pure, so tests drive it with any clock: an absolute lifetime
 * counted from sign-in (SESSION_MAX_HOURS) that nothing extends, and an idle timeout
 * (SESSION_IDLE_MINUTES) counted from the last request.
 */
export interface SessionRecord {
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export type SessionEnd = "session_revoked" | "session_expired" | "session_idle";

export function sessionEnd(
  session: SessionRecord,
  options: { now: Date; idleMinutes: number },
): SessionEnd | null {
  if (session.revokedAt) return "session_revoked";
  if (options.now.getTime() >= session.expiresAt.getTime()) return "session_expired";
  if (options.now.getTime() - session.lastSeenAt.getTime() >= options.idleMinutes * 60_000)
    return "session_idle";
  return null;
}

/** Requests refresh lastSeenAt at most this often, so a busy page does not write on every call. */
export const TOUCH_INTERVAL_MS = 60_000;

export function needsTouch(session: SessionRecord, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS;
}

export function sessionExpiry(signedInAt: Date, maxHours: number): Date {
  return new Date(signedInAt.getTime() + maxHours * 3_600_000);
}
