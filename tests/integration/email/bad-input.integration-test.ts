import "./support/sendgrid-env";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { startBulkSend } from "@/lib/email/bulk/create-bulk-send";
import { MAX_RECIPIENTS } from "@/lib/email/bulk/recipients-csv";
import { sendEmail } from "@/lib/email/send-email";
import { randomEmail } from "../../support/factories";
import { createTestUser } from "../../support/users";
import { bulkTemplate, recipientCsv } from "./support/bulk";
import { startEmailHarness, type EmailHarness } from "./support/email-harness";

async function outcome(run: () => Promise<unknown>) {
  try {
    await run();
    return { status: 200, message: "", fields: {} };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { status: error.status, message: error.userMessage, fields: error.fieldErrors ?? {} };
  }
}

describe("bad email input gets a clear 4xx and writes nothing", () => {
  let harness: EmailHarness;
  beforeAll(async () => {
    harness = await startEmailHarness({ runner: false });
  });
  afterAll(async () => {
    await harness.close();
  });
  const counts = async () => ({
    messages: await getDb().emailMessage.count(),
    requests: await getDb().emailSendRequest.count(),
    bulks: await getDb().bulkSend.count(),
  });

  it("refuses malformed addresses, unknown templates and template data that is not an object", async () => {
    const { actor } = await createTestUser("ADMIN");
    const before = await counts();
    const send = (input: unknown) => outcome(() => sendEmail({ actor, input }));
    const cases = await Promise.all([
      send({ to: "not-an-address", templateId: bulkTemplate.id }),
      send({ to: "a@b", templateId: bulkTemplate.id }),
      send({ to: `${"x".repeat(250)}@example.com`, templateId: bulkTemplate.id }),
      send({ to: randomEmail(), templateId: "d-00000000000000000000000000000000" }),
      send({ to: randomEmail(), templateId: bulkTemplate.id, data: "a string" }),
      send({ to: randomEmail(), templateId: bulkTemplate.id, data: [1, 2] }),
    ]);
    expect(cases.map((item) => item.status)).toEqual([422, 422, 422, 422, 422, 422]);
    expect(Object.keys(cases[0]?.fields ?? {})).toEqual(["to"]);
    expect(cases[3]?.message).toBe("There is no SendGrid dynamic template with this id.");
    expect(cases[4]?.message).toContain("Template data must be a JSON object");
    expect(await counts()).toEqual(before);
  });

  it("refuses a list with bad rows (naming each), and one that is too long, as a whole", async () => {
    const { actor } = await createTestUser("ADMIN");
    const before = await counts();
    const start = (csv: string, extra: Record<string, unknown> = {}) =>
      outcome(() =>
        startBulkSend({
          actor,
          csv,
          input: {
            templateId: bulkTemplate.id,
            fileName: "x.csv",
            idempotencyKey: randomUUID(),
            ...extra,
          },
        }),
      );
    const withBadRows = `${recipientCsv(3).csv}\nbob@,Bob\nnot an address,Someone`;
    const bad = await start(withBadRows);
    expect(bad.status).toBe(422);
    expect(bad.fields).toEqual({
      "row 5": [expect.stringContaining("not a valid email address")],
      "row 6": [expect.stringContaining("not a valid email address")],
    });
    const tooMany = await start(recipientCsv(MAX_RECIPIENTS + 1).csv);
    expect(tooMany).toMatchObject({
      status: 422,
      fields: { file: [expect.stringContaining("at most 100,000")] },
    });
    const unknownTemplate = await start(recipientCsv(2).csv, {
      templateId: "d-ffffffffffffffffffffffffffffffff",
    });
    expect(unknownTemplate.status).toBe(422);
    expect(await counts()).toEqual(before);

    // Leaving the bad rows out, after seeing them, sends to the rest.
    const skipped = await start(withBadRows, { skipInvalidRows: true });
    expect(skipped.status).toBe(200);
    expect((await counts()).messages).toBe(before.messages + 3);
  });
});
