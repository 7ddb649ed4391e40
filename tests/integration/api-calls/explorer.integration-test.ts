import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { getApiCall, listApiCalls } from "@/lib/api-calls/queries";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { ApiCallOutcome } from "@/lib/db/generated/enums";
import { isAppError } from "@/lib/errors";
import { ApiCallLog, type ApiCallRecord } from "@/lib/integrations/core/call-log";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";

const TAG = randomId().slice(0, 8);
const PROVIDER_A = `pa${TAG}`;
const PROVIDER_B = `pb${TAG}`;
const CORRELATION = `corr-${TAG}`;
const ACTOR_EMAIL = `caller-${TAG}@example.com`;
const ACTOR_ID = randomUUID();
// Secrets a provider call might carry, in every place the log stores something.
const SECRET_KEY = `sk_live_${TAG}SuperSecretKey123`;
const SECRET_TOKEN = `tok${TAG}HiddenValue`;
const SECRET_PASSWORD = `pw${TAG}NeverShown`;

const OUTCOMES: { outcome: ApiCallOutcome; status: number | null }[] = [
  { outcome: "SUCCESS", status: 200 },
  { outcome: "HTTP_ERROR", status: 502 },
  { outcome: "RATE_LIMITED", status: 429 },
  { outcome: "TIMEOUT", status: null },
];

function record(index: number, overrides: Partial<ApiCallRecord> = {}): ApiCallRecord {
  const kind = OUTCOMES[index % OUTCOMES.length] ?? OUTCOMES[0];
  return {
    // Pairs of rows share a millisecond, so the keyset has to break ties by id.
    createdAt: Date.UTC(2019, 5, 1) + Math.floor(index / 2) * 1_000,
    provider: index % 3 === 0 ? PROVIDER_B : PROVIDER_A,
    operation: index % 2 === 0 ? "things.create" : "things.read",
    method: index % 2 === 0 ? "POST" : "GET",
    path: `/v1/things/${index}`,
    status: kind?.status ?? null,
    outcome: kind?.outcome ?? "SUCCESS",
    durationMs: index * 10,
    attempt: 1,
    errorCode: null,
    providerRequestId: `req_${index}`,
    idempotencyKey: null,
    correlationId: index % 10 === 0 ? CORRELATION : null,
    actorId: index % 7 === 0 ? ACTOR_ID : null,
    actorEmail: index % 7 === 0 ? ACTOR_EMAIL : null,
    requestBody: { amount: index },
    responseBody: { id: `thing_${index}` },
    ...overrides,
  };
}

const SEEDED = 130;

async function seed() {
  const log = new ApiCallLog({ retentionDays: 100_000, maxBatch: 1_000 });
  for (let index = 0; index < SEEDED; index++) log.record(record(index));
  // One call carrying secrets in its path, its request and its response, as the core records it.
  log.record(
    record(SEEDED, {
      provider: PROVIDER_A,
      operation: "secrets.leak",
      method: "POST",
      path: `/v1/charges?api_key=${SECRET_KEY}&expand=customer`,
      idempotencyKey: `idem-${TAG}`,
      requestBody: {
        amount: 5,
        api_key: SECRET_KEY,
        nested: { password: SECRET_PASSWORD, note: `Bearer ${SECRET_TOKEN}` },
        description: `key is ${SECRET_KEY}`,
      },
      responseBody: { token: SECRET_TOKEN, echoed: SECRET_KEY },
    }),
  );
  await log.flush();
  // A row written by another writer (or before a redaction rule existed): redacted on the way out.
  await getDb().apiCall.create({
    data: {
      createdAt: new Date(Date.UTC(2019, 4, 1)),
      provider: PROVIDER_A,
      operation: "legacy.row",
      method: "POST",
      path: `/v1/legacy?token=${SECRET_TOKEN}`,
      status: 200,
      durationMs: 5,
      attempt: 1,
      outcome: "SUCCESS",
      requestBody: { authorization: `Bearer ${SECRET_TOKEN}`, text: `use ${SECRET_KEY}` },
      responseBody: { client_secret: SECRET_PASSWORD },
    },
  });
}

const mine = { provider: PROVIDER_A };

async function walk(actor: Actor, filter: Record<string, string>, limit = "17") {
  const ids: string[] = [];
  const rows: Awaited<ReturnType<typeof listApiCalls>>["calls"] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof listApiCalls>> = await listApiCalls({
      actor,
      input: { ...filter, limit, ...(after ? { after } : {}) },
    });
    ids.push(...page.calls.map((row) => row.id));
    rows.push(...page.calls);
    after = page.next;
  } while (after);
  return { ids, rows };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { status: error.status, message: error.userMessage };
    throw error;
  }
  throw new Error("expected an AppError");
}

describe("the API-call explorer", () => {
  let viewer: Actor;
  let support: Actor;
  let admin: Actor;
  beforeAll(async () => {
    viewer = (await createTestUser("VIEWER")).actor;
    support = (await createTestUser("SUPPORT")).actor;
    admin = (await createTestUser("ADMIN")).actor;
    await seed();
  });

  it("pages by keyset through every row of a filter exactly once, newest first, ties broken by id", async () => {
    const { rows } = await walk(viewer, mine);
    const expected = await getDb().apiCall.findMany({
      where: { provider: PROVIDER_A },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(80);
  });

  it("filters by provider, operation, status (outcome, code and class), duration, correlation id and actor", async () => {
    const all = (await walk(admin, { provider: PROVIDER_B }, "200")).rows;
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((row) => row.provider === PROVIDER_B)).toBe(true);

    const creates = (await walk(viewer, { ...mine, operation: "things.create" })).rows;
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.every((row) => row.operation === "things.create")).toBe(true);

    const limited = (await walk(viewer, { ...mine, status: "rate_limited" })).rows;
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((row) => row.outcome === "RATE_LIMITED")).toBe(true);

    const code = (await walk(viewer, { ...mine, status: "429" })).rows;
    expect(code.map((row) => row.id)).toEqual(limited.map((row) => row.id));

    const serverErrors = (await walk(viewer, { ...mine, status: "5xx" })).rows;
    expect(serverErrors.length).toBeGreaterThan(0);
    expect(serverErrors.every((row) => row.status === 502)).toBe(true);

    const slow = (await walk(viewer, { ...mine, minMs: "1000" })).rows;
    expect(slow.length).toBeGreaterThan(0);
    expect(slow.every((row) => row.durationMs >= 1000)).toBe(true);

    const correlated = (await walk(support, { correlationId: CORRELATION })).rows;
    expect(correlated).toHaveLength(
      await getDb().apiCall.count({ where: { correlationId: CORRELATION } }),
    );
    expect(correlated.length).toBeGreaterThanOrEqual(Math.ceil(SEEDED / 10));
    expect(correlated.every((row) => row.correlationId === CORRELATION)).toBe(true);

    const byEmail = (await walk(viewer, { actor: ACTOR_EMAIL.toUpperCase() })).rows;
    const byId = (await walk(viewer, { actor: ACTOR_ID })).rows;
    expect(byEmail).toHaveLength(await getDb().apiCall.count({ where: { actorId: ACTOR_ID } }));
    expect(byEmail.length).toBeGreaterThanOrEqual(Math.ceil(SEEDED / 7));
    expect(byId.map((row) => row.id)).toEqual(byEmail.map((row) => row.id));

    const combined = (
      await walk(viewer, { ...mine, status: "SUCCESS", minMs: "200", operation: "things.create" })
    ).rows;
    const expected = await getDb().apiCall.count({
      where: {
        provider: PROVIDER_A,
        outcome: "SUCCESS",
        durationMs: { gte: 200 },
        operation: "things.create",
      },
    });
    expect(combined).toHaveLength(expected);
    expect(expected).toBeGreaterThan(0);
  });

  it("treats blank form fields as no filter", async () => {
    const page = await listApiCalls({
      actor: viewer,
      input: { ...mine, operation: "", status: "", minMs: "", actor: "", correlationId: "" },
    });
    expect(page.calls.length).toBe(50);
  });

  it("shows a call's redacted request and response, and a curl command without secrets", async () => {
    const [leak] = (await walk(viewer, { ...mine, operation: "secrets.leak" })).rows;
    expect(leak).toBeDefined();
    const [legacy] = (await walk(viewer, { ...mine, operation: "legacy.row" })).rows;
    expect(legacy).toBeDefined();
    for (const id of [leak?.id, legacy?.id]) {
      const detail = await getApiCall({ actor: viewer, id });
      const everything = JSON.stringify(detail);
      for (const secret of [SECRET_KEY, SECRET_TOKEN, SECRET_PASSWORD])
        expect(everything).not.toContain(secret);
      expect(detail.curl).toContain("Authorization: Bearer [REDACTED]");
      expect(detail.curl).not.toMatch(/sk_live_[A-Za-z0-9]{6,}/);
    }
    const detail = await getApiCall({ actor: support, id: leak?.id });
    expect(detail.requestBody).toMatchObject({ amount: 5, api_key: "[REDACTED]" });
    expect(detail.curl).toMatch(/^curl -X POST '.*\/v1\/charges\?api_key=/);
    expect(detail.curl).toContain(`idem-${TAG}`);
    expect(detail.curl).toContain("--data-raw");
    // The list never carries the secret either (paths are sanitised).
    const list = await listApiCalls({ actor: viewer, input: { ...mine, limit: "200" } });
    expect(JSON.stringify(list)).not.toContain(SECRET_KEY);
    expect(JSON.stringify(list)).not.toContain(SECRET_TOKEN);
  });

  it("answers an unknown or malformed id with 404", async () => {
    expect((await failure(getApiCall({ actor: viewer, id: randomUUID() }))).status).toBe(404);
    expect((await failure(getApiCall({ actor: viewer, id: "../../etc" }))).status).toBe(404);
  });

  it("refuses malformed filters with 422 and a message that names the problem", async () => {
    const bad: Record<string, string>[] = [
      { status: "teapot" },
      { status: "999" },
      { minMs: "-5" },
      { minMs: "fast" },
      { minMs: "1e400" },
      { limit: "0" },
      { limit: "100000" },
      { after: "not-a-cursor" },
      { after: Buffer.from(JSON.stringify({ t: "x", id: 1 })).toString("base64url") },
      { correlationId: "x".repeat(201) },
      { actor: "a".repeat(400) },
    ];
    for (const input of bad) {
      const refused = await failure(listApiCalls({ actor: viewer, input }));
      expect(refused.status, JSON.stringify(input)).toBe(422);
      expect(refused.message.length).toBeGreaterThan(5);
    }
  });
});
