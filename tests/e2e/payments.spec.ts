import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

interface Payment {
  chargeId: string;
  email: string;
}

async function makePayment(
  session: APIRequestContext,
  options: { amount: number; currency: string; email?: string },
): Promise<Payment> {
  const email = options.email ?? `buyer-${randomUUID().slice(0, 8)}@example.test`;
  const response = await session.post("/api/transactions", {
    data: {
      reference: `e2e-${randomUUID()}`,
      email,
      name: "E2E Buyer",
      amount: options.amount,
      currency: options.currency,
      description: "E2E order",
      idempotencyKey: randomUUID(),
    },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = await response.json();
  return { chargeId: body.data.chargeId, email };
}

test.describe("payments", () => {
  let admin: APIRequestContext;
  const support = randomUser("SUPPORT");
  const viewer = randomUser("VIEWER");
  let supportSession: APIRequestContext;

  test.beforeAll(async () => {
    admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    await createUser(admin, support);
    await createUser(admin, viewer);
    supportSession = await apiSession(support.email, support.password);
  });

  test("support finds a payment by email, refunds part of it, and sees balance and timeline update without a reload", async ({
    page,
  }) => {
    const payment = await makePayment(supportSession, { amount: 10_000, currency: "usd" });
    await signIn(page, support.email, support.password);
    await page.goto("/transactions");
    await page.getByLabel("Search").fill(payment.email);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(payment.email)}`));
    const rows = page.getByTestId("transaction-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first().getByTestId("transaction-amount")).toHaveText("$100.00");
    await rows.first().getByRole("link", { name: payment.chargeId }).click();
    await expect(page.getByTestId("refundable-balance")).toHaveText("$100.00");

    // Marks this document: a reload or navigation would lose it.
    await page.evaluate(() => document.body.setAttribute("data-same-document", "yes"));
    await page.getByRole("button", { name: "Refund…" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByTestId("refundable")).toHaveText("$100.00");
    await dialog.getByLabel("Amount (USD)").fill("25.00");
    await expect(dialog.getByTestId("remaining-after")).toHaveText("$75.00");
    await dialog.getByLabel("Ticket").fill("SUP-42");
    await dialog.getByRole("button", { name: "Refund $25.00" }).click();
    await expect(dialog.getByRole("status")).toContainText("Refund accepted");
    await dialog.getByRole("button", { name: "Close" }).click();

    await expect(page.getByTestId("refundable-balance")).toHaveText("$75.00");
    await expect(page.getByTestId("refunded-amount")).toHaveText("$25.00");
    await expect(page.getByTestId("refund-status").first()).toHaveText("succeeded");
    await expect(page.locator('[data-testid="timeline-entry"][data-kind="refund"]')).toHaveCount(1);
    await expect(
      page.locator('[data-testid="timeline-entry"][data-kind="audit"]').first(),
    ).toBeVisible();
    expect(await page.evaluate(() => document.body.getAttribute("data-same-document"))).toBe("yes");
  });

  test("a viewer sees no refund action, and the refund server action refuses a viewer", async ({
    page,
    browser,
  }) => {
    const payment = await makePayment(supportSession, { amount: 5_000, currency: "eur" });

    // The refund action's id and payload, as a support user's browser sends them.
    const supportContext = await browser.newContext();
    const supportPage = await supportContext.newPage();
    await signIn(supportPage, support.email, support.password);
    await supportPage.goto(`/transactions/${payment.chargeId}`);
    await supportPage.getByRole("button", { name: "Refund…" }).click();
    await supportPage.getByRole("dialog").getByLabel("Amount (EUR)").fill("1.00");
    const actionRequest = supportPage.waitForRequest((request) =>
      Boolean(request.headers()["next-action"]),
    );
    await supportPage.getByRole("dialog").getByRole("button", { name: "Refund €1.00" }).click();
    const sent = await actionRequest;
    await expect(supportPage.getByRole("dialog").getByRole("status")).toContainText(
      "Refund accepted",
    );
    await supportContext.close();

    await signIn(page, viewer.email, viewer.password);
    await page.goto(`/transactions/${payment.chargeId}`);
    await expect(page.getByTestId("refundable-balance")).toHaveText("€49.00");
    await expect(page.getByRole("button", { name: "Refund…" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Re-sync" })).toHaveCount(0);

    // The same action, posted with the viewer's session and a fresh action key.
    const body = (sent.postData() ?? "").replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/,
      randomUUID(),
    );
    const response = await page.request.post(`/transactions/${payment.chargeId}`, {
      headers: {
        "next-action": sent.headers()["next-action"] ?? "",
        "content-type": sent.headers()["content-type"] ?? "text/plain;charset=UTF-8",
        accept: "text/x-component",
        origin: new URL(page.url()).origin,
      },
      data: body,
    });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("Your role does not allow this action.");
    const detail = await (await supportSession.get(`/api/transactions/${payment.chargeId}`)).json();
    expect(detail.data.refunds).toHaveLength(1);

    const api = await apiSession(viewer.email, viewer.password);
    const refused = await api.post(`/api/transactions/${payment.chargeId}/refunds`, {
      data: { amount: 100, idempotencyKey: randomUUID() },
    });
    expect(refused.status()).toBe(403);
  });

  test("support refunds with a confirmation email: the dialog names the template and the recipient, the refund links the queued email", async ({
    page,
  }) => {
    const payment = await makePayment(supportSession, { amount: 12_800, currency: "jpy" });
    await signIn(page, support.email, support.password);
    await page.goto(`/transactions/${payment.chargeId}`);
    await page.getByRole("button", { name: "Refund…" }).click();
    const dialog = page.getByRole("dialog");
    const option = dialog.getByLabel(
      "Email the customer a refund confirmation (template: Refund confirmation)",
    );
    await expect(option).not.toBeChecked();
    await expect(dialog.getByTestId("refund-notice-option")).toContainText(payment.email);
    await option.check();
    await dialog.getByLabel("Amount (JPY)").fill("1050");
    await dialog.getByRole("button", { name: "Refund ¥1,050" }).click();
    await expect(dialog.getByRole("status")).toContainText("confirmation email is queued");
    await dialog.getByRole("button", { name: "Close" }).click();

    const notice = page.getByTestId("refund-notice");
    await expect(notice).toContainText(`Confirmation email queued to ${payment.email}`);
    const email = page.locator('[data-testid="timeline-entry"][data-kind="email"]');
    await expect(email).toHaveCount(1);
    await expect(email.getByRole("link", { name: "Confirmation email queued" })).toHaveAttribute(
      "href",
      /^\/emails\/[0-9a-f-]{36}$/,
    );
    await notice.getByRole("link", { name: "see the email" }).click();
    await expect(page).toHaveURL(/\/emails\/[0-9a-f-]{36}$/);
    await expect(page.getByText(payment.email).first()).toBeVisible();
  });

  test("a JPY payment shows as yen with no decimals", async ({ page }) => {
    const payment = await makePayment(supportSession, { amount: 12_800, currency: "jpy" });
    await signIn(page, support.email, support.password);
    await page.goto(`/transactions?currency=jpy&q=${encodeURIComponent(payment.email)}`);
    await expect(page.getByTestId("transaction-amount")).toHaveText("¥12,800");
    await page.getByRole("link", { name: payment.chargeId }).click();
    await expect(page.getByTestId("payment-amount")).toHaveText("¥12,800");
    await expect(page.getByTestId("refundable-balance")).toHaveText("¥12,800");
    await page.getByRole("button", { name: "Refund…" }).click();
    await expect(page.getByRole("dialog").getByLabel("Amount (JPY)")).toHaveValue("12800");
  });

  test("bad input gets a clear 4xx and nothing is written", async () => {
    const payment = await makePayment(supportSession, { amount: 5_000, currency: "usd" });
    const refunds = async () =>
      (await (await supportSession.get(`/api/transactions/${payment.chargeId}`)).json()).data
        .refunds.length;
    const url = `/api/transactions/${payment.chargeId}/refunds`;
    for (const amount of [-100, 0, "NaN", null, 1e16, 12.5]) {
      const response = await supportSession.post(url, {
        data: { amount, idempotencyKey: randomUUID() },
      });
      expect(response.status(), `amount ${String(amount)}`).toBe(422);
      expect((await response.json()).error.message).toBeTruthy();
    }
    const wrongType = await supportSession.post(url, {
      headers: { "content-type": "text/plain" },
      data: Buffer.from(JSON.stringify({ amount: 100, idempotencyKey: randomUUID() })),
    });
    expect(wrongType.status()).toBe(415);
    const notJson = await supportSession.post(url, {
      headers: { "content-type": "application/json" },
      data: Buffer.from("{amount: 100"),
    });
    expect(notJson.status()).toBe(400);
    const huge = await supportSession.post(url, {
      headers: { "content-type": "application/json" },
      data: Buffer.from(
        JSON.stringify({
          amount: 100,
          idempotencyKey: randomUUID(),
          note: "x".repeat(2 * 1024 * 1024),
        }),
      ),
    });
    expect(huge.status()).toBe(413);
    const currency = await supportSession.post("/api/transactions", {
      data: { reference: "x", amount: 100, currency: "xyz", idempotencyKey: randomUUID() },
    });
    expect(currency.status()).toBe(422);
    expect((await currency.json()).error.message).toMatch(/Unknown currency/);
    const listCurrency = await supportSession.get("/api/transactions?currency=xyz");
    expect(listCurrency.status()).toBe(422);
    const listAmount = await supportSession.get("/api/transactions?min=NaN");
    expect(listAmount.status()).toBe(422);
    expect(await refunds()).toBe(0);
  });
});
