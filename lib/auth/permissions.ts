import type { Role } from "@/lib/db/generated/enums";

/** Who is acting. Services take this instead of reading the session themselves. */
export interface Actor {
  id: string;
  email: string;
  role: Role;
}

const PERMISSIONS = {
  "console:read": ["ADMIN", "SUPPORT", "VIEWER"],
  "payments:refund": ["ADMIN", "SUPPORT"],
  /** A second person's approval of a refund above the threshold (never the requester's own). */
  "payments:approve": ["ADMIN"],
  "emails:resend": ["ADMIN", "SUPPORT"],
  "emails:send": ["ADMIN"],
  /** Undo a wrong customer match: an identifier moves to a customer of its own. */
  "customers:split": ["ADMIN"],
  "webhooks:replay": ["ADMIN"],
  "integrations:control": ["ADMIN"],
  /** GET /api/metrics with a session (machines use METRICS_TOKEN instead). */
  "metrics:read": ["ADMIN"],
  "users:manage": ["ADMIN"],
  "audit:read": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
