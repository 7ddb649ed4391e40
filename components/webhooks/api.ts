import { z } from "zod";

const failure = z.object({
  success: z.literal(false),
  error: z.object({ message: z.string() }),
});

/** Calls one of the console's JSON APIs and parses its `{ success, data }` answer with `schema`. */
export async function callApi<T>(
  url: string,
  schema: z.ZodType<T>,
  init?: { method: "POST"; body: unknown } | { method: "DELETE" },
): Promise<T> {
  const response = await fetch(url, {
    method: init?.method ?? "GET",
    headers: init && "body" in init ? { "content-type": "application/json" } : undefined,
    body: init && "body" in init ? JSON.stringify(init.body) : undefined,
  });
  const json: unknown = await response.json().catch(() => null);
  const ok = z.object({ success: z.literal(true), data: schema }).safeParse(json);
  if (ok.success) return ok.data.data;
  const failed = failure.safeParse(json);
  throw new Error(
    failed.success ? failed.data.error.message : `The request failed (HTTP ${response.status}).`,
  );
}

export const bulkReplaySchema = z.object({
  id: z.string(),
  status: z.enum(["QUEUED", "RUNNING", "FINISHED", "FAILED", "CANCELLED"]),
  requestedBy: z.string(),
  filter: z.record(z.string(), z.string().optional()),
  total: z.number(),
  replayed: z.number(),
  skipped: z.number(),
  failed: z.number(),
  done: z.number(),
  lastError: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BulkReplay = z.infer<typeof bulkReplaySchema>;
