import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

const shots = path.join(process.cwd(), "test-results", "global-search-screens");
const LABEL = "Jump to a customer, payment, refund, message or webhook delivery";

/** The longest address SMTP allows: 64 characters, @, and a 189-character domain. */
function longAddress(): string {
  const tag = randomBytes(4).toString("hex");
  const local = `long-${tag}-`.padEnd(64, "x");
  const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(59)}.example`;
  const address = `${local}@${domain}`;
  expect(address).toHaveLength(254);
  return address;
}

async function makePayment(session: APIRequestContext, email: string): Promise<string> {
  const response = await session.post("/api/transactions", {
    data: {
      reference: `e2e-${randomUUID()}`,
      email,
      name: "E2E Buyer",
      amount: 4_200,
      currency: "usd",
      description: "E2E order",
      idempotencyKey: randomUUID(),
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data.chargeId;
}

async function sendEmail(admin: APIRequestContext, to: string): Promise<string> {
  const templates = await admin.get("/api/emails/templates");
  const [template] = (await templates.json()).data as { id: string }[];
  const response = await admin.post("/api/emails", {
    data: { to, templateId: template?.id, data: { receipt_number: "R-1" } },
  });
  expect(response.status(), await response.text()).toBe(200);
  const listed = await admin.get(`/api/emails?q=${encodeURIComponent(to)}`);
  const [message] = (await listed.json()).data.messages as { id: string }[];
  expect(message).toBeTruthy();
  return message?.id ?? "";
}

function box(page: Page): Locator {
  return page.getByRole("combobox", { name: LABEL });
}

async function search(page: Page, text: string) {
  // A key pressed before the page has hydrated reaches no handler: press again until it does.
  await expect(async () => {
    await page.keyboard.press("Control+k");
    await expect(box(page)).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.keyboard.type(text);
  await expect(page.getByTestId("global-search-popup")).toHaveAttribute("data-settled", "true");
}

async function selected(page: Page): Promise<Locator> {
  const id = await box(page).getAttribute("aria-activedescendant");
  expect(id).toBeTruthy();
  const option = page.locator(`[id="${id}"]`);
  await expect(option).toHaveAttribute("aria-selected", "true");
  return option;
}

test.describe.serial("global search", () => {
  let admin: APIRequestContext;
  const support = randomUser("SUPPORT");
  const customer = `buyer-${randomBytes(4).toString("hex")}@example.test`;
  let chargeId: string;
  let messageId: string;

  test.beforeAll(async () => {
    admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    await createUser(admin, support);
    const supportSession = await apiSession(support.email, support.password);
    chargeId = await makePayment(supportSession, customer);
    messageId = await sendEmail(admin, customer);
  });

  test("support finds a payment and an email by address with Ctrl-K, moves with the arrows, and Enter opens it", async ({
    page,
  }) => {
    await signIn(page, support.email, support.password);
    await search(page, customer.toUpperCase());
    const customers = page.getByTestId("global-search-group-customer");
    const payments = page.getByTestId("global-search-group-payment");
    const emails = page.getByTestId("global-search-group-email");
    // The customer, then "see all" customers.
    await expect(customers.getByRole("option")).toHaveCount(2);
    await expect(customers.getByRole("option").first()).toContainText(customer);
    await expect(payments.getByRole("option")).toHaveCount(2);
    await expect(payments.getByRole("option").first()).toContainText(chargeId);
    await expect(payments.getByRole("option").first()).toContainText("$42.00");
    await expect(emails.getByRole("option")).toHaveCount(2);
    await expect(emails.getByRole("option").first()).toContainText(customer);
    await expect(box(page)).toHaveAttribute("aria-expanded", "true");

    // The customer, "see all" customers, the payment, "see all" payments, the email, "see all"
    // emails: down four times is the email.
    await expect(await selected(page)).toContainText(customer);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(await selected(page)).toContainText(chargeId);
    await page.keyboard.press("ArrowDown");
    await expect(await selected(page)).toContainText("See all in Transactions");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await expect(await selected(page)).toContainText(customer);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`/emails/${messageId}`);

    await search(page, customer);
    await expect(await selected(page)).toContainText(customer);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(await selected(page)).toContainText(chargeId);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`/transactions/${chargeId}`);
    await expect(page.getByTestId("refundable-balance")).toHaveText("$42.00");
  });

  test("Escape closes the list; a bad query shows its error, a miss says so", async ({ page }) => {
    await signIn(page, support.email, support.password);
    await search(page, customer);
    await expect(page.getByTestId("global-search-popup")).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("global-search-popup")).toHaveCount(0);
    await expect(box(page)).toHaveAttribute("aria-expanded", "false");
    await expect(box(page)).toBeFocused();

    await box(page).fill("x".repeat(255));
    await expect(page.getByTestId("global-search-popup").getByRole("alert")).toHaveText(
      "Search is at most 254 characters.",
    );
    await box(page).fill(`nobody-${randomBytes(4).toString("hex")}@example.test`);
    await expect(page.getByTestId("global-search-empty")).toContainText("Nothing matches");
  });

  test("`/` typed into a page's own field stays in that field; elsewhere it opens the box", async ({
    page,
  }) => {
    await signIn(page, support.email, support.password);
    await page.goto("/transactions");
    const field = page.getByLabel("Search");
    await field.click();
    await page.keyboard.type("a/b");
    await expect(field).toHaveValue("a/b");
    await expect(field).toBeFocused();
    await expect(page.getByTestId("global-search-popup")).toHaveCount(0);
    await expect(box(page)).toHaveValue("");

    await page.getByRole("heading", { level: 1 }).click();
    // As in search(): a press before hydration reaches no handler.
    await expect(async () => {
      await page.keyboard.press("/");
      await expect(box(page)).toBeFocused({ timeout: 500 });
    }).toPass({ timeout: 10_000 });
    await expect(box(page)).toHaveValue("");
  });

  test("screenshots at 1280 px, light and dark: a 254-character address and an empty result", async ({
    page,
  }) => {
    const long = longAddress();
    const supportSession = await apiSession(support.email, support.password);
    await makePayment(supportSession, long);
    await sendEmail(admin, long);
    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, support.email, support.password);
    for (const theme of ["light", "dark"] as const) {
      await page.context().addCookies([{ name: "theme", value: theme, url: baseURL }]);
      for (const [name, text] of [
        ["long-address", long],
        ["empty", `nobody-${randomBytes(4).toString("hex")}@example.test`],
      ] as const) {
        await page.goto("/transactions");
        await search(page, text);
        const popup = page.getByTestId("global-search-popup");
        if (name === "empty") await expect(page.getByTestId("global-search-empty")).toBeVisible();
        else await expect(popup.getByRole("option")).toHaveCount(6);
        const overflow = await popup.evaluate(
          (element) => element.scrollWidth - element.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        const pageOverflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(pageOverflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: path.join(shots, `${name}-${theme}.png`) });
      }
    }
    // A phone-width header still fits: the box shrinks and its list spans the screen.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto("/transactions");
    await search(page, long);
    const popup = page.getByTestId("global-search-popup");
    await expect(popup.getByRole("option")).toHaveCount(6);
    await page.screenshot({ path: path.join(shots, "long-address-narrow-dark.png") });
    const header = page.locator("header");
    expect(await header.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    const area = await popup.boundingBox();
    expect(area?.x).toBeGreaterThanOrEqual(0);
    expect((area?.x ?? 0) + (area?.width ?? 0)).toBeLessThanOrEqual(390);
    expect(await popup.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
  });
});
