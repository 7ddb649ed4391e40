import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import { startFaultSimulator, type FaultSimulator } from "@/simulators/fault/server";
import { makeCore, simProvider } from "./support/harness";

describe("API-call log", () => {
  let sim: FaultSimulator;
  beforeAll(async () => {
    sim = await startFaultSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it("stores an answer holding a NUL character instead of failing the batch on every retry", async () => {
    const definition = simProvider(sim.url, { retry: { maxAttempts: 1 } });
    const core = makeCore([definition], { rateLimitStore: "memory" });
    const client = createRestClient(definition.name, core);
    sim.setDefault({
      status: 200,
      body: { note: "before\u0000after", nested: { "key\u0000": 1 } },
    });

    await client.get("/v1/odd", { operation: "odd.read" });
    await client.get("/v1/odd", { operation: "odd.read" });
    await core.flush();

    const rows = await getDb().apiCall.findMany({ where: { provider: definition.name } });
    expect(rows).toHaveLength(2);
    expect(rows[0]?.responseBody).toMatchObject({ note: "before\uFFFDafter" });
    expect(core.callLog.pending).toBe(0);
    await core.shutdown();
  });
});
