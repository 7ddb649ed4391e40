import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { genericDefinition, genericProvider } from "@/lib/integrations/providers/generic";
import type { EventHandler, ResolvedProvider } from "@/lib/integrations/providers/types";
import { randomId } from "../../../support/factories";

export function randomSecret() {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** A generic REST provider with signed webhooks, under a fresh name so tests never share rows. */
export function webhookProvider(secrets: string[], name = randomId("acme-")): ResolvedProvider {
  return genericProvider({
    definition: genericDefinition({
      name,
      displayName: "Acme",
      baseUrl: "http://127.0.0.1:9",
      auth: { scheme: "none" },
      rateLimitPerSecond: 10,
    }),
    webhookSecrets: secrets,
  });
}

/** The same provider with each handler wrapped, e.g. to make it fail on demand. */
export function withHandlers(
  provider: ResolvedProvider,
  wrap: (handler: EventHandler, type: string) => EventHandler,
): ResolvedProvider {
  const webhooks = provider.webhooks;
  if (!webhooks) throw new Error("provider has no webhooks");
  const handlers = Object.fromEntries(
    Object.entries(webhooks.handlers).map(([type, handler]) => [type, wrap(handler, type)]),
  );
  return { ...provider, webhooks: { ...webhooks, handlers } };
}

export interface ObjectEvent {
  id: string;
  objectId: string;
  version: number;
  type?: "object.created" | "object.updated" | "object.deleted";
  attributes?: Record<string, unknown>;
}

/** A Standard Webhooks delivery of one `object.*` event, signed with `secret`. */
export function signedDelivery(secret: string, event: ObjectEvent, at = new Date()) {
  const body = JSON.stringify({
    type: event.type ?? (event.version === 1 ? "object.created" : "object.updated"),
    timestamp: at.toISOString(),
    data: {
      object: {
        id: event.objectId,
        type: "thing",
        version: event.version,
        attributes: event.attributes ?? { n: event.version },
        deleted: event.type === "object.deleted",
        updatedAt: at.toISOString(),
      },
    },
  });
  const signature = new Webhook(secret).sign(event.id, at, body);
  const headers = new Headers({
    "content-type": "application/json",
    "webhook-id": event.id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signature,
  });
  return { rawBody: Buffer.from(body), headers };
}

export function randomEvent(overrides: Partial<ObjectEvent> = {}): ObjectEvent {
  return { id: `evt_${randomUUID()}`, objectId: `obj_${randomUUID()}`, version: 1, ...overrides };
}

/** Polls until `check` holds (or gives up after `timeoutMs`), returning its last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
