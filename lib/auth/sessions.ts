import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit, recordFoldedAudit } from "@/lib/audit/audit";
import { getDb, type Prisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { authorize } from "./authorize";
import type { Actor } from "./permissions";
import { needsTouch, sessionEnd, sessionExpiry } from "./session-policy";

export type RevokeReason =
  | "sign_out"
  | "sign_out_everywhere"
  | "revoked_by_admin"
  | "user_disabled"
  | "password_reset"
  | "password_changed";

/** Opens the server-side record a new sign-in's cookie points at. */
export async function openSession(options: { userId: string; ip: string | null; now?: Date }) {
  const now = options.now ?? new Date();
  const session = await getDb().session.create({
    data: {
      id: randomBytes(32).toString("base64url"),
      userId: options.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: sessionExpiry(now, getEnv().SESSION_MAX_HOURS),
      ip: options.ip,
    },
  });
  return { id: session.id, expiresAt: session.expiresAt };
}

export type SessionCheck =
  | {
      ok: true;
      user: { id: string; email: string; name: string; role: "ADMIN" | "SUPPORT" | "VIEWER" };
      expiresAt: Date;
    }
  | { ok: false; reason: string; user: { id: string; email: string } | null };

/**
 * The per-request check behind every page, route handler and action: the cookie's session must
 * exist, be neither revoked, past its absolute end nor idle too long, and belong to an active
 * user whose session version still matches. Shared by all instances through the database.
 */
export async function checkSession(options: {
  sessionId: string;
  userId: string;
  sessionVersion: number;
  now?: Date;
}): Promise<SessionCheck> {
  const now = options.now ?? new Date();
  const session = await getDb().session.findUnique({
    where: { id: options.sessionId },
    include: { user: true },
  });
  if (!session || session.userId !== options.userId)
    return { ok: false, reason: "session_unknown", user: null };
  const { user } = session;
  const who = { id: user.id, email: user.email };
  if (user.disabledAt) return { ok: false, reason: "user_disabled", user: who };
  const ended = sessionEnd(session, { now, idleMinutes: getEnv().SESSION_IDLE_MINUTES });
  if (ended) return { ok: false, reason: ended, user: who };
  if (user.sessionVersion !== options.sessionVersion)
    return { ok: false, reason: "session_revoked", user: who };
  if (needsTouch(session, now)) {
    await getDb().session.updateMany({
      where: { id: session.id, revokedAt: null },
      data: { lastSeenAt: now },
    });
  }
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    expiresAt: session.expiresAt,
  };
}

/** Audits a refused session once per session, reason and ten minutes, however often it is replayed. */
export async function auditEndedSession(
  check: Extract<SessionCheck, { ok: false }>,
  options: { sessionId: string; ip: string | null },
) {
  await recordFoldedAudit(
    {
      action: "access.denied",
      outcome: "DENIED",
      actor: check.user,
      ip: options.ip,
      details: { reason: check.reason },
    },
    { key: `session:${check.reason}:${options.sessionId}` },
  );
}

export async function revokeSession(options: {
  sessionId: string;
  reason: RevokeReason;
  now?: Date;
}) {
  const result = await getDb().session.updateMany({
    where: { id: options.sessionId, revokedAt: null },
    data: { revokedAt: options.now ?? new Date(), revokedReason: options.reason },
  });
  return result.count;
}

/** Ends every open session of a user; the version bump also ends cookies issued before session records existed. */
export async function revokeUserSessions(options: {
  userId: string;
  reason: RevokeReason;
  db?: Prisma.TransactionClient;
}) {
  const db = options.db ?? getDb();
  const now = new Date();
  const result = await db.session.updateMany({
    where: { userId: options.userId, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, revokedReason: options.reason },
  });
  await db.user.update({
    where: { id: options.userId },
    data: { sessionVersion: { increment: 1 } },
  });
  return result.count;
}

/**
 * "Sign out everywhere": a user ends all their own sessions; an admin may end another user's.
 * Audited in the same transaction.
 */
export async function endAllSessions(options: { actor: Actor; userId: unknown }) {
  const userId = z.uuid().safeParse(options.userId);
  if (!userId.success) throw new AppError("NOT_FOUND", "That user does not exist.");
  const self = userId.data === options.actor.id;
  if (!self)
    await authorize(options.actor, "users:manage", { resource: `user:${userId.data}:sessions` });
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId.data } });
    if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
    const ended = await revokeUserSessions({
      userId: user.id,
      reason: self ? "sign_out_everywhere" : "revoked_by_admin",
      db: tx,
    });
    await recordAudit({
      db: tx,
      action: self ? "auth.sign_out_everywhere" : "user.sessions_revoked",
      outcome: "SUCCESS",
      actor: options.actor,
      target: { type: "user", id: user.id },
      details: { email: user.email, sessionsEnded: ended },
    });
    return { userId: user.id, sessionsEnded: ended };
  });
}

/** Open sessions per user, for the Users page. */
export async function countOpenSessions(
  userIds: string[],
  now = new Date(),
): Promise<Map<string, number>> {
  const idleSince = new Date(now.getTime() - getEnv().SESSION_IDLE_MINUTES * 60_000);
  const rows = await getDb().session.groupBy({
    by: ["userId"],
    where: {
      userId: { in: userIds },
      revokedAt: null,
      expiresAt: { gt: now },
      lastSeenAt: { gt: idleSince },
    },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.userId, row._count._all]));
}

/** Whether this address has opened a session for the user lately: the sign-in limits trust it more. */
export async function isKnownAddress(options: {
  userId: string;
  ip: string;
  sinceDays?: number;
}): Promise<boolean> {
  const since = new Date(Date.now() - (options.sinceDays ?? 30) * 86_400_000);
  const found = await getDb().session.findFirst({
    where: { userId: options.userId, ip: options.ip, createdAt: { gt: since } },
    select: { id: true },
  });
  return found !== null;
}
