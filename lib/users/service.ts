import "server-only";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit";
import { authorize } from "@/lib/auth/authorize";
import { hashPassword } from "@/lib/auth/password";
import { countOpenSessions, revokeUserSessions } from "@/lib/auth/sessions";
import {
  clearSignInCounters,
  readSignInCounters,
  type SignInCounters,
} from "@/lib/auth/sign-in-throttle";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { createUserSchema, updateUserSchema } from "./schemas";

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: "ADMIN" | "SUPPORT" | "VIEWER";
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export interface UserWithSecurity extends UserSummary {
  openSessions: number;
  signIn: SignInCounters;
}

const summarySelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

function toSummary(user: Prisma.UserGetPayload<{ select: typeof summarySelect }>): UserSummary {
  const { disabledAt, ...rest } = user;
  return { ...rest, disabled: disabledAt !== null };
}

export async function listUsers(options: { actor: Actor }): Promise<UserWithSecurity[]> {
  await authorize(options.actor, "users:manage", { resource: "users" });
  const users = await getDb().user.findMany({ select: summarySelect, orderBy: { email: "asc" } });
  const [sessions, counters] = await Promise.all([
    countOpenSessions(users.map((user) => user.id)),
    readSignInCounters(users.map((user) => user.email)),
  ]);
  return users.map((user) => ({
    ...toSummary(user),
    openSessions: sessions.get(user.id) ?? 0,
    signIn: counters.get(user.email) ?? { accountFailures: 0, blockedAddresses: 0, limited: false },
  }));
}

/** Clears a user's failed-sign-in counters (every address), so a locked-out person can try again. */
export async function clearUserSignInLimits(options: { actor: Actor; userId: unknown }) {
  await authorize(options.actor, "users:manage", { resource: "users" });
  const userId = z.uuid().safeParse(options.userId);
  const user = userId.success
    ? await getDb().user.findUnique({ where: { id: userId.data } })
    : null;
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
  const cleared = await clearSignInCounters(user.email);
  await recordAudit({
    action: "user.sign_in_limits_cleared",
    outcome: "SUCCESS",
    actor: options.actor,
    target: { type: "user", id: user.id },
    details: { email: user.email, counters: cleared },
  });
  return { userId: user.id, cleared };
}

export async function createUser(options: { actor: Actor; input: unknown }): Promise<UserSummary> {
  await authorize(options.actor, "users:manage", { resource: "users" });
  const input = parseInput(createUserSchema, options.input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await getDb().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: summarySelect,
      });
      await recordAudit({
        db: tx,
        action: "user.created",
        outcome: "SUCCESS",
        actor: options.actor,
        target: { type: "user", id: user.id },
        details: { email: user.email, role: user.role },
      });
      return toSummary(user);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "A user with this email already exists.", {
        fieldErrors: { email: ["A user with this email already exists."] },
      });
    }
    throw error;
  }
}

export async function updateUser(options: {
  actor: Actor;
  userId: string;
  input: unknown;
}): Promise<UserSummary> {
  await authorize(options.actor, "users:manage", { resource: "users" });
  const input = parseInput(updateUserSchema, options.input);
  if (!z.uuid().safeParse(options.userId).success)
    throw new AppError("NOT_FOUND", "That user does not exist.");
  const db = getDb();
  return db.$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { id: options.userId } });
    if (!existing) throw new AppError("NOT_FOUND", "That user does not exist.");

    const losesAdmin =
      existing.role === "ADMIN" &&
      !existing.disabledAt &&
      ((input.role !== undefined && input.role !== "ADMIN") || input.disabled === true);
    if (losesAdmin) {
      if (existing.id === options.actor.id) {
        throw new AppError(
          "CONFLICT",
          "You cannot remove your own admin access. Ask another admin.",
        );
      }
      const activeAdmins = await tx.user.count({ where: { role: "ADMIN", disabledAt: null } });
      if (activeAdmins <= 1)
        throw new AppError("CONFLICT", "The console must keep at least one active admin.");
    }

    const disabling = input.disabled === true && !existing.disabledAt;
    const data: Prisma.UserUpdateInput = {
      name: input.name,
      role: input.role,
      disabledAt:
        input.disabled === undefined
          ? undefined
          : input.disabled
            ? (existing.disabledAt ?? new Date())
            : null,
    };
    const user = await tx.user.update({ where: { id: existing.id }, data, select: summarySelect });
    // Ends the user's open sessions at their next request (roles are re-read on every request).
    if (disabling)
      await revokeUserSessions({ userId: existing.id, reason: "user_disabled", db: tx });
    await recordAudit({
      db: tx,
      action: "user.updated",
      outcome: "SUCCESS",
      actor: options.actor,
      target: { type: "user", id: user.id },
      details: {
        email: user.email,
        changes: {
          ...(input.name !== undefined && input.name !== existing.name
            ? { name: [existing.name, input.name] }
            : {}),
          ...(input.role !== undefined && input.role !== existing.role
            ? { role: [existing.role, input.role] }
            : {}),
          ...(input.disabled !== undefined && input.disabled !== (existing.disabledAt !== null)
            ? { disabled: [existing.disabledAt !== null, input.disabled] }
            : {}),
        },
      },
    });
    return toSummary(user);
  });
}
