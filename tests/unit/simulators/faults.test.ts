import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { faultRequestSchema, toFaultRequest } from "@/simulators/host/fault-schema";
import { FaultScripts, stepAnswers, stepHeaders } from "@/simulators/host/faults";
import { randomId } from "../../support/factories";

describe("fault scripts", () => {
  it("answers with the scripted steps in order, then with the default", () => {
    const faults = new FaultScripts();
    const statuses = Array.from({ length: randomInt(2, 6) }, () => randomInt(500, 600));
    faults.script(statuses.map((status) => ({ status })));
    faults.setDefault({ latencyMs: 5 });

    const taken = statuses.map(() => faults.next("GET", `/${randomId()}`).status);

    expect(taken).toEqual(statuses);
    expect(faults.next("GET", "/")).toEqual({ latencyMs: 5 });
    faults.reset();
    expect(faults.next("GET", "/")).toEqual({});
  });

  it("matches method and exact path (query ignored), or a pattern over the whole path", () => {
    const faults = new FaultScripts();
    const path = `/v1/${randomId()}`;
    faults.script([{ status: 429 }], { method: "post", path });
    faults.script([{ status: 503 }], { path: /[?&]expand=/ });

    expect(faults.next("GET", path)).toEqual({});
    expect(faults.next("POST", `${path}/more`)).toEqual({});
    expect(faults.next("GET", "/v1/things?expand=all")).toEqual({ status: 503 });
    expect(faults.next("POST", `${path}?page=2`)).toEqual({ status: 429 });
    expect(faults.next("POST", path)).toEqual({});
  });

  it("gives the first matching script's step, and repeats the last step when asked", () => {
    const faults = new FaultScripts();
    faults.script([{ status: 500 }, { status: 502 }], { repeatLast: true });
    faults.script([{ status: 418 }]);
    const answers = Array.from({ length: randomInt(3, 8) }, () => faults.next("GET", "/").status);
    expect(answers).toEqual([500, ...Array.from({ length: answers.length - 1 }, () => 502)]);
    expect(faults.describe().scripts).toHaveLength(2);
  });

  it("tells answering steps from decorating ones, and renders their headers", () => {
    expect(stepAnswers({})).toBe(false);
    expect(stepAnswers({ latencyMs: 10, headers: { a: "b" } })).toBe(false);
    expect(stepAnswers({ status: 200 })).toBe(true);
    expect(stepAnswers({ body: { x: 1 } })).toBe(true);
    expect(stepAnswers({ echo: true })).toBe(true);

    const reset = randomInt(1_900_000_000, 2_000_000_000);
    const date = new Date("2030-01-02T03:04:05Z");
    expect(
      stepHeaders({
        retryAfter: 7,
        rateLimit: { limit: 600, remaining: 0, reset },
        headers: { "x-a": "1" },
      }),
    ).toEqual({
      "x-a": "1",
      "retry-after": "7",
      "x-ratelimit-limit": "600",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-reset": String(reset),
    });
    expect(stepHeaders({ retryAfter: date })).toEqual({ "retry-after": date.toUTCString() });
  });

  it("reads scripts and defaults from JSON, with dates and patterns", () => {
    const script = faultRequestSchema.parse({
      steps: [{ status: 503, retryAfter: "2030-01-02T03:04:05Z" }, { action: "drop-after-commit" }],
      method: "POST",
      pathPattern: "^/v1/objects",
      repeatLast: true,
    });
    const request = toFaultRequest(script);
    expect(request.kind).toBe("script");
    if (request.kind !== "script") return;
    expect(request.steps[0]?.retryAfter).toEqual(new Date("2030-01-02T03:04:05Z"));
    expect(request.options.path).toBeInstanceOf(RegExp);
    expect(toFaultRequest(faultRequestSchema.parse({ default: { status: 500 } }))).toEqual({
      kind: "default",
      step: { status: 500 },
    });

    for (const invalid of [
      { steps: [] },
      { steps: [{ action: "explode" }] },
      { steps: [{ status: 99 }] },
      { steps: [{ status: 200 }], path: "/a", pathPattern: "a" },
      { steps: [{ status: 200 }], pathPattern: "(" },
      { steps: [{ status: 200, colour: "red" }] },
    ]) {
      expect(faultRequestSchema.safeParse(invalid).success, JSON.stringify(invalid)).toBe(false);
    }
  });
});
