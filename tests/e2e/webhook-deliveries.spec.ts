import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { baseURL, webhookProvider } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

const endpoint = `/api/webhooks/${webhookProvider.name}`;
const SECRET_VALUE = "hunter2-never-shown";
const LONG_TYPE = `acme.${"very_long_event_type_segment.".repeat(6)}finally_done`.slice(0, 200);
const shots = path.join(process.cwd(), "test-results", "webhook-deliveries-screens");

function signed(secret: string, payload: { type: string; data: unknown }) {
  const eventId = `evt_${randomUUID()}`;
  const now = new Date();
  const body = JSON.stringify({ ...payload, timestamp: now.toISOString() });
  return {
    eventId,
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": eventId,
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(eventId, now, body),
    },
  };
}

const thing = (attributes: Record<string, unknown>) => ({
  object: { id: `obj_${randomUUID()}`, type: "thing", version: 1, attributes },
});

interface Seeded {
  broken: string[];
  secretEvent: string;
  hugeEvent: string;
  longEvent: string;
}

async function deliveryId(admin: APIRequestContext, eventId: string): Promise<string> {
  const list = await (await admin.get(`/api/webhook-deliveries?eventId=${eventId}`)).json();
  return list.data.deliveries[0].id;
}

async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test.describe.serial("webhook deliveries page", () => {
  let admin: APIRequestContext;
  let seeded: Seeded;

  test.beforeAll(async () => {
    admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const provider = await playwrightRequest.newContext({ baseURL });
    const send = async (delivery: ReturnType<typeof signed>) => {
      const response = await provider.post(endpoint, {
        data: delivery.body,
        headers: delivery.headers,
      });
      expect(response.status(), await response.text()).toBe(200);
      return delivery.eventId;
    };
    // Events this release cannot read: dead-lettered at once, waiting for a replay.
    const broken: string[] = [];
    for (let index = 0; index < 12; index += 1)
      broken.push(await send(signed(webhookProvider.secret, { type: "object.created", data: {} })));
    const secretEvent = await send(
      signed(webhookProvider.secret, {
        type: "object.created",
        data: thing({ plan: "gold", password: SECRET_VALUE, api_key: "live-api-key-value" }),
      }),
    );
    const hugeEvent = await send(
      signed(webhookProvider.secret, {
        type: "object.created",
        data: thing({ blob: "z".repeat(600_000), note: "a huge payload" }),
      }),
    );
    const longEvent = await send(
      signed(webhookProvider.secret, { type: LONG_TYPE, data: thing({ n: 1 }) }),
    );
    // A forged delivery: stored as rejected with its reason.
    const forged = signed(`whsec_${Buffer.from(randomUUID()).toString("base64")}`, {
      type: "object.created",
      data: thing({ n: 2 }),
    });
    expect(
      (await provider.post(endpoint, { data: forged.body, headers: forged.headers })).status(),
    ).toBe(400);
    seeded = { broken, secretEvent, hugeEvent, longEvent };
    await expect
      .poll(
        async () => {
          const list = await (
            await admin.get(
              `/api/webhook-deliveries?provider=${webhookProvider.name}&status=DEAD_LETTERED&limit=100`,
            )
          ).json();
          const dead = new Set(list.data.deliveries.map((row: { eventId: string }) => row.eventId));
          return broken.filter((id) => dead.has(id)).length;
        },
        { timeout: 30_000 },
      )
      .toBe(broken.length);
  });

  test("lists deliveries, and a filter is kept in the URL", async ({ page }) => {
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto("/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByTestId("delivery-row").first()).toBeVisible();

    await page.getByLabel("Status").selectOption("DEAD_LETTERED");
    await page.getByLabel("Provider").selectOption(webhookProvider.name);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=DEAD_LETTERED/);
    await expect(page).toHaveURL(new RegExp(`provider=${webhookProvider.name}`));
    const statuses = await page.getByTestId("delivery-status").allTextContents();
    expect(statuses.length).toBeGreaterThanOrEqual(12);
    expect(new Set(statuses)).toEqual(new Set(["Dead-lettered"]));

    await page.reload();
    await expect(page.getByLabel("Status")).toHaveValue("DEAD_LETTERED");
    await expect(page.getByTestId("delivery-status").first()).toHaveText("Dead-lettered");

    await page.getByLabel("Event type (exact)").fill("no.such.type");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/eventType=no.such.type/);
    await expect(page.getByTestId("deliveries-empty")).toContainText("No delivery matches");
  });

  test("the detail shows the payload with secrets redacted, and a rejection's hint", async ({
    page,
  }) => {
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto(`/webhooks/${await deliveryId(admin, seeded.secretEvent)}`);
    const payload = page.getByTestId("delivery-payload");
    await expect(payload).toContainText('"plan": "gold"');
    await expect(payload).toContainText("[REDACTED]");
    await expect(payload).not.toContainText(SECRET_VALUE);
    await expect(payload).not.toContainText("live-api-key-value");

    await page.goto(`/webhooks?provider=${webhookProvider.name}&status=REJECTED`);
    await page.getByTestId("delivery-row").first().getByRole("link").click();
    const hint = page.getByTestId("rejection-hint");
    await expect(hint).toContainText("The signature does not match the body");
    await expect(hint).toContainText("rotated");
  });

  test("an admin replays one delivery", async ({ page }) => {
    const id = await deliveryId(admin, seeded.broken[0] ?? "");
    const before = (await (await admin.get(`/api/webhook-deliveries/${id}`)).json()).data;
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto(`/webhooks/${id}`);
    await expect(page.getByTestId("processing-error")).toBeVisible();
    await page.getByRole("button", { name: "Replay this delivery" }).click();
    await expect(page.getByText("Queued to be processed again")).toBeVisible();
    // Still unreadable, so it is processed once more and dead-lettered again: one more attempt.
    await expect
      .poll(async () => {
        const row = (await (await admin.get(`/api/webhook-deliveries/${id}`)).json()).data;
        return row.status === "DEAD_LETTERED" ? row.attempts : 0;
      })
      .toBeGreaterThan(before.attempts);
  });

  test("an admin replays every matching delivery in bulk and sees its progress", async ({
    page,
  }) => {
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto(`/webhooks?provider=${webhookProvider.name}&status=DEAD_LETTERED`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Replay all matching" }).click();
    const replay = page.getByTestId("bulk-replay").first();
    await expect(replay.getByRole("progressbar", { name: "Bulk replay progress" })).toBeVisible();
    await expect(replay).toHaveAttribute("data-status", "FINISHED", { timeout: 30_000 });
    await expect(replay.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(replay.getByTestId("bulk-replay-counts")).toContainText("failed again");
  });

  test("1,000 deliveries replayed in bulk stay under the provider's rate limit, with progress shown", async ({
    page,
  }) => {
    test.setTimeout(420_000);
    const from = new Date(Date.now() - 1_000).toISOString();
    const provider = await playwrightRequest.newContext({ baseURL });
    const pending = Array.from({ length: 1_000 }, () =>
      signed(webhookProvider.secret, { type: "object.created", data: {} }),
    );
    // A provider retrying a backlog: ten deliveries in flight at a time.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let delivery = pending.pop(); delivery; delivery = pending.pop()) {
          const response = await provider.post(endpoint, {
            data: delivery.body,
            headers: delivery.headers,
          });
          expect(response.status()).toBe(200);
        }
      }),
    );
    const filter = `provider=${webhookProvider.name}&from=${encodeURIComponent(from)}`;
    // Each is unreadable, so it is dead-lettered once processed: wait until none is left to process.
    await expect
      .poll(
        async () => {
          let unsettled = 0;
          for (const status of ["RECEIVED", "PROCESSING", "FAILED"]) {
            const response = await admin.get(
              `/api/webhook-deliveries?${filter}&status=${status}&limit=100`,
            );
            expect(response.status(), await response.text()).toBe(200);
            unsettled += (await response.json()).data.deliveries.length;
          }
          return unsettled;
        },
        { timeout: 240_000, intervals: [2_000] },
      )
      .toBe(0);

    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto(`/webhooks?${filter}&status=DEAD_LETTERED`);
    const earlier = await page.getByTestId("bulk-replay").count();
    // A replay cancelled at once stops, says who stopped it, and offers no second cancel. Its
    // deliveries fail again and stay dead-lettered, so the next replay still matches all 1,000.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Replay all matching" }).click();
    await expect(page.getByTestId("bulk-replay")).toHaveCount(earlier + 1);
    const stopped = page.getByTestId("bulk-replay").first();
    page.once("dialog", (dialog) => void dialog.accept());
    await stopped.getByRole("button", { name: "Cancel replay" }).click();
    await expect(stopped).toHaveAttribute("data-status", "CANCELLED");
    await expect(stopped).toContainText(`cancelled by ${e2eAdmin.email}`);
    await expect(stopped.getByRole("button", { name: "Cancel replay" })).toHaveCount(0);

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Replay all matching" }).click();
    // Newest first, once the list has been read again after the start.
    await expect(page.getByTestId("bulk-replay")).toHaveCount(earlier + 2);
    const replay = page.getByTestId("bulk-replay").first();
    const bar = replay.getByRole("progressbar", { name: "Bulk replay progress" });
    // Progress moves while it runs, without a reload.
    await expect
      .poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 120_000 })
      .toBeGreaterThan(0);
    expect(Number(await bar.getAttribute("aria-valuenow"))).toBeLessThan(100);
    await expect(replay.getByRole("button", { name: "Cancel replay" })).toBeVisible();
    mkdirSync(shots, { recursive: true });
    await page
      .getByRole("region", { name: "Bulk replays" })
      .screenshot({ path: path.join(shots, "bulk-replay-running-light.png") });
    await expect(replay).toHaveAttribute("data-status", "FINISHED", { timeout: 240_000 });
    await expect(bar).toHaveAttribute("aria-valuenow", "100");
    await expect(replay.getByTestId("bulk-replay-counts")).toContainText("1,000 failed again");

    const replays = (await (await admin.get("/api/webhook-deliveries/replays")).json()).data;
    const finished = replays.find(
      (row: { status: string; total: number; filter: { from?: string } }) =>
        row.status === "FINISHED" && row.total === 1_000 && row.filter.from === from,
    );
    expect(finished).toBeDefined();
    // The bucket starts full (one second's worth), then allows the limit per second.
    const limit = webhookProvider.rateLimitPerSecond;
    const tookMs = Date.parse(finished.finishedAt) - Date.parse(finished.startedAt);
    expect(tookMs).toBeGreaterThanOrEqual(((1_000 - limit) / limit) * 1_000);
  });

  test("support and viewers see the deliveries without controls, and the server refuses them", async ({
    page,
  }) => {
    for (const role of ["SUPPORT", "VIEWER"] as const) {
      const user = randomUser(role);
      await createUser(admin, user);
      await signIn(page, user.email, user.password);
      await page.goto(`/webhooks?provider=${webhookProvider.name}&status=DEAD_LETTERED`);
      await expect(page.getByTestId("delivery-row").first()).toBeVisible();
      await expect(page.getByRole("button", { name: "Replay all matching" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /missed events/ })).toHaveCount(0);
      await page.getByTestId("delivery-row").first().getByRole("link").click();
      await expect(page.getByTestId("delivery-payload")).toBeVisible();
      await expect(page.getByRole("button", { name: "Replay this delivery" })).toHaveCount(0);
      const session = await apiSession(user.email, user.password);
      const started = await session.post("/api/webhook-deliveries/replays", {
        data: { filter: { provider: webhookProvider.name } },
      });
      expect(started.status()).toBe(403);
      expect((await session.get("/api/transactions/missed-events")).status()).toBe(403);
      await page.context().clearCookies();
    }
    const bad = await admin.post("/api/webhook-deliveries/replays", {
      data: { filter: { status: "PROCESSED" } },
    });
    expect(bad.status()).toBe(422);
    expect((await admin.post("/api/webhook-deliveries/replays", { data: [] })).status()).toBe(422);
    expect((await admin.get("/api/webhook-deliveries/replays/nope")).status()).toBe(404);
    expect((await admin.get("/api/webhook-deliveries?after=garbage")).status()).toBe(422);
    expect((await admin.get("/api/webhook-deliveries?from=2026-13-45")).status()).toBe(422);
  });

  test("screenshots at 1280 px, light and dark, with hostile data", async ({ page }) => {
    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    const views: [string, string][] = [
      ["list", "/webhooks"],
      ["empty", "/webhooks?eventType=no.such.type"],
      ["long-type", `/webhooks/${await deliveryId(admin, seeded.longEvent)}`],
      ["huge-payload", `/webhooks/${await deliveryId(admin, seeded.hugeEvent)}`],
      ["rejected", `/webhooks?provider=${webhookProvider.name}&status=REJECTED`],
    ];
    for (const theme of ["light", "dark"] as const) {
      await page.context().addCookies([{ name: "theme", value: theme, url: baseURL }]);
      for (const [name, url] of views) {
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        await noHorizontalOverflow(page);
        await page.screenshot({ path: path.join(shots, `${name}-${theme}.png`), fullPage: true });
      }
    }
  });
});
