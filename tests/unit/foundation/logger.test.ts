import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), lines };
}

describe("structured logs", () => {
  it("writes one JSON object per line with level, time and message", () => {
    const { logger, lines } = capture();
    logger.info({ userId: "u1" }, "signed in");
    const entry = JSON.parse(lines[0] ?? "{}");
    expect(entry).toMatchObject({ level: "info", msg: "signed in", userId: "u1", service: "integrations-console" });
    expect(typeof entry.time).toBe("string");
  });

  it("never writes secrets, whether in fields, nested objects, errors or the message", () => {
    const { logger, lines } = capture();
    const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
    const cookie = `authjs.session-token=${Math.random().toString(36).slice(2)}abcdef`;
    logger.info({ password, headers: { cookie, authorization: "Bearer abc.def.ghi" }, nested: { deeper: { passwordHash: "$argon2id$xyz" } } }, "login");
    logger.error({ err: new Error(`failed with ${cookie}`) }, `request with ${cookie}`);
    const output = lines.join("\n");
    expect(output).not.toContain(password);
    expect(output).not.toContain(cookie);
    expect(output).not.toContain("abc.def.ghi");
    expect(output).not.toContain("$argon2id$xyz");
    expect(output).toContain("[REDACTED]");
  });
});
