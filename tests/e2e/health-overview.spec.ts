import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

const SHOTS = process.env.E2E_SCREENSHOT_DIR;

async function makePayment(session: APIRequestContext, amount: number, currency: string) {
  const response = await session.post("/api/transactions", {
    data: {
      reference: `e2e-${randomUUID()}`,
      email: `buyer-${randomUUID().slice(0, 8)}@example.test`,
      name: "E2E Buyer",
      amount,
      currency,
      description: "E2E order",
      idempotencyKey: randomUUID(),
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data.chargeId as string;
}

async function circuit(session: APIRequestContext, action: string, reason: string) {
  return session.post("/api/integrations/stripe/circuit", { data: { action, reason } });
}

/** Marks the document, so a reload (which would drop the mark) fails the test. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute("data-no-reload", "1"));
}

test.describe("integration health", () => {
  let admin: APIRequestContext;
  const support = randomUser("SUPPORT");
  const viewer = randomUser("VIEWER");

  test.beforeAll(async () => {
    admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    await createUser(admin, support);
    await createUser(admin, viewer);
  });
  test.afterAll(async () => {
    await circuit(admin, "reset", "health-overview spec over");
  });

  test("a Stripe outage turns its tile red without a reload, pauses refunds with the reason, and recovery turns it back", async ({
    page,
    context,
    browser,
  }) => {
    const supportSession = await apiSession(support.email, support.password);
    const chargeId = await makePayment(supportSession, 4_200, "usd");

    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto("/integrations");
    const tile = page.getByTestId("tile-stripe");
    await expect(tile).toBeVisible();
    await expect(tile).not.toHaveAttribute("data-level", "down");
    await expect(page.getByTestId("tile-sendgrid")).toBeVisible();
    await markDocument(page);

    const reason = `Stripe outage drill ${randomUUID().slice(0, 6)}`;
    expect((await circuit(admin, "force_open", reason)).status()).toBe(200);
    // Polled, not reloaded: the tile turns red within 5 seconds.
    await expect(tile).toHaveAttribute("data-level", "down", { timeout: 5_000 });
    await expect(tile.getByTestId("tile-circuit")).toContainText("Forced open");
    await expect(tile.getByTestId("tile-advice")).toContainText(reason);
    await expect(tile.getByTestId("tile-advice")).toContainText("reset the circuit");
    await expect(page.locator("html")).toHaveAttribute("data-no-reload", "1");

    // The refund button reads the same state and says why it is disabled.
    const supportPage = await (await browser.newContext()).newPage();
    await signIn(supportPage, support.email, support.password);
    await supportPage.goto(`/transactions/${chargeId}`);
    await expect(supportPage.getByRole("button", { name: "Refund…" })).toBeDisabled();
    await expect(supportPage.getByTestId("circuit-open")).toContainText(
      "An administrator has stopped all calls to Stripe",
    );
    await expect(supportPage.getByTestId("circuit-open")).toContainText(reason);
    await supportPage.getByRole("link", { name: "See the provider's health" }).click();
    await expect(supportPage).toHaveURL(/\/integrations\/stripe$/);
    // Support sees the page but not the controls, and the server refuses their control actions.
    await expect(supportPage.getByTestId("chart-requests")).toBeVisible();
    await expect(supportPage.getByTestId("controls-read-only")).toBeVisible();
    await expect(supportPage.getByRole("button", { name: "Force open" })).toHaveCount(0);
    expect((await circuit(supportSession, "reset", "support tries")).status()).toBe(403);
    await supportPage.close();

    // Recovery: the admin resets the circuit on the provider's page; the overview turns back.
    const detail = await context.newPage();
    await detail.goto("/integrations/stripe");
    await expect(detail.getByTestId("transitions")).toContainText(reason);
    await detail.getByLabel("Reason for stripe").fill("drill over, Stripe is back");
    await detail.getByRole("button", { name: "Reset" }).click();
    await expect(detail.getByText("Circuit is now closed.")).toBeVisible();
    await expect(tile).not.toHaveAttribute("data-level", "down", { timeout: 5_000 });
    await expect(tile.getByTestId("tile-circuit")).toContainText("Closed");
    await expect(page.locator("html")).toHaveAttribute("data-no-reload", "1");
    await expect(detail.getByTestId("transitions")).toContainText("drill over, Stripe is back");
  });

  test("a viewer reads both pages without controls; bad queries get 4xx", async ({ page }) => {
    const viewerSession = await apiSession(viewer.email, viewer.password);
    expect((await circuit(viewerSession, "force_open", "viewer tries")).status()).toBe(403);
    const health = await viewerSession.get("/api/integrations/health");
    expect(health.status()).toBe(200);
    const tiles = (await health.json()).data.tiles as { provider: string }[];
    expect(tiles.map((tile) => tile.provider)).toEqual(
      expect.arrayContaining(["stripe", "sendgrid"]),
    );
    for (const query of ["minutes=abc", "minutes=-1", "minutes=1e9", "minutes=%00"]) {
      const response = await viewerSession.get(`/api/integrations/stripe/health?${query}`);
      expect(response.status(), query).toBe(422);
    }
    expect((await viewerSession.get("/api/integrations/nope/health")).status()).toBe(404);
    const anonymous = await (
      await (await import("@playwright/test")).request.newContext({ baseURL })
    ).get("/api/integrations/health");
    expect(anonymous.status()).toBe(401);

    await signIn(page, viewer.email, viewer.password);
    await page.goto("/integrations/sendgrid");
    await expect(page.getByTestId("chart-latency")).toBeVisible();
    await expect(page.getByTestId("controls-read-only")).toBeVisible();
    await expect(page.getByRole("button", { name: "Reset" })).toHaveCount(0);
    await page.goto("/integrations/no-such-provider");
    await expect(page.getByText(/not found|could not be found/i).first()).toBeVisible();
  });

  test("screenshots of the overview and the provider detail, light and dark, with hostile data", async ({
    browser,
  }) => {
    test.skip(!SHOTS, "set E2E_SCREENSHOT_DIR to take screenshots");
    // An admin with a 254-character address forces the circuit with a 500-character reason.
    const local = `ops-${"x".repeat(64 - 4)}`;
    const domain = `${"d".repeat(63)}.${"e".repeat(63)}.${"f".repeat(254 - 64 - 1 - 63 - 1 - 63 - 1 - 5)}.test`;
    const longAdmin = { ...randomUser("ADMIN"), email: `${local}@${domain}` };
    expect(longAdmin.email).toHaveLength(254);
    await createUser(admin, longAdmin);
    const longSession = await apiSession(longAdmin.email, longAdmin.password);
    const supportSession = await apiSession(support.email, support.password);
    await makePayment(supportSession, 0, "usd").catch(() => undefined);
    await makePayment(supportSession, 1_000, "jpy").catch(() => undefined);
    expect(
      (
        await circuit(
          longSession,
          "force_open",
          `Planned maintenance ${"with a very long explanation that never ends ".repeat(10)}`.slice(
            0,
            500,
          ),
        )
      ).status(),
    ).toBe(200);
    for (const theme of ["light", "dark"] as const) {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        colorScheme: theme,
      });
      await context.addCookies([{ name: "theme", value: theme, url: baseURL }]);
      const page = await context.newPage();
      await signIn(page, longAdmin.email, longAdmin.password);
      await page.goto("/integrations");
      await expect(page.getByTestId("tile-stripe")).toHaveAttribute("data-level", "down");
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      expect(overflow, "no horizontal overflow on the overview").toBe(false);
      await page.screenshot({ path: `${SHOTS}/overview-${theme}.png`, fullPage: true });
      await page.goto("/integrations/stripe");
      await expect(page.getByTestId("chart-requests").locator("svg").first()).toBeVisible();
      const detailOverflow = await page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      expect(detailOverflow, "no horizontal overflow on the detail").toBe(false);
      await page.screenshot({ path: `${SHOTS}/detail-${theme}.png`, fullPage: true });
      await context.close();
    }
    await circuit(admin, "reset", "screenshots taken");
  });
});
