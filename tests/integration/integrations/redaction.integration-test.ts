import { randomBytes, randomInt } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/db/client";
import { toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { IntegrationError } from "@/lib/integrations/core/errors";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import { randomEmail, randomPassword } from "../../support/factories";
import { makeCore, simProvider } from "./support/harness";

/** A random Visa-shaped number with a valid Luhn check digit, as a real card number has. */
function cardNumber(): string {
  const digits = Array.from({ length: 15 }, (_, index) => (index === 0 ? 4 : randomInt(10)));
  const sum = digits.reduce((total, digit, index) => {
    // Doubling applies to every second digit counting from the check digit, which comes last.
    const doubled = (digits.length - index) % 2 === 1 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  digits.push((10 - (sum % 10)) % 10);
  return digits.join("").replace(/(\d{4})(?=\d)/g, "$1 ");
}

const token = () => randomBytes(12).toString("hex");

describe("redaction", () => {
  let sim: FaultSimulator;
  const logLines: string[] = [];

  beforeAll(async () => {
    sim = await startFaultSimulator();
    // Capture what the real logger writes, after its own formatting and redaction.
    const stream: unknown = Reflect.get(logger, pino.symbols.streamSym);
    if (
      !stream ||
      typeof stream !== "object" ||
      !("write" in stream) ||
      typeof stream.write !== "function"
    ) {
      throw new Error("cannot reach the logger's stream");
    }
    vi.spyOn(stream as { write: (line: string) => boolean }, "write").mockImplementation(
      (line: string) => {
        logLines.push(line);
        return true;
      },
    );
    logger.level = "trace";
  });
  afterAll(async () => {
    logger.level = "silent";
    vi.restoreAllMocks();
    await sim.close();
  });

  it("keeps canary secrets out of logs, the API-call table and error messages, and masks e-mails", async () => {
    const canaries = {
      stripeKey: `sk_test_${token()}`,
      webhookSecret: `whsec_${token()}`,
      sendgridKey: `SG.${token()}.${token()}`,
      card: cardNumber(),
      password: randomPassword(),
      session: token(),
    };
    const email = randomEmail();
    const definition = simProvider(sim.url, {
      auth: { scheme: "bearer", token: canaries.stripeKey },
      retry: { maxAttempts: 2, baseDelayMs: 5 },
    });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    const client = createRestClient(definition.name, core);
    const payload = {
      email,
      password: canaries.password,
      card: { number: canaries.card, cvc: "123" },
      webhook_secret: canaries.webhookSecret,
      note: `forwarding ${canaries.sendgridKey} and card ${canaries.card}`,
    };
    const headers = {
      cookie: `authjs.session-token=${canaries.session}`,
      "x-api-key": canaries.sendgridKey,
    };
    const query = { api_key: canaries.sendgridKey, password: canaries.password };

    // The provider echoes everything back, in a success, in an error with the secrets in its message, and after a reset.
    sim.script([
      { status: 200, echo: true },
      {
        status: 400,
        echo: true,
        body: {
          error: {
            code: "invalid_request",
            message: `Invalid API key ${canaries.stripeKey} for ${email}, card ${canaries.card}`,
          },
        },
      },
      { action: "reset" },
      { action: "reset" },
    ]);
    const errors: unknown[] = [];
    await client.post("/v1/customers", { body: payload, headers, query, idempotencyKey: token() });
    for (const attempt of [
      () => client.post("/v1/customers", { body: payload, headers, query }),
      () =>
        client.put(`/v1/customers/${encodeURIComponent(email)}`, { body: payload, headers, query }),
    ]) {
      await attempt().catch((error: unknown) => errors.push(error));
    }
    await core.flush();
    await core.shutdown();

    // The canaries really went out (so finding none below means something).
    const sent = JSON.stringify(sim.received);
    expect(sent).toContain(canaries.stripeKey);
    expect(sent).toContain(canaries.password);
    expect(sent).toContain(canaries.session);

    const rows = await getDb().apiCall.findMany({ where: { provider: definition.name } });
    expect(rows).toHaveLength(4);
    const stored = JSON.stringify(rows);
    const errorText = errors
      .map((error) => {
        expect(error).toBeInstanceOf(IntegrationError);
        const integrationError = error instanceof IntegrationError ? error : undefined;
        return JSON.stringify([
          integrationError?.message,
          integrationError?.userMessage,
          toErrorBody(error).body,
        ]);
      })
      .join("\n");
    const logs = logLines.join("");
    expect(errors).toHaveLength(2);
    expect(logs).toContain("provider call failed");

    for (const [name, secret] of Object.entries(canaries)) {
      for (const [where, text] of [
        ["API-call table", stored],
        ["logs", logs],
        ["error messages", errorText],
      ] as const) {
        expect(text.includes(secret), `${name} found in ${where}`).toBe(false);
      }
    }
    expect(stored.includes(email)).toBe(false);
    expect(stored).toContain(`${email[0]}***@`);
    expect(errorText).toContain("Invalid API key");
  });
});
