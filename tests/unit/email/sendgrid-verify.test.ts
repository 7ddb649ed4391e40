import { generateKeyPairSync, randomBytes } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import { describe, expect, it } from "vitest";
import {
  sendgridSettings,
  webhookPublicKeys,
} from "@/lib/integrations/providers/sendgrid/settings";
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sendgridVerifier,
} from "@/lib/integrations/providers/sendgrid/webhooks/verify";
import { WebhookRejection } from "@/lib/integrations/providers/types";
import { createSendgridSigner, generateSendgridSigningKey } from "@/simulators/sendgrid";
import { randomEmail, randomId } from "../../support/factories";

function batch(size = 3) {
  return JSON.stringify(
    Array.from({ length: size }, () => ({
      email: randomEmail(),
      timestamp: Math.floor(Date.now() / 1000),
      event: "delivered",
      sg_event_id: randomId(),
      sg_message_id: `${randomId()}.filterdrecv-1.0`,
      response: "250 OK",
    })),
  );
}

function signed(secret: string, body: string, at = new Date()) {
  const headers = createSendgridSigner(secret).sign({ deliveryId: "d", body, timestamp: at });
  return {
    rawBody: Buffer.from(body),
    headers: new Headers(headers),
    receivedAt: new Date(),
  };
}

function rejection(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof WebhookRejection) return error.reason;
    throw error;
  }
  return "accepted";
}

describe("SendGrid signed event webhook verification", () => {
  const secret = generateSendgridSigningKey();
  const publicKey = createSendgridSigner(secret).verificationKey;
  const verify = sendgridVerifier([publicKey]);

  it("accepts a signed batch and makes one event of each entry, keyed on sg_event_id", () => {
    const body = batch(5);
    const events = verify(signed(secret, body));
    const entries: { sg_event_id: string }[] = JSON.parse(body);
    expect(events.map((event) => event.eventId)).toEqual(entries.map((entry) => entry.sg_event_id));
    expect(events.every((event) => event.type === "delivered" && event.occurredAt)).toBe(true);
  });

  it("rejects the wrong key, a re-serialised body, a truncated signature, a stale timestamp and missing headers", () => {
    const body = batch();
    const good = signed(secret, body);
    const reserialised = {
      ...good,
      rawBody: Buffer.from(JSON.stringify(JSON.parse(body), null, 2)),
    };
    const truncated = signed(secret, body);
    truncated.headers.set(
      SIGNATURE_HEADER,
      (truncated.headers.get(SIGNATURE_HEADER) ?? "").slice(0, 40),
    );
    const stale = signed(secret, body, new Date(Date.now() - 5 * 60_000 - 2_000));
    const future = signed(secret, body, new Date(Date.now() + 5 * 60_000 + 2_000));
    const missing = signed(secret, body);
    missing.headers.delete(TIMESTAMP_HEADER);

    expect(rejection(() => verify(good))).toBe("accepted");
    expect(rejection(() => verify(signed(generateSendgridSigningKey(), body)))).toBe(
      "no signature matches a configured public key",
    );
    expect(rejection(() => verify(reserialised))).toBe(
      "no signature matches a configured public key",
    );
    expect(rejection(() => verify(truncated))).toBe("no signature matches a configured public key");
    expect(rejection(() => verify(stale))).toBe("timestamp more than 5 minutes in the past");
    expect(rejection(() => verify(future))).toBe("timestamp more than 5 minutes in the future");
    expect(rejection(() => verify(missing))).toMatch(
      /^missing X-Twilio-Email-Event-Webhook-Signature or/,
    );
  });

  it("refuses a signed body that is not an array of events", () => {
    for (const body of ['{"event":"delivered"}', "[1,2]", '[{"email":"a@b.co"}]', "not json"]) {
      expect(
        rejection(() => verify(signed(secret, body))),
        body,
      ).not.toBe("accepted");
    }
    expect(rejection(() => verify(signed(secret, '{"event":"delivered"}')))).toBe(
      "the signed body is not a JSON array of events",
    );
  });

  it("keys an event without sg_event_id on its content, and keeps a repeated entry once", () => {
    const entry = { email: randomEmail(), timestamp: 1_700_000_000, event: "open" };
    const events = verify(signed(secret, JSON.stringify([entry, entry])));
    expect(events).toHaveLength(1);
    expect(events[0]?.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(verify(signed(secret, JSON.stringify([entry])))[0]?.eventId).toBe(events[0]?.eventId);
  });

  it("agrees with SendGrid's own helper on genuine, forged and damaged signatures", () => {
    const helper = new EventWebhook();
    const key = helper.convertPublicKeyToECDSA(publicKey);
    for (let round = 0; round < 20; round += 1) {
      const body = batch(1 + (round % 4));
      const request =
        round % 2 === 0 ? signed(secret, body) : signed(generateSendgridSigningKey(), body);
      if (round % 5 === 0) request.rawBody = Buffer.from(`${body} `);
      const signature = request.headers.get(SIGNATURE_HEADER) ?? "";
      const timestamp = request.headers.get(TIMESTAMP_HEADER) ?? "";
      const official = helper.verifySignature(key, request.rawBody, signature, timestamp);
      expect(rejection(() => verify(request)) === "accepted", `round ${round}`).toBe(official);
    }
  });

  it("honours a configured key always, and the simulator's only while sending is simulated", () => {
    const configured = generateKeyPairSync("ec", { namedCurve: "prime256v1" })
      .publicKey.export({ format: "der", type: "spki" })
      .toString("base64");
    const simulated = sendgridSettings.parse({
      SENDGRID_WEBHOOK_PUBLIC_KEY: configured,
      SENDGRID_SIMULATOR_PUBLIC_KEY: publicKey,
    });
    expect(webhookPublicKeys(simulated)).toEqual([configured, publicKey]);
    const live = sendgridSettings.parse({
      SENDGRID_API_KEY: "SG.live.key",
      SENDGRID_WEBHOOK_PUBLIC_KEY: configured,
      SENDGRID_SIMULATOR_PUBLIC_KEY: publicKey,
    });
    expect(webhookPublicKeys(live)).toEqual([configured]);
    expect(
      rejection(() => sendgridVerifier(webhookPublicKeys(live))(signed(secret, batch()))),
    ).toBe("no signature matches a configured public key");
    expect(rejection(() => sendgridVerifier([])(signed(secret, batch())))).toBe(
      "no SendGrid webhook public key is configured",
    );
    expect(
      sendgridSettings.safeParse({
        SENDGRID_WEBHOOK_PUBLIC_KEY: randomBytes(64).toString("base64"),
      }).success,
    ).toBe(false);
  });
});
