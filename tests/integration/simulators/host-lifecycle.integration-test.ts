import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startGenericSimulator } from "@/simulators/generic";
import { startSimulator } from "@/simulators/host";
import { SignerNotImplementedError } from "@/simulators/host/signer";
import { createStripeSigner, stripeSimulator } from "@/simulators/stripe";
import { randomId } from "../../support/factories";
import { call } from "./support/http";
import { refusedUrl, startWebhookReceiver } from "./support/receiver";

describe("simulator host lifecycle", () => {
  it("listens on a given port, and refuses to start on a port in use", async () => {
    const port = Number(new URL(await refusedUrl()).port);
    const sim = await startGenericSimulator({ port });
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${port}`);
      await expect(startGenericSimulator({ port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await sim.close();
    }
  });

  it("forgets faults, requests, the ledger, idempotency keys and the delivery log on reset", async () => {
    const receiver = await startWebhookReceiver({
      secret: () => sim.webhooks.signer.verificationKey,
    });
    const sim = await startGenericSimulator({ webhookTarget: receiver.url });
    try {
      const key = randomId("key-");
      const body = { type: randomId("t-"), attributes: { n: randomInt(100) } };
      await call(`${sim.url}/v1/objects`, "POST", { body, headers: { "idempotency-key": key } });
      sim.faults.setDefault({ status: 503 });
      await sim.webhooks.drain();
      expect(sim.webhooks.log).toHaveLength(1);

      expect((await call(`${sim.url}/__simulator/reset`, "POST")).status).toBe(200);

      expect(sim.received).toHaveLength(0);
      expect(sim.ledger.objects.size + sim.ledger.events.size).toBe(0);
      expect(sim.webhooks.log).toHaveLength(0);
      const again = await call(`${sim.url}/v1/objects`, "POST", {
        body,
        headers: { "idempotency-key": key },
      });
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBeNull();
      expect(sim.received.map((request) => request.seq)).toEqual([1]);
      expect(sim.webhooks.settings.targetUrl).toBe(receiver.url);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });

  it("logs a delivery its signer cannot sign yet as failed, without retrying", async () => {
    const receiver = await startWebhookReceiver({ secret: () => "whsec_AAAAAAAAAAAAAAAAAAAAAA==" });
    // A simulator whose signer slot is still empty (Stripe's, with its signing taken out).
    const unsigned = {
      ...stripeSimulator,
      webhooks: {
        ...stripeSimulator.webhooks,
        createSigner: (secret?: string) => ({
          ...createStripeSigner(secret),
          sign: () => {
            throw new SignerNotImplementedError("Test");
          },
        }),
      },
    };
    const sim = await startSimulator(unsigned, { webhookTarget: receiver.url });
    try {
      const id = randomId("evt_");
      sim.ledger.events.append({
        id,
        object: "event",
        api_version: "2026-10-28.endive",
        type: "charge.succeeded",
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object: { id: randomId("ch_") } },
      });
      await sim.webhooks.drain();
      expect(sim.webhooks.log).toMatchObject([
        {
          deliveryId: id,
          attempt: 1,
          status: null,
          outcome: "failed",
          error: expect.stringMatching(/not implemented/),
        },
      ]);
      expect(receiver.deliveries).toHaveLength(0);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });
});
