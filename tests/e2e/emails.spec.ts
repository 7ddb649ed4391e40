import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

async function templates(admin: APIRequestContext): Promise<{ id: string; name: string }[]> {
  const response = await admin.get("/api/emails/templates");
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).data;
}

async function messagesTo(session: APIRequestContext, address: string) {
  const response = await session.get(`/api/emails?q=${encodeURIComponent(address)}`);
  expect(response.status()).toBe(200);
  return (await response.json()).data.messages as {
    id: string;
    status: string;
    resendOfId: string | null;
  }[];
}

test("a support user finds a bounced email, reads why, and resends it after confirming", async ({
  page,
}) => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const [template] = await templates(admin);
  // The simulator bounces an address that asks for it.
  const address = `customer-${randomBytes(4).toString("hex")}.bounce@example.com`;
  const sent = await admin.post("/api/emails", {
    data: { to: address, templateId: template?.id, data: { receipt_number: "R-77" } },
  });
  expect(sent.status(), await sent.text()).toBe(200);
  await expect
    .poll(async () => (await messagesTo(admin, address))[0]?.status, { timeout: 30_000 })
    .toBe("BOUNCED");

  const support = randomUser("SUPPORT");
  await createUser(admin, support);
  await signIn(page, support.email, support.password);
  await page.getByRole("link", { name: "Emails" }).last().click();
  await page.getByLabel("Recipient or message id").fill(address);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(
    new RegExp(`q=${encodeURIComponent(address).replaceAll(".", "\\.")}`),
  );
  const table = page.getByTestId("emails-table");
  await expect(table.getByTestId("email-status")).toHaveText(["Bounced"]);
  await table.getByRole("link", { name: address }).click();

  await expect(page.getByTestId("email-recipient")).toHaveText(address);
  await expect(page.getByTestId("failure-reason")).toContainText(
    "The recipient's mail server says this address does not exist.",
  );
  await expect(page.getByTestId("suppression-notice")).toContainText("bounced");
  const panel = page.getByTestId("resend-panel");
  await expect(panel).toContainText(
    "Earlier failure: The recipient's mail server says this address does not exist.",
  );
  const resend = panel.getByRole("button", { name: "Resend this email" });
  await expect(resend).toBeDisabled();
  await panel.getByRole("checkbox").check();
  await resend.click();
  await expect(panel.getByRole("status")).toContainText("Resent as a new message.");

  const messages = await messagesTo(admin, address);
  expect(messages).toHaveLength(2);
  expect(messages.filter((message) => message.resendOfId !== null)).toHaveLength(1);
  // SendGrid drops the resend: the address is suppressed there too.
  await expect
    .poll(
      async () => (await messagesTo(admin, address)).find((message) => message.resendOfId)?.status,
      {
        timeout: 30_000,
      },
    )
    .toBe("DROPPED");
});

test("an admin uploads a list with two bad rows, sees them, and watches the send reach 100%", async ({
  page,
}) => {
  const prefix = `list-${randomBytes(4).toString("hex")}`;
  const rows = Array.from(
    { length: 1_500 },
    (_, index) => `${prefix}-${index}@example.com,Person ${index}`,
  );
  rows.splice(10, 0, "not-an-address,Broken");
  rows.splice(700, 0, `${prefix}-3@example.com,Duplicate`);
  const csv = ["email,first_name", ...rows].join("\n");

  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.getByRole("link", { name: "Bulk sends" }).last().click();
  const form = page.getByTestId("bulk-send-form");
  await form.getByLabel("Recipient list (CSV)").setInputFiles({
    name: "customers.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  const preview = form.getByTestId("bulk-preview");
  await expect(preview).toContainText("1,500 recipients in 2 requests");
  const errors = form.getByTestId("row-errors");
  await expect(errors.getByRole("row")).toHaveCount(2);
  await expect(errors).toContainText("Row 12");
  await expect(errors).toContainText("not a valid email address");
  await expect(errors).toContainText(`${prefix}-3@example.com is already on row 5.`);

  await form.getByRole("button", { name: "Send to 1,500 valid recipients" }).click();
  await expect(page).toHaveURL(/\/bulk-sends\/[0-9a-f-]{36}$/);
  const bar = page.getByRole("progressbar", { name: "Bulk send progress" });
  await expect(bar).toHaveAttribute("aria-valuenow", "100", { timeout: 60_000 });
  await expect(page.getByTestId("bulk-sent")).toHaveText("1,500");
  await expect(page.getByTestId("bulk-summary")).toBeVisible();
});

test("bad email input gets clear 4xx answers", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const [template] = await templates(admin);
  const cases = [
    { to: "bob@", templateId: template?.id },
    { to: "ok@example.com", templateId: "d-00000000000000000000000000000000" },
    { to: "ok@example.com", templateId: template?.id, data: "not an object" },
  ];
  for (const data of cases) {
    const response = await admin.post("/api/emails", { data });
    expect(response.status(), JSON.stringify(data)).toBe(422);
    expect((await response.json()).error.message).toBeTruthy();
  }
  const oversized = await admin.post(
    `/api/bulk-sends/preview?templateId=${template?.id}&fileName=big.csv`,
    {
      headers: { "content-type": "text/csv" },
      data: `email\n${"x@example.com\n".repeat(700_000)}`,
    },
  );
  expect(oversized.status()).toBe(413);
  expect((await oversized.json()).error.message).toContain("larger than 8 MiB");
  const notArray = await admin.post("/api/webhooks/sendgrid", {
    headers: { "content-type": "application/json" },
    data: '{"event":"delivered"}',
  });
  expect(notArray.status()).toBe(400);
  expect((await admin.get("/api/emails?status=EXPLODED")).status()).toBe(422);
  expect((await admin.get("/api/emails?after=garbage")).status()).toBe(422);

  const exported = await admin.get("/api/emails/export?status=BOUNCED");
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toContain("text/csv");
  expect((await exported.text()).split("\r\n")[0]).toBe(
    "created_at,message_id,recipient,template_id,template_name,status,status_at,sendgrid_message_id,attempts,last_error,failure_reason,opens,clicks,data_sha256,bulk_send_id,resend_of",
  );
});
