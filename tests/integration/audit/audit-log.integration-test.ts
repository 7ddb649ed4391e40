import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit, recordFoldedAudit } from "@/lib/audit/audit";
import { exportAuditCsv } from "@/lib/audit/export";
import { listAuditEntries } from "@/lib/audit/queries";
import type { Actor } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { randomId } from "../../support/factories";
import { createTestUser } from "../../support/users";

const TAG = randomId().slice(0, 8);
const ACTION = `test${TAG}`;
const HOSTILE_EMAIL = `=HYPERLINK("http://evil.example/?${TAG}","click")@example.com`;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { status: error.status, message: error.userMessage };
    throw error;
  }
  throw new Error("expected an AppError");
}

async function csvOf(actor: Actor, input: Record<string, string>) {
  let text = "";
  for await (const chunk of await exportAuditCsv({ actor, input })) text += chunk;
  return text;
}

describe("the audit log", () => {
  let admin: Actor;
  let support: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    admin = (await createTestUser("ADMIN")).actor;
    support = (await createTestUser("SUPPORT")).actor;
    viewer = (await createTestUser("VIEWER")).actor;
    await recordAudit({
      action: `${ACTION}.user.created`,
      outcome: "SUCCESS",
      actor: admin,
      ip: "::ffff:10.1.2.3",
      details: { user: { email: "new@example.com", role: "SUPPORT" }, reason: "onboarding" },
    });
    await recordAudit({
      action: `${ACTION}.refund.failed`,
      outcome: "FAILURE",
      actor: support,
      ip: "[2001:DB8::1]",
      details: { amount: 500, currency: "usd" },
    });
    await recordAudit({
      action: `${ACTION}.sign_in`,
      outcome: "DENIED",
      actorEmail: HOSTILE_EMAIL,
      ip: "203.0.113.9",
      details: { note: "-1+2", formula: "@SUM(A1:A2)" },
    });
    // Rows written before addresses were normalised, on given days.
    await getDb().auditLog.createMany({
      data: [
        {
          action: `${ACTION}.old`,
          outcome: "SUCCESS",
          actorEmail: `old-${TAG}@example.com`,
          ip: "::ffff:192.0.2.7",
          createdAt: new Date("2019-03-10T12:00:00Z"),
        },
        {
          action: `${ACTION}.old`,
          outcome: "DENIED",
          actorEmail: `old-${TAG}@example.com`,
          ip: "192.0.2.8",
          createdAt: new Date("2019-03-12T23:59:59Z"),
        },
      ],
    });
  });

  it("normalises IPv4-mapped and bracketed addresses when writing, and old rows when showing", async () => {
    const { entries } = await listAuditEntries({
      actor: admin,
      query: { action: ACTION, limit: "200" },
    });
    const byAction = (action: string) => entries.filter((entry) => entry.action === action);
    expect(byAction(`${ACTION}.user.created`)[0]?.ip).toBe("10.1.2.3");
    expect(byAction(`${ACTION}.refund.failed`)[0]?.ip).toBe("2001:db8::1");
    expect(
      byAction(`${ACTION}.old`)
        .map((entry) => entry.ip)
        .sort(),
    ).toEqual(["192.0.2.7", "192.0.2.8"]);
    const stored = await getDb().auditLog.findFirst({
      where: { action: `${ACTION}.user.created` },
    });
    expect(stored?.ip).toBe("10.1.2.3");
  });

  it("filters by actor, action prefix, outcome and a date range, and pages by keyset", async () => {
    const list = async (query: Record<string, string>) =>
      (await listAuditEntries({ actor: admin, query: { limit: "200", ...query } })).entries;

    expect((await list({ action: ACTION, actor: support.email })).map((e) => e.action)).toEqual([
      `${ACTION}.refund.failed`,
    ]);
    expect((await list({ actor: support.id })).every((e) => e.actorEmail === support.email)).toBe(
      true,
    );
    expect(
      (await list({ action: ACTION, actor: `OLD-${TAG}` })).map((entry) => entry.outcome).sort(),
    ).toEqual(["DENIED", "SUCCESS"]);
    expect((await list({ action: ACTION, outcome: "DENIED" })).map((e) => e.action).sort()).toEqual(
      [`${ACTION}.old`, `${ACTION}.sign_in`],
    );
    expect((await list({ action: ACTION, from: "2019-03-11", to: "2019-03-12" })).length).toBe(1);
    expect((await list({ action: ACTION, from: "2019-03-10", to: "2019-03-10" })).length).toBe(1);
    expect((await list({ action: ACTION, to: "2019-12-31" })).length).toBe(2);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditEntries>> = await listAuditEntries({
        actor: admin,
        query: { action: ACTION, limit: "2", ...(after ? { after } : {}) },
      });
      seen.push(...page.entries.map((entry) => entry.id));
      after = page.next;
    } while (after);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("folds repeated anonymous denials from one address into one row with a count", async () => {
    const now = new Date();
    for (let index = 0; index < 25; index++) {
      await recordFoldedAudit(
        {
          action: `${ACTION}.access.denied`,
          outcome: "DENIED",
          ip: "::ffff:198.51.100.4",
          details: { path: "/api/users" },
        },
        { key: "anonymous", now: new Date(now.getTime() + index) },
      );
    }
    // The same client written as plain IPv4 is the same address, and folds into the same row.
    await recordFoldedAudit(
      { action: `${ACTION}.access.denied`, outcome: "DENIED", ip: "198.51.100.4", details: {} },
      { key: "anonymous", now: new Date(now.getTime() + 30) },
    );
    const { entries } = await listAuditEntries({
      actor: admin,
      query: { action: `${ACTION}.access.denied` },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ count: 26, ip: "198.51.100.4", actorEmail: null });
    expect(entries[0]?.lastSeenAt).not.toBeNull();
  });

  it("exports the filtered rows as CSV with formula-looking cells defused, and audits the export", async () => {
    const csv = await csvOf(admin, { action: ACTION });
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "created_at,last_seen_at,count,action,outcome,actor_email,actor_id,target_type,target_id,ip,details_json",
    );
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const hostile = lines.find((line) => line.includes(`${ACTION}.sign_in`)) ?? "";
    // The email becomes text: a leading apostrophe, and quoted because it holds quotes and commas.
    expect(hostile).toContain(
      `"'=HYPERLINK(""http://evil.example/?${TAG}"",""click"")@example.com"`,
    );
    expect(hostile).not.toMatch(/,=HYPERLINK/);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    expect(csv).toContain("10.1.2.3");
    expect(csv).not.toContain("::ffff:");

    const exported = await listAuditEntries({
      actor: admin,
      query: { action: "audit.exported", actor: admin.email },
    });
    expect(exported.entries[0]?.details).toMatchObject({ filters: { action: ACTION } });
  });

  it("is for admins only: support and viewers get 403, for the list and the export", async () => {
    for (const actor of [support, viewer]) {
      expect((await failure(listAuditEntries({ actor, query: {} }))).status).toBe(403);
      expect((await failure(exportAuditCsv({ actor, input: {} }))).status).toBe(403);
    }
  });

  it("refuses malformed filters with 422 before any export byte", async () => {
    const bad: Record<string, string>[] = [
      { outcome: "MAYBE" },
      { from: "yesterday" },
      { from: "2020-02-02", to: "2020-01-01" },
      { limit: "-1" },
      { after: "%%%" },
      { before: "soon" },
      { actor: "x".repeat(400) },
    ];
    for (const query of bad) {
      expect(
        (await failure(listAuditEntries({ actor: admin, query }))).status,
        JSON.stringify(query),
      ).toBe(422);
    }
    expect(
      (await failure(exportAuditCsv({ actor: admin, input: { to: "13/13/2020" } }))).status,
    ).toBe(422);
  });
});
