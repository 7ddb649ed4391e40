import type { SimRequest, SimResponse, SimulatorContext } from "../host/module";
import { parseJsonBody } from "../host/responses";
import { wireEvent } from "./events";
import { newXMessageId, sgMessageIdFor } from "./ids";
import type { SendgridLedger, SendgridMessage, SendgridSuppression } from "./ledger";
import { lifecycle, randomFate, requestedFate, type Fate } from "./lifecycle";
import { validateMailSend } from "./mail-validation";

export interface LifecycleOptions {
  /** Emit each accepted message's later events (delivered, opens, …) by themselves. */
  auto: boolean;
  /** Multiplies the planned delays: 1 is seconds as in life, 0 emits them at once. */
  pace: number;
}

const UNDELIVERED: ReadonlySet<Fate> = new Set(["bounce", "blocked", "dropped"]);

const SUPPRESSION_FOR: Partial<Record<Fate, SendgridSuppression["reason"]>> = {
  bounce: "Bounced Address",
  spamreport: "Spam Reporting Address",
  unsubscribe: "Unsubscribed Address",
};

/**
 * POST /v3/mail/send: validates as SendGrid does, and on success answers 202 with an empty body
 * and X-Message-Id. Each recipient becomes a ledger message with a `processed` event at once and
 * its fate's later events (or `dropped`, for a suppressed address or an unknown template).
 */
export function mailSend(
  request: SimRequest,
  context: SimulatorContext<SendgridLedger>,
  rateLimit: { remaining: number; reset: number },
  options: LifecycleOptions,
): SimResponse {
  const parsed = parseJsonBody(request.body);
  const validation = parsed.ok
    ? validateMailSend(parsed.value)
    : { ok: false as const, errors: [{ message: "Bad Request", field: null, help: null }] };
  if (!validation.ok) return { status: 400, body: { errors: validation.errors } };
  const send = validation.value;
  // Sandbox mode validates without sending, and SendGrid answers 200 instead of 202.
  if (send.sandbox) return { status: 200, text: "", headers: { "content-type": "text/plain" } };

  const { ledger } = context;
  const now = context.now();
  const xMessageId = newXMessageId();
  const knownTemplate = send.templateId === null || ledger.templates.has(send.templateId);
  ledger.sends.insert({
    id: xMessageId,
    at: now,
    templateId: send.templateId,
    from: send.from,
    personalizations: send.personalizations.length,
    rateLimitRemaining: rateLimit.remaining,
    rateLimitReset: rateLimit.reset,
  });
  send.personalizations.forEach((personalization, index) => {
    const suppressed = ledger.suppressions.get(personalization.to.toLowerCase());
    const fate: Fate =
      suppressed || !knownTemplate
        ? "dropped"
        : (requestedFate(personalization.to) ?? randomFate(context.random));
    const message: SendgridMessage = ledger.messages.insert({
      id: sgMessageIdFor(xMessageId, index),
      xMessageId,
      email: personalization.to,
      templateId: send.templateId,
      dynamicTemplateData: personalization.dynamicTemplateData,
      customArgs: { ...send.customArgs, ...personalization.customArgs },
      at: now,
      fate,
    });
    ledger.emitLater(wireEvent(message, { type: "processed", offsetMs: 0, fields: {} }, now), 0);
    if (fate === "dropped") {
      const reason = suppressed ? suppressed.reason : "Invalid Template";
      ledger.emitLater(
        wireEvent(
          message,
          { type: "dropped", offsetMs: 0, fields: { reason, status: "5.0.0" } },
          now,
        ),
        0,
      );
      return;
    }
    const suppression = SUPPRESSION_FOR[fate];
    if (suppression) ledger.suppress(personalization.to, suppression, now);
    if (!options.auto) return;
    for (const planned of lifecycle(fate, context.random)) {
      const delay = planned.offsetMs * options.pace;
      ledger.emitLater(wireEvent(message, planned, now + planned.offsetMs), delay);
    }
  });
  return { status: 202, text: "", headers: { "x-message-id": xMessageId } };
}

/**
 * Events for accepted messages beyond those already emitted, exactly `n` of them, in each
 * message's fate order; past the last message, recipients keep opening and clicking. For tests
 * and benchmarks that need a given number of realistic events.
 */
export function generateEvents(
  context: Pick<SimulatorContext<SendgridLedger>, "ledger" | "now" | "random">,
  n: number,
): ReturnType<typeof wireEvent>[] {
  const messages = context.ledger.messages.all().filter((message) => message.fate !== "dropped");
  const out: ReturnType<typeof wireEvent>[] = [];
  const now = context.now();
  for (const message of messages) {
    for (const planned of lifecycle(message.fate, context.random)) {
      if (out.length === n) return out;
      out.push(context.ledger.events.append(wireEvent(message, planned, now + planned.offsetMs)));
    }
  }
  // Recipients of delivered messages go on opening and clicking.
  const engaged = messages.filter((message) => !UNDELIVERED.has(message.fate));
  for (let index = 0; out.length < n && engaged.length > 0; index += 1) {
    const message = engaged[index % engaged.length];
    if (!message) break;
    const type = context.random() < 0.8 ? "open" : "click";
    const fields =
      type === "open"
        ? { useragent: "Mozilla/5.0", ip: "203.0.113.42", sg_machine_open: false }
        : { url: "https://shop.example.com/", useragent: "Mozilla/5.0", ip: "203.0.113.42" };
    out.push(context.ledger.events.append(wireEvent(message, { type, offsetMs: 0, fields }, now)));
  }
  return out;
}
