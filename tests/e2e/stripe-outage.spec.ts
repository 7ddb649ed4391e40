import { randomUUID } from "node:crypto";
import { request, type APIRequestContext, type Page } from "@playwright/test";
import { z } from "zod";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";
import { simulatorUrl } from "./simulators";

const healthTiles = z.object({
  data: z.object({
    tiles: z.array(z.object({ provider: z.string(), circuit: z.object({ state: z.string() }) })),
  }),
});

async function stripeCircuitState(session: APIRequestContext): Promise<string | undefined> {
  const response = await session.get("/api/integrations/health");
  expect(response.status()).toBe(200);
  const { tiles } = healthTiles.parse(await response.json()).data;
  return tiles.find((tile) => tile.provider === "stripe")?.circuit.state;
}

/** One real read call to Stripe through the integration core, as the Integrations page's button makes. */
async function checkStripe(session: APIRequestContext) {
  const response = await session.post("/api/integrations/stripe/check");
  expect(response.status(), await response.text()).toBe(200);
}

async function makePayment(session: APIRequestContext) {
  const response = await session.post("/api/transactions", {
    data: {
      reference: `e2e-${randomUUID()}`,
      email: `buyer-${randomUUID().slice(0, 8)}@example.test`,
      name: "E2E Buyer",
      amount: 3_100,
      currency: "eur",
      description: "E2E order",
      idempotencyKey: randomUUID(),
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return z.object({ data: z.object({ chargeId: z.string() }) }).parse(await response.json()).data
    .chargeId;
}

/** Marks the document, so a reload (which would drop the mark) fails the test. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute("data-no-reload", "1"));
}

test.describe("a real Stripe outage, through the simulator", () => {
  let admin: APIRequestContext;
  let simulator: APIRequestContext;
  const support = randomUser("SUPPORT");

  test.beforeAll(async () => {
    admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    await createUser(admin, support);
    simulator = await request.newContext({ baseURL: simulatorUrl("stripe") });
  });
  test.afterAll(async () => {
    await simulator.delete("/__simulator/faults");
    await admin.post("/api/integrations/stripe/circuit", {
      data: { action: "reset", reason: "stripe-outage spec over" },
    });
  });

  test("opens the circuit, turns the tile red and the banner on without a reload, pauses refunds with the reason, and recovery closes the circuit and clears the banner", async ({
    page,
    browser,
  }) => {
    test.setTimeout(240_000);
    const supportSession = await apiSession(support.email, support.password);
    const chargeId = await makePayment(supportSession);
    expect(await stripeCircuitState(admin)).toBe("CLOSED");

    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto("/integrations");
    const tile = page.getByTestId("tile-stripe");
    const banner = page.locator('[data-alert-id="circuit:stripe"]');
    await expect(tile).toBeVisible();
    await expect(tile).not.toHaveAttribute("data-level", "down");
    await expect(banner).toHaveCount(0);
    await markDocument(page);

    // Stripe starts answering every API request with 503.
    const outage = await simulator.post("/__simulator/faults", {
      data: { default: { status: 503 } },
    });
    expect(outage.status(), await outage.text()).toBeLessThan(300);

    // Real calls fail until the breaker has seen enough of them to open.
    await expect
      .poll(
        async () => {
          await checkStripe(admin);
          return stripeCircuitState(admin);
        },
        { timeout: 90_000, intervals: [0] },
      )
      .toBe("OPEN");

    // Polled, not reloaded: the tile turns red within 5 seconds. The banners poll every 5 s on
    // every page (ALERTS_POLL_MS), so one whose poll just missed the change shows a poll later.
    await expect(tile).toHaveAttribute("data-level", "down", { timeout: 5_000 });
    await expect(banner).toBeVisible({ timeout: 12_000 });
    await expect(banner).toContainText("Stripe is failing");
    await expect(page.locator("html")).toHaveAttribute("data-no-reload", "1");

    // The refund button reads the same state and says why it is unavailable.
    const supportPage = await (await browser.newContext()).newPage();
    await signIn(supportPage, support.email, support.password);
    await supportPage.goto(`/transactions/${chargeId}`);
    await expect(supportPage.getByRole("button", { name: "Refund…" })).toBeDisabled();
    await expect(supportPage.getByTestId("circuit-open")).toContainText("Stripe has been failing");
    await supportPage.close();

    // Stripe recovers. After the breaker's pause, trial calls succeed and close it again.
    expect((await simulator.delete("/__simulator/faults")).status()).toBeLessThan(300);
    await expect
      .poll(
        async () => {
          await checkStripe(admin);
          return stripeCircuitState(admin);
        },
        { timeout: 120_000, intervals: [2_000] },
      )
      .toBe("CLOSED");
    // The tile's colour may stay red while the last minutes' failure rate is high; its circuit
    // and the banner follow the breaker.
    await expect(tile.getByTestId("tile-circuit")).toContainText("Closed", { timeout: 5_000 });
    await expect(banner).toHaveCount(0, { timeout: 12_000 });
    await expect(page.locator("html")).toHaveAttribute("data-no-reload", "1");
  });
});
