import { z } from "zod";
import { randomId } from "../host/ids";
import type { SimulatorModule } from "../host/module";
import { parseJsonBody } from "../host/responses";
import { describeIssues } from "../host/validation";
import { generateChanges } from "./bulk";
import { genericError } from "./errors";
import { GenericLedger, type GenericEvent } from "./ledger";
import { handleGenericRequest } from "./routes";
import { createStandardWebhookSigner } from "./signer";

const generateSchema = z
  .object({
    n: z.number().int().min(1).max(1_000_000),
    types: z.array(z.string().min(1)).min(1).optional(),
    mix: z
      .object({
        create: z.number().min(0).optional(),
        update: z.number().min(0).optional(),
        delete: z.number().min(0).optional(),
      })
      .strict()
      .optional(),
    /** false: log the events without delivering them, to send() them later with faults. */
    deliver: z.boolean().default(true),
  })
  .strict();

/**
 * A generic REST provider: objects with versions, an event per change, Standard Webhooks
 * signatures. It proves the webhook pipeline before any real provider's simulator exists, and
 * answers every other path like the fault simulator always did.
 */
export const genericSimulator: SimulatorModule<GenericEvent, GenericLedger> = {
  name: "generic",
  displayName: "Generic",
  createLedger: (clock) => new GenericLedger(() => clock.now()),
  handle: handleGenericRequest,
  webhooks: {
    createSigner: createStandardWebhookSigner,
    encode: (events) => JSON.stringify(events.length === 1 ? events[0] : events),
    maxEventsPerDelivery: 1,
    batchWindowMs: 0,
    fabricate: (like) => ({ ...like, id: randomId("evt_") }),
  },
  control(request, context) {
    if (request.method !== "POST" || request.controlPath !== "/generate") return undefined;
    const body = parseJsonBody(request.body);
    if (!body.ok) return genericError(400, "invalid_json", body.message);
    const parsed = generateSchema.safeParse(body.value ?? {});
    if (!parsed.success) {
      return genericError(400, "validation_error", describeIssues(parsed.error));
    }
    const { n, deliver, ...options } = parsed.data;
    const run = () => generateChanges(context.ledger, n, { ...options, random: context.random });
    const events = deliver ? run() : context.withoutAutoDelivery(run);
    return {
      status: 201,
      body: { count: events.length, eventIds: events.map((event) => event.id) },
    };
  },
};
