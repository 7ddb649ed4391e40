import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";
import { ledgerRecords } from "./simulators";

const shots = path.join(process.cwd(), "test-results", "customers-screens");
const SEARCH_LABEL = "Jump to a customer, payment, refund, message or webhook delivery";

async function makePayment(
  session: APIRequestContext,
  options: { email: string; reference?: string; amount?: number; currency?: string },
): Promise<string> {
  const response = await session.post("/api/transactions", {
    data: {
      reference: options.reference ?? `e2e-${randomUUID()}`,
      email: options.email,
      name: "Customer Timeline",
      amount: options.amount ?? 4_200,
      currency: options.currency ?? "usd",
      description: "E2E order",
      idempotencyKey: randomUUID(),
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data.chargeId;
}

async function sendEmail(admin: APIRequestContext, to: string) {
  const templates = await admin.get("/api/emails/templates");
  const [template] = (await templates.json()).data as { id: string }[];
  const response = await admin.post("/api/emails", {
    data: { to, templateId: template?.id, data: { receipt_number: "R-7" } },
  });
  expect(response.status(), await response.text()).toBe(200);
}

async function openSearch(page: Page, text: string) {
  const box = page.getByRole("combobox", { name: SEARCH_LABEL });
  // A key pressed before the page has hydrated reaches no handler: press again until it does.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(box).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.type(text);
  await expect(page.getByTestId("global-search-popup")).toHaveAttribute("data-settled", "true");
}

/** Marks the document, so a reload (which would drop the mark) fails the test. */
async function markDocument(page: Page) {
  await page.evaluate(() => document.documentElement.setAttribute("data-no-reload", "1"));
}

async function expectNoReload(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-no-reload", "1");
}

test.describe.serial("customers", () => {
  let admin: APIRequestContext;
  const support = randomUser("SUPPORT");
  const tag = randomBytes(4).toString("hex");
  // Two Stripe customers (two references) whose addresses differ only in case.
  const address = `timeline-${tag}@example.test`;
  const shouted = `Timeline-${tag}@EXAMPLE.test`;
  let firstCharge: string;
  let secondCharge: string;
  let customerUrl: string;

  test.beforeAll(async () => {
    admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    await createUser(admin, support);
    const session = await apiSession(support.email, support.password);
    firstCharge = await makePayment(session, { email: shouted });
    await sendEmail(admin, address);
    // Stripe dates a charge to the second: a second apart, the order is certain.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    secondCharge = await makePayment(session, { email: address, amount: 1_999 });
  });

  test("support finds the customer with the global search; payments and emails share one timeline, and the match is explained", async ({
    page,
  }) => {
    await signIn(page, support.email, support.password);
    await openSearch(page, address);
    const customers = page.getByTestId("global-search-group-customer");
    // One customer for both Stripe customers, then "see all".
    await expect(customers.getByRole("option")).toHaveCount(2);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    customerUrl = new URL(page.url()).pathname;

    const timeline = page.getByTestId("customer-timeline");
    await expect(timeline.locator('[data-kind="payment"]')).toHaveCount(2);
    await expect(timeline.locator('[data-kind="email"]')).toHaveCount(1);
    // Interleaved by time, newest first: the second payment, the email, the first payment.
    const kinds = await timeline
      .locator('[data-testid="timeline-item"]')
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")));
    expect(kinds.filter((kind) => kind === "payment" || kind === "email")).toEqual([
      "payment",
      "email",
      "payment",
    ]);
    await expect(timeline.locator('[data-kind="payment"]').first()).toContainText(secondCharge);
    await expect(timeline.locator('[data-kind="payment"]').last()).toContainText(firstCharge);
    await expect(page.getByTestId("customer-links")).toContainText("Matched by email");

    // The kind filter narrows the timeline to emails.
    await page.getByRole("checkbox", { name: "Emails", exact: true }).check();
    await expect(timeline.locator('[data-testid="timeline-item"]')).toHaveCount(1);
    await expect(page).toHaveURL(/kinds=email/);
  });
});
