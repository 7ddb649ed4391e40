import { readFileSync } from "node:fs";
import path from "node:path";
import { request } from "@playwright/test";
import { z } from "zod";

/** The launcher writes where this run's simulators listen (their ports are picked at start). */
export function simulatorUrl(provider: "stripe" | "sendgrid"): string {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is set by playwright.config.ts");
  const addresses = z
    .record(z.string(), z.string())
    .parse(JSON.parse(readFileSync(path.join(dataDir, "simulators.json"), "utf8")));
  const url = addresses[provider];
  if (!url) throw new Error(`the console started no ${provider} simulator`);
  return url;
}

const ledgerPage = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  hasMore: z.boolean(),
});

/** Every record of one of a simulator's ledger collections: what the "provider" really did. */
export async function ledgerRecords(
  provider: "stripe" | "sendgrid",
  collection: string,
): Promise<Record<string, unknown>[]> {
  const simulator = await request.newContext({ baseURL: simulatorUrl(provider) });
  try {
    const records: Record<string, unknown>[] = [];
    let after: string | null = null;
    for (;;) {
      const query: string = `limit=100${after ? `&starting_after=${encodeURIComponent(after)}` : ""}`;
      const response = await simulator.get(`/__simulator/ledger/${collection}?${query}`);
      if (!response.ok()) throw new Error(`ledger ${collection}: HTTP ${response.status()}`);
      const page = ledgerPage.parse(await response.json());
      records.push(...page.data);
      const last = page.data.at(-1)?.id;
      if (!page.hasMore || typeof last !== "string") return records;
      after = last;
    }
  } finally {
    await simulator.dispose();
  }
}
