import type { Permission } from "../../lib/auth/permissions";

/**
 * Who may use each route, declared once. The authorization matrix (access-control.spec.ts)
 * discovers every page, route handler and server action in app/ and looks each up here, so a
 * new route without an entry fails the suite by name until someone declares its policy.
 *
 * - "public": anyone, no session (still subject to the Origin rule on writes);
 * - "auth": Auth.js's own endpoints (public, CSRF-token protected);
 * - "signature": machine endpoints authenticated by a provider signature: no session, no Origin
 *   rule, no content-type rule in the proxy; only "never 500, never a sign-in redirect" is checked;
 * - "session": any signed-in user; the handler narrows further (e.g. own sessions vs users:manage);
 * - a Permission: signed-in users whose role has it.
 */
export type Access = "public" | "auth" | "signature" | "session" | Permission;

/** Keyed by "METHOD /path" with :param segments, or "action name" for server actions. */
export const POLICY: Record<string, Access> = {
  // Pages
  "GET /login": "public",
  "GET /": "console:read",
  "GET /customers": "console:read",
  "GET /customers/:param": "console:read",
  "GET /transactions": "console:read",
  "GET /transactions/:param": "console:read",
  "GET /approvals": "payments:approve",
  "GET /emails": "console:read",
  "GET /emails/:param": "console:read",
  "GET /emails/unmatched": "console:read",
  "GET /bulk-sends": "emails:send",
  "GET /bulk-sends/:param": "emails:send",
  "GET /webhooks": "console:read",
  "GET /webhooks/:param": "console:read",
  "GET /integrations": "console:read",
  "GET /integrations/:param": "console:read",
  "GET /api-calls": "console:read",
  "GET /api-calls/:param": "console:read",
  "GET /audit": "audit:read",
  "GET /users": "users:manage",
  "GET /account": "console:read",
  // Route handlers
  "GET /api/health": "public",
  "GET /api/metrics": "metrics:read",
  "GET /api/alerts": "console:read",
  "GET /api/auth/:param": "auth",
  "POST /api/auth/:param": "auth",
  "GET /api/audit-log": "audit:read",
  "GET /api/audit-log/export": "audit:read",
  "GET /api/api-calls": "console:read",
  "GET /api/api-calls/:param": "console:read",
  "GET /api/integrations": "console:read",
  "GET /api/integrations/health": "console:read",
  "GET /api/integrations/:param/health": "console:read",
  "POST /api/integrations/:param/circuit": "integrations:control",
  "POST /api/integrations/:param/check": "integrations:control",
  "GET /api/webhook-deliveries": "console:read",
  "GET /api/webhook-deliveries/:param": "console:read",
  "POST /api/webhook-deliveries/replay": "webhooks:replay",
  "GET /api/webhook-deliveries/replays": "console:read",
  "POST /api/webhook-deliveries/replays": "webhooks:replay",
  "GET /api/webhook-deliveries/replays/:param": "console:read",
  "DELETE /api/webhook-deliveries/replays/:param": "webhooks:replay",
  "GET /api/customers": "console:read",
  "GET /api/customers/:param": "console:read",
  "GET /api/customers/:param/timeline": "console:read",
  "POST /api/customers/:param/split": "customers:split",
  "GET /api/transactions": "console:read",
  "POST /api/transactions": "payments:refund",
  "GET /api/transactions/export": "console:read",
  "GET /api/transactions/:param": "console:read",
  "POST /api/transactions/:param/refunds": "payments:refund",
  "POST /api/transactions/:param/resync": "payments:refund",
  "GET /api/transactions/missed-events": "webhooks:replay",
  "POST /api/transactions/missed-events": "webhooks:replay",
  "GET /api/refunds/approvals": "payments:approve",
  "GET /api/emails": "console:read",
  "POST /api/emails": "emails:send",
  "GET /api/emails/export": "console:read",
  "GET /api/emails/templates": "console:read",
  "GET /api/emails/unmatched-events": "console:read",
  "GET /api/emails/:param": "console:read",
  "GET /api/search": "console:read",
  "POST /api/emails/:param/resend": "emails:resend",
  "GET /api/bulk-sends": "emails:send",
  "POST /api/bulk-sends": "emails:send",
  "POST /api/bulk-sends/preview": "emails:send",
  "GET /api/bulk-sends/:param": "emails:send",
  "POST /api/refunds/:param/decision": "payments:approve",
  "GET /api/users": "users:manage",
  "POST /api/users": "users:manage",
  "PATCH /api/users/:param": "users:manage",
  "DELETE /api/users/:param/sessions": "session",
  "DELETE /api/users/:param/sign-in-limits": "users:manage",
  "POST /api/webhooks/:param": "signature",
  // Server actions
  "action signInAction": "public",
  "action signOutAction": "session",
  "action signOutEverywhereAction": "session",
  "action changePasswordAction": "console:read",
  "action createUserAction": "users:manage",
  "action updateUserAction": "users:manage",
  "action endUserSessionsAction": "users:manage",
  "action clearSignInLimitsAction": "users:manage",
  "action controlCircuitAction": "integrations:control",
  "action checkConnectionAction": "integrations:control",
  "action refundAction": "payments:refund",
  "action resyncAction": "payments:refund",
  "action recoverMissedEventsAction": "webhooks:replay",
  "action decideRefundAction": "payments:approve",
};

export function policyFor(key: string): Access {
  const access = POLICY[key];
  if (access === undefined) {
    throw new Error(
      `No declared access policy for "${key}". Add it to POLICY in tests/e2e/access-policy.ts (public, auth, signature, session or a permission).`,
    );
  }
  return access;
}
