// The API-call explorer and the audit log in Chromium, on their own `next start` over a fresh
// PostgreSQL database seeded with hostile rows (a 254-character email, secrets stored raw, a huge
// details object, a folded flood), so what the pages show is known exactly. Screenshots at
// 1280 px, light and dark, go to test-results/screenshots/.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  request as playwrightRequest,
  type APIRequestContext,
  type Browser,
  type Page,
} from "@playwright/test";
import pg from "pg";
import { expect, test } from "./fixtures";
import { randomUser } from "./helpers";

const root = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const port = Number(process.env.E2E_PORT ?? 3100) + 1000;
const origin = `http://localhost:${port}`;
const shots = path.join(root, "test-results/screenshots");

// 64 + 1 + 63 + 1 + 63 + 1 + 56 + 5 = 254 characters, the most an address may have.
const LONG_EMAIL = `${"l".repeat(64)}@${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(56)}.test`;
const admin = { email: LONG_EMAIL, password: "explorer and audit, end to end" };
const SECRET_KEY = `sk_live_${randomBytes(12).toString("hex")}`;
const SECRET_TOKEN = `tok${randomBytes(12).toString("hex")}`;
const HOSTILE = `=HYPERLINK("http://evil.example/","click me")`;
const PROVIDER = "acme";

async function waitForHealth(child: ChildProcess) {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/api/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${origin} did not become healthy`);
}

async function seed(db: pg.Client) {
  // 120 ordinary calls a second apart, newest first, in pairs sharing a correlation id.
  await db.query(
    `INSERT INTO "ApiCall" ("id","createdAt","provider","operation","method","path","status",
       "durationMs","attempt","outcome","errorCode","correlationId","actorEmail","requestBody","responseBody")
     SELECT gen_random_uuid(), now() - i * interval '1 second', $1,
            CASE WHEN i % 2 = 0 THEN 'orders.create' ELSE 'orders.list' END,
            CASE WHEN i % 2 = 0 THEN 'POST' ELSE 'GET' END, '/v1/orders/' || i,
            CASE WHEN i % 10 = 3 THEN 503 WHEN i % 10 = 7 THEN 429 ELSE 200 END,
            (i * 37) % 3000, 1 + i % 2,
            (CASE WHEN i % 10 = 3 THEN 'HTTP_ERROR' WHEN i % 10 = 7 THEN 'RATE_LIMITED' ELSE 'SUCCESS' END)::"ApiCallOutcome",
            CASE WHEN i % 10 = 3 THEN 'service_unavailable' ELSE NULL END,
            'corr-' || (i / 2), 'support@example.com',
            jsonb_build_object('amount', i * 100, 'currency', 'jpy'),
            jsonb_build_object('id', 'ord_' || i, 'total', '¥' || (i * 100))
     FROM generate_series(2, 121) AS i`,
    [PROVIDER],
  );
  // One call written as an unredacting writer would have: secrets in the path and both bodies.
  await db.query(
    `INSERT INTO "ApiCall" ("id","createdAt","provider","operation","method","path","status",
       "durationMs","attempt","outcome","correlationId","actorEmail","idempotencyKey","requestBody","responseBody")
     VALUES (gen_random_uuid(), now(), $1, 'refunds.create.with-a-rather-long-operation-name', 'POST',
       $2, 200, 1234, 1, 'SUCCESS', 'corr-secret', $3, 'idem-e2e-1', $4, $5)`,
    [
      PROVIDER,
      `/v1/refunds?api_key=${SECRET_KEY}&expand[]=charge`,
      LONG_EMAIL,
      JSON.stringify({
        amount: 0,
        currency: "usd",
        api_key: SECRET_KEY,
        note: `Authorization: Bearer ${SECRET_TOKEN}`,
        metadata: { reason: "duplicate", password: SECRET_TOKEN },
      }),
      JSON.stringify({ id: "re_1", amount: 0, client_secret: SECRET_TOKEN, echoed: SECRET_KEY }),
    ],
  );
  const huge = {
    reason: "bulk import",
    request: {
      path: `/api/users/${"x".repeat(300)}`,
      headers: Object.fromEntries(
        Array.from({ length: 30 }, (_, index) => [`x-header-${index}`, "v".repeat(120)]),
      ),
    },
    note: "w".repeat(2_000),
    list: Array.from({ length: 40 }, (_, index) => ({ id: index, value: `item-${index}` })),
  };
  await db.query(
    `INSERT INTO "AuditLog" ("id","createdAt","actorEmail","action","outcome","targetType","targetId","ip","details","count","lastSeenAt","foldKey")
     VALUES
       (gen_random_uuid(), now() - interval '1 minute', $1, 'user.updated', 'SUCCESS', 'user', gen_random_uuid()::text, '::ffff:127.0.0.1', $2, 1, NULL, NULL),
       (gen_random_uuid(), now() - interval '2 minutes', NULL, 'access.denied', 'DENIED', NULL, NULL, '::ffff:203.0.113.77', '{"reason":"no session","path":"/api/users"}', 1234, now() - interval '90 seconds', 'e2e-fold'),
       (gen_random_uuid(), now() - interval '3 minutes', $3, 'auth.sign_in_failed', 'FAILURE', NULL, NULL, '198.51.100.2', '{"reason":"bad password","attempt":{"count":3,"blocked":false}}', 1, NULL, NULL),
       (gen_random_uuid(), '2020-01-15T10:00:00Z', 'old@example.com', 'user.created', 'SUCCESS', NULL, NULL, '10.0.0.1', '{}', 1, NULL, NULL)`,
    [LONG_EMAIL, JSON.stringify(huge), HOSTILE],
  );
}

async function signInAt(email: string, password: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({
    baseURL: origin,
    extraHTTPHeaders: { origin },
  });
  const { csrfToken } = (await (await context.get("/api/auth/csrf")).json()) as {
    csrfToken: string;
  };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, callbackUrl: `${origin}/` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  return context;
}

async function browserAs(browser: Browser, api: APIRequestContext, theme: "light" | "dark") {
  const context = await browser.newContext({
    baseURL: origin,
    viewport: { width: 1280, height: 900 },
    storageState: await api.storageState(),
  });
  await context.addCookies([{ name: "theme", value: theme, url: origin }]);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  return context;
}

/** A full-page screenshot, after checking that nothing overflows sideways at 1280 px. */
async function shoot(page: Page, name: string) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${name} overflows horizontally by ${overflow}px`).toBeLessThanOrEqual(0);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test.describe.serial("the API-call explorer and the audit log", () => {
  const children: ChildProcess[] = [];
  let control: pg.Client;
  let dbName = "";
  let adminApi: APIRequestContext;
  let supportApi: APIRequestContext;
  let viewerApi: APIRequestContext;

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    dbName = `ic_e2e_explorer_${randomBytes(4).toString("hex")}`;
    control = new pg.Client({ connectionString: serverUrl });
    await control.connect();
    await control.query(`CREATE DATABASE "${dbName}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${dbName}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${path.join(root, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
      DATABASE_URL: url.toString(),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      LOG_LEVEL: "warn",
    };
    delete env.EMBEDDED_DATABASE;
    const migrated = spawnSync(bin("tsx"), ["scripts/db-migrate.ts"], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await seed(db);
    await db.end();
    const child = spawn(bin("next"), ["start", "--port", String(port)], {
      cwd: root,
      env: {
        ...env,
        PORT: String(port),
        APP_URL: origin,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        NEXT_TELEMETRY_DISABLED: "1",
        JOB_WORKER: "off",
        INTEGRATIONS_CONFIG: JSON.stringify({
          providers: [
            {
              name: PROVIDER,
              displayName: "Acme (test provider)",
              baseUrl: "http://127.0.0.1:9",
              rateLimitPerSecond: 10,
              auth: { scheme: "header", header: "X-Acme-Key", value: "acme-key-never-shown" },
            },
          ],
        }),
      },
      stdio: "ignore",
    });
    children.push(child);
    await waitForHealth(child);
    adminApi = await signInAt(admin.email, admin.password);
    const support = randomUser("SUPPORT");
    const viewer = randomUser("VIEWER");
    for (const user of [support, viewer]) {
      const created = await adminApi.post("/api/users", { data: user });
      expect(created.status(), await created.text()).toBe(200);
    }
    supportApi = await signInAt(support.email, support.password);
    viewerApi = await signInAt(viewer.email, viewer.password);
  });

  test.afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(
      children.map((child) =>
        child.exitCode === null
          ? new Promise((resolve) => child.once("exit", resolve))
          : Promise.resolve(),
      ),
    );
    if (control) {
      await control.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await control.end();
    }
  });

  test("the explorer filters through the URL, pages by keyset, and shows a call without its secrets", async ({
    browser,
  }) => {
    for (const theme of ["light", "dark"] as const) {
      const context = await browserAs(browser, adminApi, theme);
      const page = await context.newPage();
      await page.goto("/api-calls");
      const table = page.getByTestId("api-calls-table");
      await expect(table).toBeVisible();
      await expect(table.locator("tbody tr")).toHaveCount(50);
      await expect(page.locator("body")).not.toContainText(SECRET_KEY);
      await shoot(page, `api-calls-${theme}`);

      if (theme === "light") {
        // Filters go into the URL and survive a reload.
        await page.getByLabel("Provider").selectOption(PROVIDER);
        await page.getByLabel("Status").fill("5xx");
        await page.getByRole("button", { name: "Filter" }).click();
        await expect(page).toHaveURL(/provider=acme/);
        await expect(page).toHaveURL(/status=5xx/);
        await page.reload();
        await expect(page.getByLabel("Status")).toHaveValue("5xx");
        const rows = table.locator("tbody tr");
        await expect(rows).toHaveCount(12);
        for (const text of await rows.allInnerTexts()) expect(text).toContain("503");

        // Keyset pages: 121 calls, 50 + 50 + 21, none twice.
        await page.goto(`/api-calls?provider=${PROVIDER}`);
        const seen = new Set<string>();
        const requestLinks = table.locator("tbody tr td:nth-child(3) a");
        let previousFirst = "";
        for (let pageNumber = 0; pageNumber < 3; pageNumber++) {
          // Wait for the next page to be on screen (client navigation changes the URL first).
          await expect
            .poll(() => requestLinks.first().getAttribute("href"))
            .not.toBe(previousFirst);
          const links = await requestLinks.evaluateAll((anchors) =>
            anchors.map((anchor) => anchor.getAttribute("href") ?? ""),
          );
          for (const link of links) seen.add(link);
          previousFirst = links[0] ?? "";
          if (pageNumber < 2) await page.getByRole("link", { name: "Older calls →" }).click();
        }
        expect(seen.size).toBe(121);
        await expect(page.getByText("End of the log")).toBeVisible();

        // Following a correlation id narrows to that action's attempts.
        await page.goto("/api-calls?correlationId=corr-10");
        await expect(table.locator("tbody tr")).toHaveCount(2);

        // Nothing matches: the empty state says what to do.
        await page.goto("/api-calls?minMs=86400000");
        await expect(page.getByTestId("api-calls-empty")).toContainText("No API call matches");
        await shoot(page, "api-calls-empty-light");

        // A malformed filter is explained, not a crash.
        await page.goto("/api-calls?status=teapot");
        await expect(
          page.getByRole("alert").filter({ hasText: "Status is an outcome" }),
        ).toBeVisible();
      }

      // The detail: redacted bodies, and "copy as curl" carrying no secret.
      await page.goto(`/api-calls?correlationId=corr-secret`);
      await table.locator("tbody tr td:nth-child(3) a").first().click();
      await expect(page.getByTestId("api-call-title")).toContainText("/v1/refunds");
      const curl = page.getByTestId("api-call-curl");
      await expect(curl).toContainText("X-Acme-Key: [REDACTED]");
      await expect(page.locator("body")).toContainText(LONG_EMAIL);
      const body = await page.locator("body").innerText();
      for (const secret of [SECRET_KEY, SECRET_TOKEN, "acme-key-never-shown"])
        expect(body).not.toContain(secret);
      await page.getByRole("button", { name: "Copy as curl" }).click();
      await expect(page.getByText("Copied.")).toBeVisible();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^curl -X POST 'http:\/\/127\.0\.0\.1:9\/v1\/refunds\?api_key=/);
      expect(copied).toContain("X-Acme-Key: [REDACTED]");
      for (const secret of [SECRET_KEY, SECRET_TOKEN, "acme-key-never-shown"])
        expect(copied).not.toContain(secret);
      await shoot(page, `api-call-detail-${theme}`);
      await context.close();
    }
  });

  test("the audit log reads as fields, folds the flood, filters through the URL and exports defused CSV", async ({
    browser,
  }) => {
    for (const theme of ["light", "dark"] as const) {
      const context = await browserAs(browser, adminApi, theme);
      const page = await context.newPage();
      await page.goto("/audit");
      const table = page.getByTestId("audit-table");
      await expect(table).toBeVisible();
      // Readable fields, not JSON; addresses without the IPv6 mapping; the flood as one counted row.
      await expect(table).toContainText("request.headers.x-header-0");
      await expect(table).not.toContainText('{"reason"');
      await expect(table).toContainText("127.0.0.1");
      await expect(table).not.toContainText("::ffff:");
      await expect(page.getByTestId("audit-count").filter({ hasText: "1,234" })).toHaveText(
        "× 1,234 times",
      );
      await expect(table).toContainText(LONG_EMAIL);
      await shoot(page, `audit-${theme}`);
      await context.close();
    }

    const context = await browserAs(browser, adminApi, "light");
    const page = await context.newPage();
    await page.goto("/audit");
    await page.getByLabel("Outcome").selectOption("DENIED");
    await page.getByLabel("Action starts with").fill("access.");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/outcome=DENIED/);
    await expect(page).toHaveURL(/action=access\./);
    const rows = page.getByTestId("audit-row");
    await expect(rows.first()).toContainText("access.denied");
    for (const text of await rows.allInnerTexts()) expect(text).toContain("Denied");

    await page.goto("/audit?from=2020-01-01&to=2020-01-31");
    await expect(page.getByTestId("audit-row")).toHaveCount(1);
    await expect(page.getByTestId("audit-row")).toContainText("old@example.com");

    await page.goto("/audit?actor=nobody-at-all-here");
    await expect(page.getByTestId("audit-empty")).toContainText("No entry matches");
    await shoot(page, "audit-empty-light");

    // The export takes the page's filters, defuses formulas, and is itself audited.
    await page.goto("/audit?outcome=FAILURE");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const csv = readFileSync((await (await download).path()) ?? "", "utf8");
    expect(csv.split("\r\n")[0]).toContain("created_at,last_seen_at,count,action");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/"",""click me"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv).not.toContain("user.updated");
    await page.goto("/audit?action=audit.exported");
    await expect(page.getByTestId("audit-row").first()).toContainText("filters.outcome");
    await context.close();
  });

  test("roles: every role reads the explorer; only admins read or export the audit log", async () => {
    for (const api of [adminApi, supportApi, viewerApi]) {
      expect((await api.get("/api/api-calls?limit=5")).status()).toBe(200);
      expect((await api.get("/api-calls")).status()).toBe(200);
    }
    const list = (await (
      await viewerApi.get(`/api/api-calls?provider=${PROVIDER}&limit=200`)
    ).json()) as {
      data: { calls: { id: string; operation: string }[] };
    };
    const secretCall = list.data.calls.find((call) => call.operation.startsWith("refunds.create"));
    const detail = await viewerApi.get(`/api/api-calls/${secretCall?.id ?? ""}`);
    expect(detail.status()).toBe(200);
    const detailText = await detail.text();
    for (const secret of [SECRET_KEY, SECRET_TOKEN, "acme-key-never-shown"])
      expect(detailText).not.toContain(secret);

    for (const api of [supportApi, viewerApi]) {
      expect((await api.get("/api/audit-log")).status()).toBe(403);
      expect((await api.get("/api/audit-log/export")).status()).toBe(403);
      expect((await api.get("/audit")).status()).toBe(403);
    }
    const anonymous = await playwrightRequest.newContext({ baseURL: origin });
    expect((await anonymous.get("/api/api-calls")).status()).toBe(401);
    expect((await anonymous.get("/api/audit-log/export")).status()).toBe(401);
    await anonymous.dispose();
  });

  test("the audit log cannot be edited, and malformed queries get a 4xx, never a 500", async () => {
    for (const method of ["PATCH", "DELETE", "PUT", "POST"]) {
      for (const target of ["/api/audit-log", "/api/audit-log/export"]) {
        const response = await adminApi.fetch(target, { method, data: {} });
        expect(response.status(), `${method} ${target}`).toBe(405);
      }
    }
    const bad = [
      "/api/api-calls?status=teapot",
      "/api/api-calls?minMs=-1",
      "/api/api-calls?minMs=soon",
      "/api/api-calls?limit=99999",
      "/api/api-calls?after=%25%25%25",
      `/api/api-calls?correlationId=${"x".repeat(500)}`,
      "/api/audit-log?from=yesterday",
      "/api/audit-log?outcome=MAYBE",
      "/api/audit-log?from=2021-02-02&to=2021-01-01",
      "/api/audit-log/export?to=31-12-2020",
    ];
    for (const target of bad) {
      const response = await adminApi.get(target);
      expect([400, 422], target).toContain(response.status());
    }
    expect((await adminApi.get("/api/api-calls/not-a-uuid")).status()).toBe(404);
    expect(
      (
        await adminApi.get(`/api/api-calls/${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}`)
      ).status(),
    ).toBe(404);
    expect((await adminApi.get("/api/api-calls?status=%00")).status()).toBeLessThan(500);
  });
});
