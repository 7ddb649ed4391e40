import pino from "pino";
import { getEnv } from "./env";
import { redact } from "./redact";

/**
 * Structured JSON logs. Every object logged passes through `redact`, so a secret that reaches
 * a log call by mistake is scrubbed rather than written.
 */
export const logger = pino({
  level: getEnv().LOG_LEVEL,
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
});

export type Logger = typeof logger;
