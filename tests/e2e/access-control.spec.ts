import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
} from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { apiSession, createUser, e2eAdmin, randomUser } from "./helpers";

interface Route {
  kind: "page" | "api";
  path: string;
  method: string;
}

const PUBLIC = [/^\/login$/, /^\/api\/health$/, /^\/api\/auth\//, /^\/api\/webhooks\//];
// Everything a viewer may open; any other route must answer a viewer with 403.
const VIEWER_ALLOWED = new Set([
  "GET /",
  "GET /transactions",
  "GET /emails",
  "GET /emails/:id",
  "GET /emails/unmatched",
  "GET /api/emails",
  "GET /api/emails/:id",
  "GET /api/emails/export",
  "GET /api/emails/templates",
  "GET /api/emails/unmatched-events",
  "GET /webhooks",
  "GET /integrations",
  "GET /api-calls",
  "GET /api/integrations",
  "GET /api/webhook-deliveries",
  "GET /api/webhook-deliveries/:id",
]);

/** Every page and route handler in app/, so a new route is covered without editing this test. */
function discoverRoutes(): Route[] {
  const appDir = path.resolve(import.meta.dirname, "../../app");
  const routes: Route[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx" || entry.name === "route.ts") {
        const urlPath =
          "/" +
          path
            .relative(appDir, dir)
            .split(path.sep)
            .filter((segment) => segment && !/^\(.*\)$/.test(segment))
            .map((segment) => (segment.startsWith("[") ? randomUUID() : segment))
            .join("/");
        if (entry.name === "page.tsx") routes.push({ kind: "page", path: urlPath, method: "GET" });
        else {
          const source = readFileSync(full, "utf8");
          for (const match of source.matchAll(
            /export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g,
          )) {
            routes.push({ kind: "api", path: urlPath, method: match[1] ?? "GET" });
          }
        }
      }
    }
  };
  walk(appDir);
  return routes.filter((route) => !PUBLIC.some((pattern) => pattern.test(route.path)));
}

const routes = discoverRoutes();
const keyOf = (route: Route) => `${route.method} ${route.path.replace(/[0-9a-f-]{36}/g, ":id")}`;

async function hit(context: APIRequestContext, route: Route) {
  return context.fetch(route.path, {
    method: route.method,
    data: route.method === "GET" ? undefined : {},
    maxRedirects: 0,
  });
}

function expectNoData(body: string) {
  expect(body).not.toContain(e2eAdmin.email);
  expect(body).not.toMatch(/"entries"|"passwordHash"/);
}

test("the route list covers the known pages and APIs", () => {
  const keys = routes.map(keyOf);
  for (const key of [
    "GET /users",
    "GET /audit",
    "GET /transactions",
    "GET /api/users",
    "POST /api/users",
    "PATCH /api/users/:id",
    "GET /api/audit-log",
    "GET /api/integrations",
    "POST /api/integrations/:id/circuit",
  ]) {
    expect(keys).toContain(key);
  }
});

test("without a session every page redirects to sign-in and every API answers 401, each denial audited", async () => {
  const anonymous = await playwrightRequest.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL },
  });
  for (const route of routes) {
    const response = await hit(anonymous, route);
    const body = await response.text();
    if (route.kind === "page") {
      expect(response.status(), keyOf(route)).toBe(307);
      expect(response.headers().location, keyOf(route)).toContain("/login");
    } else {
      expect(response.status(), keyOf(route)).toBe(401);
    }
    expectNoData(body);
  }
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const audit = await (
    await admin.get("/api/audit-log?action=access.denied&outcome=DENIED&limit=200")
  ).json();
  const anonymousPaths = new Set(
    audit.data.entries
      .filter(
        (entry: { actorEmail: string | null; details: { reason?: string } }) =>
          entry.actorEmail === null && entry.details.reason === "unauthenticated",
      )
      .map((entry: { details: { path: string } }) => entry.details.path),
  );
  for (const route of routes) expect(anonymousPaths, keyOf(route)).toContain(route.path);
});

test("a viewer gets 403 from every route outside its role, each denial audited with who and what", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const viewer = randomUser("VIEWER");
  await createUser(admin, viewer);
  const session = await apiSession(viewer.email, viewer.password);
  const denied: Route[] = [];
  for (const route of routes) {
    const response = await hit(session, route);
    const allowed = VIEWER_ALLOWED.has(keyOf(route));
    if (allowed) {
      // 404: a detail route asked for a record that does not exist, which a viewer may read.
      expect([200, 307, 404], keyOf(route)).toContain(response.status());
    } else {
      expect(response.status(), keyOf(route)).toBe(403);
      expectNoData(await response.text());
      denied.push(route);
    }
  }
  expect(denied.length).toBeGreaterThan(0);
  const audit = await (await admin.get("/api/audit-log?action=access.denied&limit=200")).json();
  const viewerDenials = audit.data.entries.filter(
    (entry: { actorEmail: string | null; details: { reason?: string } }) =>
      entry.actorEmail === viewer.email && entry.details.reason === "role",
  );
  expect(viewerDenials.length).toBeGreaterThanOrEqual(denied.length);
});

test("a disabled user's open session stops working at its next request, and that is audited", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const user = randomUser("SUPPORT");
  const id = await createUser(admin, user);
  const session = await apiSession(user.email, user.password);
  expect((await session.get("/transactions", { maxRedirects: 0 })).status()).toBe(200);

  const disable = await admin.patch(`/api/users/${id}`, { data: { disabled: true } });
  expect(disable.status()).toBe(200);

  for (const route of routes) {
    const response = await hit(session, route);
    expect([307, 401], keyOf(route)).toContain(response.status());
    expectNoData(await response.text());
  }
  const audit = await (await admin.get("/api/audit-log?action=access.denied&limit=200")).json();
  expect(
    audit.data.entries.some(
      (entry: { actorEmail: string | null; details: { reason?: string } }) =>
        entry.actorEmail === user.email && entry.details.reason === "user_disabled",
    ),
  ).toBe(true);
  // And the password no longer works either.
  const again = await playwrightRequest.newContext({ baseURL });
  const csrf = await (await again.get("/api/auth/csrf")).json();
  await again.post("/api/auth/callback/credentials", {
    form: { email: user.email, password: user.password, csrfToken: csrf.csrfToken },
    maxRedirects: 0,
  });
  expect((await (await again.get("/api/auth/session")).json())?.user).toBeUndefined();
});

test("a write from another site is refused even with a valid admin session", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const response = await admin.post("/api/users", {
    data: randomUser("VIEWER"),
    headers: { origin: "https://evil.example" },
  });
  expect(response.status()).toBe(403);
  const missing = await admin.post("/api/users", {
    data: randomUser("VIEWER"),
    headers: { origin: "" },
  });
  expect(missing.status()).toBe(403);
});

test("a server action posted from another site, or with no Origin, is refused with 403 and creates nothing", async () => {
  const manifest = JSON.parse(
    readFileSync(
      path.resolve(import.meta.dirname, "../../.next/server/server-reference-manifest.json"),
      "utf8",
    ),
  );
  const actionId = Object.entries(manifest.node as Record<string, { exportedName?: string }>).find(
    ([, entry]) => entry.exportedName === "createUserAction",
  )?.[0];
  expect(actionId).toBeTruthy();
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  for (const origin of ["https://evil.example", ""]) {
    const user = randomUser("ADMIN");
    const response = await admin.post("/users", {
      headers: {
        "next-action": actionId ?? "",
        "content-type": "text/plain;charset=UTF-8",
        origin,
      },
      data: JSON.stringify([user]),
    });
    expect(response.status(), `origin "${origin}"`).toBe(403);
    const users = await (await admin.get("/api/users")).json();
    expect(JSON.stringify(users)).not.toContain(user.email);
  }
});
