import "server-only";
import { getDb } from "@/lib/db/client";
import { listTemplates } from "@/lib/integrations/providers/sendgrid/mail/templates";
import { logger } from "@/lib/logger";
import { createSendRequests, type NewRecipient } from "./send/create";

/**
 * Who the demo console has mailed. The simulator decides each fate from a word in the address
 * (bounce, block, defer, spam, unsub, open, click), so the demo always shows a hard bounce, a
 * block, a deferral, a spam report and an unsubscribe among ordinary deliveries.
 */
const RECIPIENTS: { to: string; data: NewRecipient["data"]; template: number }[] = [
  {
    to: "ada.lovelace.opened@example.com",
    data: { receipt_number: "R-10231", total: "€42.00" },
    template: 0,
  },
  {
    to: "grace.hopper.clicked@example.org",
    data: { receipt_number: "R-10232", total: "€18.50" },
    template: 0,
  },
  {
    to: "old-mailbox.bounce@example.net",
    data: { receipt_number: "R-10233", total: "€99.00" },
    template: 0,
  },
  { to: "linus.blocked@example.com", data: { name: "Linus" }, template: 2 },
  { to: "slow-server.defer@example.com", data: { name: "Barbara" }, template: 2 },
  { to: "margaret.spam@example.org", data: { name: "Margaret" }, template: 2 },
  { to: "dennis.unsubscribe@example.com", data: { period: "Q3 2026" }, template: 3 },
  {
    to: "radia.perlman@example.com",
    data: { reset_link: "https://shop.example.com/reset/8f2c" },
    template: 1,
  },
  {
    to: "ken.thompson@example.net",
    data: { receipt_number: "R-10234", total: "€7.25" },
    template: 0,
  },
  { to: "barbara.liskov@example.org", data: { period: "Q3 2026" }, template: 3 },
];

/** The address that bounced, mailed again later: SendGrid drops it as a suppressed address. */
const MAILED_AGAIN = "old-mailbox.bounce@example.net";

/**
 * Seeds a console running against the SendGrid simulator with realistic email, once: only when
 * the email log is empty. The messages are sent like any other, so the log, the events, a bounce,
 * the suppressed address and a drop all come from the real pipeline.
 */
export async function seedDemoEmails(): Promise<void> {
  const db = getDb();
  if ((await db.emailMessage.count()) > 0) return;
  const templates = await listTemplates();
  const templateAt = (index: number) => templates[index] ?? templates[0];
  if (!templateAt(0)) return;
  await db.$transaction(async (tx) => {
    await createSendRequests(
      tx,
      RECIPIENTS.flatMap(({ to, data, template }) => {
        const chosen = templateAt(template);
        return chosen
          ? [{ templateId: chosen.id, templateName: chosen.name, recipients: [{ to, data }] }]
          : [];
      }),
    );
  });
  // Once the bounce has suppressed the address, a later email to it is dropped.
  for (let tries = 0; tries < 60; tries += 1) {
    const bounced = await db.emailSuppression.count({ where: { emailKey: MAILED_AGAIN } });
    if (bounced > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const first = templateAt(0);
  if (!first) return;
  await db.$transaction((tx) =>
    createSendRequests(tx, [
      {
        templateId: first.id,
        templateName: first.name,
        recipients: [{ to: MAILED_AGAIN, data: { receipt_number: "R-10240", total: "€12.00" } }],
      },
    ]),
  );
  logger.info(
    { messages: RECIPIENTS.length + 1 },
    "seeded demo emails through the SendGrid simulator",
  );
}
