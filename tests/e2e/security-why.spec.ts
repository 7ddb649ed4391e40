// One test per finding of the external probe (issue 8, "Why"). Each was seen failing on the
// code before the fix; they stay as regression tests at the HTTP and browser level.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { baseURL } from "../../playwright.config";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";
import { actionId, cookieHeader, fromAddress, signInFrom } from "./security-helpers";

const sameSite = (location: string | undefined) =>
  new URL(location ?? "", baseURL).origin === baseURL;
let addressCounter = randomBytes(1)[0] ?? 0;
/** A loopback source address no other test uses, so per-address counters start from zero. */
const freshAddress = () =>
  `127.0.${20 + (addressCounter++ % 200)}.${1 + ((randomBytes(1)[0] ?? 0) % 250)}`;

test.describe("1. open redirect after sign-in", () => {
  test("a signed-in user opening /login with a hostile callbackUrl stays on this site, and newlines do not 500", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    for (const value of [
      "/%09/evil.example/phish",
      "/%0a/evil.example",
      "/%0d/evil.example",
      "/%5C/evil.example",
    ]) {
      const response = await admin.get(`/login?callbackUrl=${value}`, { maxRedirects: 0 });
      expect(response.status(), value).toBeLessThan(500);
      if (response.status() >= 300 && response.status() < 400)
        expect(sameSite(response.headers().location), value).toBe(true);
    }
  });

  test("a fresh sign-in through the form does not follow a hostile callbackUrl", async ({
    page,
  }) => {
    const visitedEvil: string[] = [];
    await page.route("**/*", (route) => {
      if (new URL(route.request().url()).hostname.endsWith("evil.example")) {
        visitedEvil.push(route.request().url());
        return route.fulfill({ status: 200, body: "phished" });
      }
      return route.continue();
    });
    await page.goto("/login?callbackUrl=/%09/evil.example/phish");
    await page.getByLabel("Email").fill(e2eAdmin.email);
    await page.getByLabel("Password").fill(e2eAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).not.toHaveURL(/\/login/);
    expect(new URL(page.url()).origin).toBe(baseURL);
    expect(visitedEvil).toEqual([]);
  });
});

test.describe("2. sign-out ends the session", () => {
  test("a cookie copied before the UI's sign-out no longer opens pages or APIs", async ({
    page,
    browser,
  }) => {
    const user = randomUser("SUPPORT");
    await createUser(await apiSession(e2eAdmin.email, e2eAdmin.password), user);
    await signIn(page, user.email, user.password);
    const copied = await page.context().cookies();
    await page.getByTestId("user-menu").locator("summary").click();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);

    const replay = await browser.newContext();
    await replay.addCookies(copied);
    const replayed = await replay.newPage();
    await replayed.goto("/transactions");
    await expect(replayed).toHaveURL(/\/login/);
    const api = await replayed.request.get("/api/integrations");
    expect(api.status()).toBe(401);
    await replay.close();
  });

  test("a cookie copied before /api/auth/signout is refused afterwards", async () => {
    const user = randomUser("VIEWER");
    await createUser(await apiSession(e2eAdmin.email, e2eAdmin.password), user);
    const session = await apiSession(user.email, user.password);
    const cookie = await cookieHeader(session);
    const csrf = (await (await session.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await session.post("/api/auth/signout", {
      form: { csrfToken: csrf.csrfToken },
      maxRedirects: 0,
    });

    const replay = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie } });
    expect((await replay.get("/api/integrations")).status()).toBe(401);
    expect((await replay.get("/transactions", { maxRedirects: 0 })).status()).toBe(307);
    const sessionAnswer = await replay.get("/api/auth/session");
    expect(await sessionAnswer.json()).toBeNull();
    expect(sessionAnswer.headers()["set-cookie"] ?? "").not.toMatch(/session-token=[^;]/);
  });

  test("GET /api/auth/session does not push the session's end further out", async () => {
    const { decode } = await import("@auth/core/jwt");
    const secret = readFileSync(
      path.join(process.env.E2E_DATA_DIR ?? "", "auth-secret"),
      "utf8",
    ).trim();
    const session = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const expiry = async () => {
      const { cookies } = await session.storageState();
      const cookie = cookies.find((entry) => entry.name.endsWith("authjs.session-token"));
      const token = await decode({ token: cookie?.value, secret, salt: cookie?.name ?? "" });
      return Number(token?.exp);
    };
    const first = await expiry();
    // Let the clock pass a second boundary, so that a re-issued token would carry a later exp.
    const start = Math.floor(Date.now() / 1000);
    while (Math.floor(Date.now() / 1000) <= start)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await session.get("/api/auth/session");
    expect(await expiry()).toBe(first);
  });
});

test.describe("3. X-Forwarded-For from an untrusted client", () => {
  test("does not reset the per-address sign-in limit", async () => {
    const address = freshAddress();
    let opened = 0;
    const user = randomUser("VIEWER");
    await createUser(await apiSession(e2eAdmin.email, e2eAdmin.password), user);
    for (let attempt = 0; attempt < 32; attempt++) {
      const spoofed = `198.51.100.${attempt + 1}`;
      await signInFrom(
        address,
        `nobody-${randomBytes(4).toString("hex")}@example.test`,
        "wrong-password-123",
        { "x-forwarded-for": spoofed },
      );
    }
    // The address has spent its failures: even a right password from it waits now.
    if (
      await signInFrom(address, user.email, user.password, { "x-forwarded-for": "198.51.100.200" })
    )
      opened++;
    expect(opened).toBe(0);
  });

  test("is not what the audit log records as the address", async () => {
    const email = `nobody-${randomBytes(4).toString("hex")}@example.test`;
    await signInFrom(freshAddress(), email, "wrong-password-123", {
      "x-forwarded-for": "203.0.113.77",
    });
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const audit = await (
      await admin.get("/api/audit-log?action=auth.sign_in_failed&limit=200")
    ).json();
    const row = audit.data.entries.find(
      (entry: { actorEmail: string }) => entry.actorEmail === email,
    );
    expect(row).toBeTruthy();
    expect(row.ip).not.toBe("203.0.113.77");
    expect(row.ip).toMatch(/^127\./);
  });
});

test("4. failures from many addresses do not keep the real user out, and an admin sees and clears them", async ({
  page,
}) => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const victim = randomUser("ADMIN");
  await createUser(admin, victim);
  const home = freshAddress();
  expect(await signInFrom(home, victim.email, victim.password)).toBe(true);
  // 25 attackers, one guess each: past the per-account limit, spread so no address is blocked.
  for (let attacker = 0; attacker < 25; attacker++)
    await signInFrom(freshAddress(), victim.email, `guess-${attacker}-password`);
  // The real user still gets in from where they usually sign in.
  expect(await signInFrom(home, victim.email, victim.password)).toBe(true);
  // A new address is refused for now…
  expect(await signInFrom(freshAddress(), victim.email, victim.password)).toBe(false);

  // …until an admin, who sees the counters on the Users page, clears them.
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.goto("/users");
  const row = page.getByTestId(`user-row-${victim.email}`);
  await expect(row.getByTestId("sign-in-counters")).toContainText("20 failed");
  await expect(row.getByTestId("sign-in-counters")).toContainText("new addresses refused");
  await row.getByRole("button", { name: "Clear limits" }).click();
  await expect(page.getByText(`Cleared sign-in limits of ${victim.email}.`)).toBeVisible();
  await expect(row.getByTestId("sign-in-counters")).toHaveText("None");
  expect(await signInFrom(freshAddress(), victim.email, victim.password)).toBe(true);
});

test.describe("5. security headers", () => {
  test("every response carries CSP with a nonce and frame-ancestors, nosniff, referrer and permissions policies", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    for (const pathname of ["/users", "/login", "/api/users", "/api/health", "/no-such-page"]) {
      const headers = (await admin.get(pathname, { maxRedirects: 0 })).headers();
      expect(headers["content-security-policy"], pathname).toMatch(/frame-ancestors 'none'/);
      expect(headers["x-content-type-options"], pathname).toBe("nosniff");
      expect(headers["referrer-policy"], pathname).toBe("strict-origin-when-cross-origin");
      expect(headers["permissions-policy"], pathname).toMatch(/camera=\(\)/);
    }
    const page = (await admin.get("/users")).headers()["content-security-policy"] ?? "";
    expect(page).toMatch(/script-src[^;]*'nonce-[A-Za-z0-9+/=]+'/);
  });

  test("/users does not render inside another origin's frame", async ({ page, cspViolations }) => {
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    // Another port on the same host is another origin but the same site, so the session cookie
    // rides along into the frame: only the page's own framing policy can refuse it.
    const framerServer = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<iframe id="victim" src="${baseURL}/users" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framerServer.listen(0, "127.0.0.1", resolve));
    const address = framerServer.address();
    const framer = `http://localhost:${typeof address === "object" && address ? address.port : 0}/`;
    // goto resolves on the load event, which waits for the frame to load or be refused.
    await page.goto(framer);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame).toBeTruthy();
    expect(await frame?.getByRole("button", { name: "Add user" }).count()).toBe(0);
    expect(await frame?.getByText("Users").count()).toBe(0);
    framerServer.close();
    // The browser reports the refusal; that one is expected here, and only that one.
    expect(cspViolations.filter((violation) => !/frame-ancestors/.test(violation))).toEqual([]);
    cspViolations.length = 0;
  });
});

test.describe("6. bad input gets a 4xx, never a 500", () => {
  test("NUL in names, circuit reasons and the audit filter", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const created = await admin.post("/api/users", {
      data: { ...randomUser("VIEWER"), name: "bad\u0000name" },
    });
    expect(created.status()).toBe(422);
    expect((await created.json()).error.fieldErrors).toHaveProperty("name");
    const user = randomUser("VIEWER");
    const id = await createUser(admin, user);
    const patched = await admin.patch(`/api/users/${id}`, { data: { name: "bad\u0000name" } });
    expect(patched.status()).toBe(422);
    const circuit = await admin.post("/api/integrations/stripe/circuit", {
      data: { action: "force_open", reason: "nul\u0000reason" },
    });
    expect(circuit.status()).toBe(422);
    expect((await circuit.json()).error.fieldErrors).toHaveProperty("reason");
    const audit = await admin.get("/api/audit-log?action=%00");
    expect(audit.status()).toBe(422);
  });

  test("oversized and malformed server-action bodies", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const { id, page } = actionId("createUserAction");
    const post = (body: string, contentType = "text/plain;charset=UTF-8") =>
      admin.post(page, {
        headers: { "next-action": id, "content-type": contentType, origin: baseURL },
        data: body,
      });
    const big = await post(JSON.stringify([{ name: "x".repeat(1_100_000) }]));
    expect(big.status()).toBeGreaterThanOrEqual(400);
    expect(big.status()).toBeLessThan(500);
    for (const body of ["{not json", "[", '["$Q1"]', "\u0000"]) {
      const response = await post(body);
      expect(response.status(), JSON.stringify(body)).toBeLessThan(500);
    }
    const multipart = await post(
      '--x\r\nContent-Disposition: form-data; name="0"\r\n\r\n[\r\n--x--',
      "multipart/form-data; boundary=x",
    );
    expect(multipart.status()).toBeLessThan(500);
  });

  test("TRACE on any path gets 405", async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    for (const pathname of ["/", "/login", "/api/health", "/api/users"]) {
      const response = await anonymous.fetch(pathname, { method: "TRACE", maxRedirects: 0 });
      expect(response.status(), pathname).toBe(405);
    }
  });
});

test.describe("7. audit gaps", () => {
  test("sign-outs, invalid-input sign-ins and Auth.js CSRF failures are recorded with an address", async () => {
    const user = randomUser("VIEWER");
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    await createUser(admin, user);
    const session = await apiSession(user.email, user.password);
    const csrf = (await (await session.get("/api/auth/csrf")).json()) as { csrfToken: string };
    await session.post("/api/auth/signout", {
      form: { csrfToken: csrf.csrfToken },
      maxRedirects: 0,
    });

    const marker = randomBytes(4).toString("hex");
    const anonymous = await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL },
    });
    const token = ((await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string })
      .csrfToken;
    await anonymous.post("/api/auth/callback/credentials", {
      form: { email: `not-an-email-${marker}`, password: "x", csrfToken: token },
      maxRedirects: 0,
    });
    await anonymous.post("/api/auth/callback/credentials", {
      form: { email: `csrf-${marker}@example.test`, password: "whatever-password" },
      maxRedirects: 0,
    });

    const entries = (await (await admin.get("/api/audit-log?action=auth.&limit=200")).json()).data
      .entries as {
      action: string;
      actorEmail: string | null;
      ip: string | null;
      details: Record<string, unknown>;
    }[];
    const signOut = entries.find(
      (entry) => entry.action === "auth.sign_out" && entry.actorEmail === user.email,
    );
    expect(signOut?.ip).toBeTruthy();
    const invalid = entries.find(
      (entry) => entry.action === "auth.sign_in_failed" && entry.details.reason === "invalid_input",
    );
    expect(invalid?.ip).toBeTruthy();
    const csrfFailure = entries.find((entry) => entry.action === "auth.csrf_failed");
    expect(csrfFailure?.ip).toBeTruthy();
  });

  test("a cross-site multipart POST without Next-Action is refused and recorded", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const response = await admin.post("/users", {
      headers: { origin: "https://evil.example" },
      multipart: { email: "x@evil.example", role: "ADMIN" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    const audit = await (await admin.get("/api/audit-log?action=access.denied&limit=200")).json();
    expect(
      audit.data.entries.some(
        (entry: { details: { reason?: string; origin?: string } }) =>
          entry.details.reason === "origin" && entry.details.origin === "https://evil.example",
      ),
    ).toBe(true);
  });

  test("user changes and role denials carry the address", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const viewer = randomUser("VIEWER");
    const id = await createUser(admin, viewer);
    const viewerSession = await apiSession(viewer.email, viewer.password);
    expect((await viewerSession.get("/api/users")).status()).toBe(403);
    const changes = (await (await admin.get("/api/audit-log?action=user.created&limit=50")).json())
      .data.entries;
    expect(
      changes.find((entry: { target: string }) => entry.target === `user:${id}`)?.ip,
    ).toBeTruthy();
    const denials = (
      await (await admin.get("/api/audit-log?action=access.denied&limit=200")).json()
    ).data.entries;
    expect(
      denials.find(
        (entry: { actorEmail: string; details: { reason?: string } }) =>
          entry.actorEmail === viewer.email && entry.details.reason === "role",
      )?.ip,
    ).toBeTruthy();
  });

  test("a burst of anonymous requests does not write a row each", async () => {
    const address = freshAddress();
    const requests = 200;
    for (let batch = 0; batch < requests / 20; batch++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          fromAddress(address, `/api/flood-${batch}-${index}`),
        ),
      );
    }
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const entries = (
      await (await admin.get("/api/audit-log?action=access.denied&limit=200")).json()
    ).data.entries;
    const rows = entries.filter(
      (entry: { ip: string | null; details: { reason?: string } }) =>
        entry.ip === address && entry.details.reason === "unauthenticated",
    );
    // One row per address and ten-minute window, with the count of requests it stands for.
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(rows.reduce((sum: number, row: { count?: number }) => sum + (row.count ?? 1), 0)).toBe(
      requests,
    );
  });
});

test.describe("8. the Origin check", () => {
  test("does not trust X-Forwarded-Host from an untrusted client", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const user = randomUser("VIEWER");
    const forwarded = await admin.post("/api/users", {
      data: user,
      headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example" },
    });
    expect(forwarded.status()).toBe(403);
    expect(JSON.stringify(await (await admin.get("/api/users")).json())).not.toContain(user.email);
  });

  test("compares the scheme", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const scheme = await admin.post("/api/users", {
      data: randomUser("VIEWER"),
      headers: { origin: baseURL.replace("http:", "https:") },
    });
    expect(scheme.status()).toBe(403);
  });

  test("JSON APIs refuse text/plain and form bodies", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const plain = await admin.post("/api/users", {
      data: JSON.stringify(randomUser("VIEWER")),
      headers: { "content-type": "text/plain" },
    });
    expect(plain.status()).toBe(415);
    const form = await admin.post("/api/users", { form: { email: "x@example.test" } });
    expect(form.status()).toBe(415);
  });

  test("signOutAction does not run without an Origin, even posted as a plain form", async () => {
    const user = randomUser("VIEWER");
    await createUser(await apiSession(e2eAdmin.email, e2eAdmin.password), user);
    const session = await apiSession(user.email, user.password);
    const { id } = actionId("signOutAction");
    // A form posted without JavaScript names its action in a field, not in the Next-Action header.
    const response = await session.post("/transactions", {
      headers: { origin: "" },
      multipart: { [`$ACTION_ID_${id}`]: "" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect((await session.get("/api/integrations")).status()).toBe(200);
  });
});

test.describe("9. what anonymous and read-only callers see", () => {
  test("anonymous /api/health answers its status only", async () => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    const body = await (await anonymous.get("/api/health")).json();
    expect(Object.keys(body)).toEqual(["status"]);
    expect(["up", "degraded"]).toContain(body.status);
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    expect(await (await admin.get("/api/health")).json()).toHaveProperty("database");
  });
});

test.describe("9b. what read-only callers see", () => {
  test("a viewer's /api/integrations does not show who forced a circuit", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const me = (await (await admin.get("/api/auth/session")).json()) as { user: { id: string } };
    for (const action of ["force_open", "reset"]) {
      const response = await admin.post("/api/integrations/sendgrid/circuit", {
        data: { action, reason: "transition made by the security test" },
      });
      expect(response.status()).toBe(200);
    }
    const viewer = randomUser("VIEWER");
    await createUser(admin, viewer);
    const body = await (
      await (await apiSession(viewer.email, viewer.password)).get("/api/integrations")
    ).text();
    expect(body).not.toContain(e2eAdmin.email);
    expect(body).not.toContain(me.user.id);
  });
});

test("10. a password of spaces or a common one is refused", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  for (const password of [" ".repeat(12), "password1234", "qwerty123456"]) {
    const response = await admin.post("/api/users", {
      data: { ...randomUser("VIEWER"), password },
    });
    expect(response.status(), JSON.stringify(password)).toBe(422);
    expect((await response.json()).error.fieldErrors, JSON.stringify(password)).toHaveProperty(
      "password",
    );
  }
});
