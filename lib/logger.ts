import pino, { type DestinationStream } from "pino";
import { getEnv } from "./env";
import { redact } from "./redact";

/**
 * Structured JSON logs. Every object and message logged passes through `redact`, so a secret
 * that reaches a log call by mistake is scrubbed rather than written.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}) {
  return pino(
    {
      level: options.level ?? getEnv().LOG_LEVEL,
      base: { service: "integrations-console" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object),
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => (typeof arg === "string" ? redact(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

export const logger = createLogger();

export type Logger = typeof logger;
