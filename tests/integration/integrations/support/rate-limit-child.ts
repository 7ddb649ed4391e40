// A second app process for the cross-instance rate-limit test: it builds its own integration core
// against the same database and offers calls at a fixed pace, then prints how many succeeded.
import { IntegrationCore } from "@/lib/integrations/core/core";
import { createRestClient } from "@/lib/integrations/core/rest-client";
import type { ProviderDefinition } from "@/lib/integrations/core/config-schema";
import { getPool } from "@/lib/db/pool";

const [definitionJson, countText, intervalText] = process.argv.slice(2);
const definition: ProviderDefinition = JSON.parse(definitionJson ?? "{}");
const count = Number(countText);
const intervalMs = Number(intervalText);

const core = new IntegrationCore({
  providers: [definition],
  logFlushIntervalMs: 60_000,
  retentionDays: 30,
});
const client = createRestClient(definition.name, core);
// Start together with the parent: say we are ready, then wait for its "go" on stdin.
await core.runtime(definition.name);
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
process.stdin.destroy();
const calls: Promise<boolean>[] = [];
for (let index = 0; index < count; index++) {
  calls.push(
    client.get("/v1/limited", { deadlineMs: 30_000 }).then(
      () => true,
      () => false,
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, intervalMs));
}
const results = await Promise.all(calls);
await core.shutdown();
await getPool().end();
process.stdout.write(JSON.stringify({ ok: results.filter(Boolean).length }) + "\n");
