import { randomUUID } from "node:crypto";
import {
  request as playwrightRequest,
  type APIRequestContext,
  type APIResponse,
} from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { can, isPermission } from "../../lib/auth/permissions";
import { policyFor, type Access } from "./access-policy";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";
import { concretePath, discoverActions, discoverRoutes } from "./routes";
import { serverActions } from "./security-helpers";

type Role = "ADMIN" | "SUPPORT" | "VIEWER";
type Actor = "anonymous" | Role;
const ORIGINS = {
  same: baseURL,
  foreign: "https://evil.example",
  missing: "",
  null: "null",
} as const;
type OriginCase = keyof typeof ORIGINS;

const routes = discoverRoutes();
const actions = discoverActions();

test("every discovered route and server action has a declared access policy", () => {
  const missing: string[] = [];
  for (const key of [...routes.map((route) => route.key), ...actions.map((action) => action.key)]) {
    try {
      policyFor(key);
    } catch (error) {
      missing.push(String(error));
    }
  }
  expect(missing, missing.join("\n")).toEqual([]);
  // The discovery itself works: known routes and actions are in it.
  expect(routes.map((route) => route.key)).toEqual(
    expect.arrayContaining([
      "GET /users",
      "POST /api/users",
      "PATCH /api/users/:param",
      "POST /api/integrations/:param/circuit",
    ]),
  );
  expect(actions.map((action) => action.name)).toEqual(
    expect.arrayContaining(["createUserAction", "signOutAction", "controlCircuitAction"]),
  );
});

async function sessionFor(actor: Actor, admin: APIRequestContext): Promise<APIRequestContext> {
  if (actor === "anonymous") return playwrightRequest.newContext({ baseURL });
  if (actor === "ADMIN") return apiSession(e2eAdmin.email, e2eAdmin.password);
  const user = randomUser(actor);
  await createUser(admin, user);
  return apiSession(user.email, user.password);
}

function describeCase(key: string, actor: Actor, origin: OriginCase, status: number) {
  return `${key} as ${actor} with ${origin} Origin answered ${status}`;
}

function expectRefusedByOrigin(response: APIResponse, label: string) {
  expect(response.status(), label).toBe(403);
}

/** What `actor` must get from a route with `access`, given a same-origin (or safe) request. */
async function expectAccess(
  response: APIResponse,
  options: { access: Access; actor: Actor; kind: "page" | "api"; label: string },
) {
  const { access, actor, kind, label } = options;
  const status = response.status();
  expect(status, label).toBeLessThan(500);
  if (access === "signature") {
    expect(response.headers().location ?? "", label).not.toContain("/login");
    return;
  }
  if (access === "public" || access === "auth") {
    expect([401, 403], label).not.toContain(status);
    return;
  }
  if (actor === "anonymous") {
    if (kind === "page") {
      expect(status, label).toBe(307);
      expect(response.headers().location, label).toContain("/login");
    } else expect(status, label).toBe(401);
    return;
  }
  if (access === "session") {
    expect(status, label).not.toBe(401);
    return;
  }
  if (isPermission(access) && !can(actor, access)) {
    expect(status, label).toBe(403);
    const body = await response.text();
    expect(body, label).not.toContain(e2eAdmin.email);
    return;
  }
  expect([401, 403], label).not.toContain(status);
}

test("the authorization matrix: every route, for each role and anonymous, with same, foreign, missing and null Origin", async () => {
  test.setTimeout(180_000);
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  for (const actor of ["anonymous", "VIEWER", "SUPPORT", "ADMIN"] as const) {
    const session = await sessionFor(actor, admin);
    for (const route of routes) {
      const access = policyFor(route.key);
      const url = concretePath(route.pattern, randomUUID());
      const writes = route.method !== "GET";
      for (const origin of writes ? (Object.keys(ORIGINS) as OriginCase[]) : (["same"] as const)) {
        const response = await session.fetch(url, {
          method: route.method,
          headers: { origin: ORIGINS[origin] },
          data: writes ? {} : undefined,
          maxRedirects: 0,
        });
        const label = describeCase(route.key, actor, origin, response.status());
        if (writes && origin !== "same" && access !== "signature")
          expectRefusedByOrigin(response, label);
        else await expectAccess(response, { access, actor, kind: route.kind, label });
      }
    }
  }
});

test("the authorization matrix for server actions: each role and anonymous, with same, foreign, missing and null Origin", async () => {
  test.setTimeout(180_000);
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const built = serverActions();
  // Sign-out actions end the caller's session: they run last, each with a session of its own.
  const ordered = [...actions].sort(
    (a, b) => Number(a.name.startsWith("signOut")) - Number(b.name.startsWith("signOut")),
  );
  for (const actor of ["anonymous", "VIEWER", "SUPPORT", "ADMIN"] as const) {
    for (const action of ordered) {
      const access = policyFor(action.key);
      const entry = built.find((candidate) => candidate.name === action.name);
      expect(entry, `${action.name} is in the build`).toBeTruthy();
      for (const origin of Object.keys(ORIGINS) as OriginCase[]) {
        const session = await sessionFor(actor, admin);
        const response = await session.post(entry?.page ?? "/", {
          headers: {
            "next-action": entry?.id ?? "",
            "content-type": "text/plain;charset=UTF-8",
            origin: ORIGINS[origin],
          },
          data: JSON.stringify([randomUUID(), {}]),
          maxRedirects: 0,
        });
        const label = describeCase(action.key, actor, origin, response.status());
        expect(response.status(), label).toBeLessThan(500);
        if (origin !== "same") {
          expectRefusedByOrigin(response, label);
          continue;
        }
        const body = await response.text();
        if (access === "public") continue;
        if (actor === "anonymous") {
          expect(response.status(), label).toBe(401);
        } else if (isPermission(access) && !can(actor, access)) {
          expect(body, label).toContain("does not allow");
        } else {
          expect(body, label).not.toMatch(/does not allow|session has ended/);
        }
        if (actor !== "anonymous") await session.dispose();
      }
    }
  }
});

test("anonymous denials are audited with their address, folded into a counted row", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const countNow = async () => {
    const entries = (
      await (await admin.get("/api/audit-log?action=access.denied&outcome=DENIED&limit=200")).json()
    ).data.entries as {
      ip: string | null;
      count: number;
      actorEmail: string | null;
      details: { reason?: string };
    }[];
    return entries
      .filter(
        (entry) =>
          entry.actorEmail === null && entry.details.reason === "unauthenticated" && entry.ip,
      )
      .reduce((sum, entry) => sum + entry.count, 0);
  };
  const before = await countNow();
  const protectedRoutes = routes.filter(
    (route) => !["public", "auth", "signature"].includes(policyFor(route.key)),
  );
  for (const route of protectedRoutes) {
    await anonymous.fetch(concretePath(route.pattern, randomUUID()), {
      method: route.method,
      headers: { origin: baseURL },
      data: route.method === "GET" ? undefined : {},
      maxRedirects: 0,
    });
  }
  expect(await countNow()).toBeGreaterThanOrEqual(before + protectedRoutes.length);
});

test("a disabled user's open browser session stops working at its next request, and that is audited", async ({
  page,
}) => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const user = randomUser("SUPPORT");
  const id = await createUser(admin, user);
  await signIn(page, user.email, user.password);
  await page.goto("/transactions");
  await expect(page.getByTestId("user-role")).toHaveText("Support");

  expect((await admin.patch(`/api/users/${id}`, { data: { disabled: true } })).status()).toBe(200);

  // The very next page load and API call from the same browser are refused.
  await page.goto("/transactions");
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/integrations")).status()).toBe(401);
  const audit = await (await admin.get("/api/audit-log?action=access.denied&limit=200")).json();
  expect(
    audit.data.entries.some(
      (entry: { actorEmail: string | null; details: { reason?: string } }) =>
        entry.actorEmail === user.email && entry.details.reason === "user_disabled",
    ),
  ).toBe(true);
  // And the password no longer opens a session.
  await signIn(page, user.email, user.password).catch(() => undefined);
  await expect(page).toHaveURL(/\/login/);
});
