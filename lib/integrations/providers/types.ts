import type { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { hasErrorMark, markError } from "@/lib/errors";

/**
 * "live": real credentials; "simulator": no credentials, so the console talks to the provider's
 * local simulator; "configured": a REST provider from INTEGRATIONS_CONFIG.
 */
export type ProviderMode = "live" | "simulator" | "configured";

/** A provider as the rest of the console sees it, with its settings read. */
export interface ResolvedProvider {
  name: string;
  displayName: string;
  mode: ProviderMode;
  definition: ProviderDefinition;
  /** Present when the provider sends signed webhooks to /api/webhooks/<name>. */
  webhooks?: WebhookSupport;
  /** A cheap read-only call that proves the credentials and the connection work. */
  connectionCheck?: ConnectionCheck;
  /** How `npm start` runs this provider's local simulator, when it needs one (no credentials). */
  simulator?: SimulatorEntry;
  /** Fills the console with demo data on a server's start, in simulator mode only. */
  seedDemo?: () => Promise<void>;
}

export interface ConnectionCheck {
  operation: string;
  path: string;
}

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Headers;
  receivedAt: Date;
}

/** One verified event of a delivery (some providers batch several events in one request). */
export interface VerifiedEvent {
  /** The provider's own event id: the inbox's deduplication key. */
  eventId: string;
  type: string;
  /** When the provider says the event happened, if it says. */
  occurredAt: Date | null;
  /** The event as JSON text: the raw body, or this event's part of a batch. */
  body: string;
}

/** A delivery that failed verification; `reason` is stored with it and says what was wrong. */
export class WebhookRejection extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "WebhookRejection";
    markError(this, "WebhookRejection");
  }
}

/** True across bundles too (see markError): verifiers are shared through globalThis. */
export function isWebhookRejection(error: unknown): error is WebhookRejection {
  return error instanceof WebhookRejection || hasErrorMark(error, "WebhookRejection");
}

export interface HandlerContext {
  /** The transaction that also marks the delivery processed: write the effect through it only. */
  tx: Prisma.TransactionClient;
  provider: string;
  delivery: { id: string; eventId: string; receivedAt: Date; occurredAt: Date | null };
}

/** An event whose payload does not have the shape its type promises: retrying cannot help. */
export class InvalidEventPayload extends Error {
  constructor(readonly issues: string[]) {
    super(`the event does not have the expected shape: ${issues.slice(0, 5).join("; ")}`);
    this.name = "InvalidEventPayload";
    markError(this, "InvalidEventPayload");
  }
}

/** True across bundles too (see markError): handlers are shared through globalThis. */
export function isInvalidEventPayload(error: unknown): error is InvalidEventPayload {
  return error instanceof InvalidEventPayload || hasErrorMark(error, "InvalidEventPayload");
}

/** One event type's effect. */
export interface EventHandler {
  /** Parses the event (JSON already decoded) and applies its effect; throws InvalidEventPayload on a bad shape. */
  apply(event: unknown, context: HandlerContext): Promise<void>;
}

/** A typed handler: `handle` sees the event as `schema` parsed it. */
export function defineEventHandler<Payload>(
  schema: z.ZodType<Payload>,
  handle: (payload: Payload, context: HandlerContext) => Promise<void>,
): EventHandler {
  return {
    async apply(event, context) {
      const parsed = schema.safeParse(event);
      if (!parsed.success) {
        throw new InvalidEventPayload(
          parsed.error.issues.map(
            (issue) => `${issue.path.join(".") || "event"}: ${issue.message}`,
          ),
        );
      }
      await handle(parsed.data, context);
    },
  };
}

export interface WebhookSupport {
  /** Throws WebhookRejection when the signature (or its freshness) does not hold. */
  verify(request: WebhookRequest): VerifiedEvent[];
  /** Keyed by event type; other types are stored and acknowledged without an effect. */
  handlers: Readonly<Record<string, EventHandler>>;
}

/** What the launcher needs to run a provider's simulator when its credentials are unset. */
export interface SimulatorEntry {
  /** Starts it on a loopback port; `webhookUrl` is where it delivers signed events. */
  start(options: { webhookUrl: string }): Promise<RunningProviderSimulator>;
}

export interface RunningProviderSimulator {
  url: string;
  /** Variables the console process gets so that the module talks to (and trusts) this simulator. */
  variables: Record<string, string>;
  close(): Promise<void>;
}

/** A provider's variables, validated; `resolve` builds the provider from them. */
export interface ProviderSettings {
  /** The parsed variables, for inspection (the module's own code sees them typed). */
  readonly values: unknown;
  resolve(): ResolvedProvider;
}

/**
 * A built-in provider: one folder under lib/integrations/providers and one line in registry.ts.
 * lib/env.ts validates its variables with the rest of the environment (`readSettings`).
 */
export interface ProviderModule {
  name: string;
  displayName: string;
  readSettings(
    source: Readonly<Record<string, string | undefined>>,
  ): { success: true; settings: ProviderSettings } | { success: false; issues: z.core.$ZodIssue[] };
}

/** Builds a module whose functions see its settings typed, from a schema of its variables. */
export function defineProvider<Settings>(spec: {
  name: string;
  displayName: string;
  settings: z.ZodType<Settings>;
  mode(settings: Settings): ProviderMode;
  definition(settings: Settings): ProviderDefinition;
  webhooks?(settings: Settings): WebhookSupport | undefined;
  connectionCheck?: ConnectionCheck;
  /** Present when the settings call for a local simulator. */
  simulator?(settings: Settings): SimulatorEntry | undefined;
  /** Demo data for a console whose provider is simulated; run on each server start, once. */
  seedDemo?(): Promise<void>;
}): ProviderModule {
  return {
    name: spec.name,
    displayName: spec.displayName,
    readSettings(source) {
      const parsed = spec.settings.safeParse(source);
      if (!parsed.success) return { success: false, issues: parsed.error.issues };
      const values = parsed.data;
      return {
        success: true,
        settings: {
          values,
          resolve: () => ({
            name: spec.name,
            displayName: spec.displayName,
            mode: spec.mode(values),
            definition: spec.definition(values),
            webhooks: spec.webhooks?.(values),
            connectionCheck: spec.connectionCheck,
            simulator: spec.simulator?.(values),
            seedDemo: spec.mode(values) === "simulator" ? spec.seedDemo : undefined,
          }),
        },
      };
    },
  };
}
