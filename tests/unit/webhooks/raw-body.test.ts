import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readRawBody } from "@/lib/webhooks/raw-body";

function streamed(chunks: Buffer[]) {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
  return new Request("http://localhost/api/webhooks/x", {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
}

describe("reading a webhook's raw body", () => {
  it("returns the exact bytes sent, chunk boundaries and all", async () => {
    const chunks = [randomBytes(100), randomBytes(3), randomBytes(5000)];
    const body = await readRawBody(streamed(chunks), 10_000);
    expect(body.equals(Buffer.concat(chunks))).toBe(true);
  });

  it("refuses a declared length over the limit before reading anything", async () => {
    const request = new Request("http://localhost/", {
      method: "POST",
      body: "x".repeat(11),
      headers: { "content-length": "11" },
    });
    await expect(readRawBody(request, 10)).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("stops a stream without a declared length as soon as it passes the limit", async () => {
    const error = await readRawBody(streamed([randomBytes(6), randomBytes(6)]), 10).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 413 });
  });

  it("reads an empty body as empty", async () => {
    const body = await readRawBody(new Request("http://localhost/", { method: "POST" }));
    expect(body.length).toBe(0);
  });
});
