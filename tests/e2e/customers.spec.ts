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

    // The email's page and the payment's page lead back to the customer.
    await timeline.locator('[data-kind="email"]').getByRole("link").first().click();
    await page.getByRole("link", { name: /The customer’s timeline/ }).click();
    await expect(page).toHaveURL(customerUrl);
    await page.goto(`/transactions/${firstCharge}`);
    await page.getByRole("link", { name: /The customer’s timeline/ }).click();
    await expect(page).toHaveURL(customerUrl);
  });

  test("support refunds a payment with notice from the timeline: the refund and the confirmation email appear without a reload, and each provider did it once", async ({
    page,
  }) => {
    await signIn(page, support.email, support.password);
    await page.goto(customerUrl);
    await markDocument(page);
    const timeline = page.getByTestId("customer-timeline");
    const payment = timeline.locator('[data-kind="payment"]', { hasText: secondCharge });
    await payment.getByRole("button", { name: "Refund…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("refundable")).toHaveText("$19.99");
    await dialog
      .getByRole("checkbox", { name: /Email the customer a refund confirmation/ })
      .check();
    await expect(dialog.getByTestId("refund-notice-option")).toContainText(address);
    await dialog.getByRole("button", { name: "Refund $19.99" }).click();
    await expect(dialog.getByRole("status")).toContainText("Refund accepted");
    await dialog.getByRole("button", { name: "Close" }).click();

    await expect(timeline.locator('[data-kind="refund"]')).toHaveCount(1, { timeout: 15_000 });
    await expect(timeline.locator('[data-kind="refund"]')).toContainText("$19.99");
    const confirmation = timeline.locator('[data-kind="email"]', {
      hasText: "Refund confirmation",
    });
    await expect(confirmation).toHaveCount(1, { timeout: 20_000 });
    await expect(timeline.locator('[data-kind="refund"]')).toContainText("confirmation email sent");
    await expectNoReload(page);

    // What the providers did: one refund of this charge, one confirmation to this address.
    await expect
      .poll(async () => {
        const refunds = await ledgerRecords("stripe", "refunds");
        return refunds.filter((refund) => refund.charge === secondCharge).length;
      })
      .toBe(1);
    await expect
      .poll(
        async () => {
          const messages = await ledgerRecords("sendgrid", "messages");
          return messages.filter(
            (message) =>
              message.email === address &&
              message.templateId === "d-5e7a0c2b4d6f48a1b3c5d7e9f0a2b4c6",
          ).length;
        },
        { timeout: 20_000 },
      )
      .toBe(1);
  });

  test("an admin splits a wrong match off; the split is audited and the new customer keeps its payment", async ({
    page,
  }) => {
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto(customerUrl);
    const links = page.getByTestId("customer-links");
    const wrong = links.locator('li[data-kind="STRIPE_CUSTOMER"]').last();
    const stripeId = (await wrong.locator(".font-mono").textContent()) ?? "";
    expect(stripeId).toMatch(/^cus_/);
    await wrong.getByRole("button", { name: "Split off…" }).click();
    const dialog = page.getByRole("dialog");
    await dialog
      .getByLabel("Why is this match wrong?")
      .fill("A different person with the same inbox");
    await dialog.getByRole("button", { name: "Split off" }).click();
    await expect(page).not.toHaveURL(customerUrl);
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId("customer-links")).toContainText(stripeId);
    await expect(page.getByTestId("customer-links")).toContainText("split by an admin");
    await expect(
      page.getByTestId("customer-timeline").locator('[data-kind="payment"]'),
    ).toHaveCount(1);
    await expect(
      page.getByTestId("customer-timeline").locator('[data-kind="staff"]', {
        hasText: "Customer split",
      }),
    ).toHaveCount(1);

    await page.goto("/audit");
    await expect(page.getByText("customer.split").first()).toBeVisible();
  });

  test("screenshots at 1280 px, light and dark: the Customers page, a timeline with a 254-character address and yen, and the open search", async ({
    page,
  }) => {
    const local = `long-${tag}-`.padEnd(64, "x");
    const long = `${local}@${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(59)}.example`;
    expect(long).toHaveLength(254);
    const session = await apiSession(support.email, support.password);
    const yenCharge = await makePayment(session, { email: long, amount: 12_800, currency: "jpy" });
    await sendEmail(admin, long);
    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, support.email, support.password);
    for (const theme of ["light", "dark"] as const) {
      await page.context().addCookies([{ name: "theme", value: theme, url: baseURL }]);
      const overflow = () =>
        page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );

      await page.goto("/customers");
      await expect(page.getByTestId("customer-row").first()).toBeVisible();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `customers-${theme}.png`), fullPage: true });

      await page.goto(`/customers?q=${encodeURIComponent(long)}`);
      await page.getByTestId("customer-row").getByRole("link").first().click();
      await expect(page.getByTestId("customer-totals")).toContainText("¥12,800");
      await expect(page.getByTestId("customer-totals")).toContainText("¥0");
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `timeline-${theme}.png`), fullPage: true });

      // The payment's and the email's own pages, with their way back to the customer.
      await page.goto(`/transactions/${yenCharge}`);
      await expect(page.getByRole("link", { name: /The customer’s timeline/ })).toBeVisible();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `payment-${theme}.png`), fullPage: true });
      await page.getByRole("link", { name: /The customer’s timeline/ }).click();
      await page
        .getByTestId("customer-timeline")
        .locator('[data-kind="email"]')
        .getByRole("link")
        .first()
        .click();
      await expect(page.getByRole("link", { name: /The customer’s timeline/ })).toBeVisible();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `email-${theme}.png`), fullPage: true });

      await page.goto(`/customers?q=nobody-${tag}`);
      await expect(page.getByText("No customer matches")).toBeVisible();
      await page.screenshot({ path: path.join(shots, `customers-empty-${theme}.png`) });

      await openSearch(page, long);
      await expect(page.getByTestId("global-search-group-customer")).toBeVisible();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `search-${theme}.png`) });
    }
  });
});
