import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL, e2eMetricsToken } from "../../playwright.config";
import { parsePrometheus, sampleValue } from "../support/prometheus";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

// The banner polls every 5 s; allow for a loaded machine without ever reloading the page.
const BANNER_DEADLINE_MS = 20_000;

async function circuit(admin: APIRequestContext, provider: string, action: string) {
  const response = await admin.post(`/api/integrations/${provider}/circuit`, {
    data: { action, reason: `e2e alerts: ${action}` },
  });
  expect(response.status(), await response.text()).toBe(200);
}

function banner(page: Page, id: string) {
  return page.locator(`[data-testid="health-alert"][data-alert-id="${id}"]`);
}

test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  await circuit(admin, "stripe", "reset");
  await circuit(admin, "sendgrid", "reset");
});

test("forcing a circuit open shows a banner on every console page without a reload, and closing it clears it", async ({
  page,
  browser,
}) => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.goto("/transactions");
  // The page is loaded and polling; nothing is wrong yet.
  await expect(page.getByTestId("health-alerts")).toBeAttached();
  await expect(banner(page, "circuit:stripe")).toHaveCount(0);
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });

  await circuit(admin, "stripe", "force_open");
  const alert = banner(page, "circuit:stripe");
  await expect(alert).toBeVisible({ timeout: BANNER_DEADLINE_MS });
  await expect(alert).toContainText("Stripe is switched off");
  await expect(alert).toContainText("e2e alerts: force_open");
  await expect(alert.getByRole("link")).toHaveAttribute("href", "/integrations/stripe");
  expect(navigations, "the banner came without a reload").toBe(0);

  // A viewer sees it too, read-only, on another page.
  const viewer = randomUser("VIEWER");
  await createUser(admin, viewer);
  const viewerContext = await browser.newContext({ baseURL });
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, viewer.email, viewer.password);
  await viewerPage.goto("/emails");
  await expect(banner(viewerPage, "circuit:stripe")).toBeVisible({ timeout: BANNER_DEADLINE_MS });
  await viewerContext.close();

  await circuit(admin, "stripe", "reset");
  await expect(alert).toHaveCount(0, { timeout: BANNER_DEADLINE_MS });
  expect(navigations, "the banner went without a reload").toBe(0);
});

test("the banners at 1280 px, light and dark", async ({ page, context }, testInfo) => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  await circuit(admin, "stripe", "force_open");
  await circuit(admin, "sendgrid", "force_open");
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  for (const theme of ["light", "dark"] as const) {
    await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
    await page.goto("/transactions");
    await expect(banner(page, "circuit:stripe")).toBeVisible({ timeout: BANNER_DEADLINE_MS });
    await expect(banner(page, "circuit:sendgrid")).toBeVisible({ timeout: BANNER_DEADLINE_MS });
    // No horizontal overflow at 1280 px.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath(`alerts-banner-${theme}.png`) });
  }
  await circuit(admin, "stripe", "reset");
  await circuit(admin, "sendgrid", "reset");
});

test("GET /api/metrics: 401 anonymous, Prometheus text with the token or an admin session, 403 for a viewer", async () => {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  expect((await anonymous.get("/api/metrics")).status()).toBe(401);
  const wrong = await anonymous.get("/api/metrics", {
    headers: { authorization: `Bearer ${e2eMetricsToken}x` },
  });
  expect(wrong.status()).toBe(401);

  const byToken = await anonymous.get("/api/metrics", {
    headers: { authorization: `Bearer ${e2eMetricsToken}` },
  });
  expect(byToken.status()).toBe(200);
  expect(byToken.headers()["content-type"]).toMatch(/^text\/plain/);
  const metrics = await parsePrometheus(await byToken.text());
  expect(sampleValue(metrics, "integration_circuit_open", { provider: "stripe" })).toBe(0);

  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const bySession = await admin.get("/api/metrics");
  expect(bySession.status()).toBe(200);
  const fromSession = await parsePrometheus(await bySession.text());
  expect(
    sampleValue(fromSession, "integration_circuit_state", {
      provider: "sendgrid",
      state: "CLOSED",
    }),
  ).toBe(1);

  const viewer = randomUser("VIEWER");
  await createUser(admin, viewer);
  const viewerSession = await apiSession(viewer.email, viewer.password);
  expect((await viewerSession.get("/api/metrics")).status()).toBe(403);
});
