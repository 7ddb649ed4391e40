import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/lib/auth/auth-route";
import { checkSession, endAllSessions, openSession } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { markPeerAddressHeaderInstalledForTests, PEER_HEADER } from "@/lib/http/peer-address";
import { createTestUser } from "../../support/users";

const db = getDb();

/** A cookie jar over Auth.js's real route handlers, as a browser would drive them. */
function browser(address = "192.0.2.10") {
  const jar = new Map<string, string>();
  const send = async (
    path: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ) => {
    const headers = new Headers({
      origin: appOrigin(),
      [PEER_HEADER]: address,
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
    });
    let body: string | undefined;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    }
    const request = new NextRequest(new URL(path, appOrigin()), {
      method: init.method ?? "GET",
      headers,
      body,
    });
    const response = await (request.method === "POST" ? POST(request) : GET(request));
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...value] = (pair ?? "").split("=");
      if (name) jar.set(name.trim(), value.join("="));
    }
    return response;
  };
  return {
    jar,
    send,
    async signIn(email: string, password: string) {
      const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
      await send("/api/auth/callback/credentials", {
        method: "POST",
        form: { email, password, csrfToken, callbackUrl: `${appOrigin()}/` },
      });
    },
    async signOut() {
      const { csrfToken } = (await (await send("/api/auth/csrf")).json()) as { csrfToken: string };
      return send("/api/auth/signout", { method: "POST", form: { csrfToken } });
    },
    async sessionUser(cookie?: string) {
      const saved = new Map(jar);
      if (cookie !== undefined) {
        jar.clear();
        for (const part of cookie.split("; ")) {
          const [name, ...value] = part.split("=");
          if (name) jar.set(name, value.join("="));
        }
      }
      const body: unknown = await (await send("/api/auth/session")).json();
      if (cookie !== undefined) {
        jar.clear();
        for (const [name, value] of saved) jar.set(name, value);
      }
      return body && typeof body === "object" && "user" in body ? body.user : null;
    },
  };
}

const sessionCookie = (jar: Map<string, string>) =>
  [...jar]
    .filter(([name]) => name.includes("session-token"))
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");

beforeAll(() => markPeerAddressHeaderInstalledForTests());

describe("sessions that end", () => {
  it("refuses a cookie replayed after sign-out, at the very next request", async () => {
    const { user, password } = await createTestUser("SUPPORT");
    const client = browser();
    await client.signIn(user.email, password);
    const copied = sessionCookie(client.jar);
    expect(copied).toMatch(/session-token=./);
    expect(await client.sessionUser()).toMatchObject({ email: user.email });

    await client.signOut();
    expect(await client.sessionUser(copied)).toBeNull();
    const session = await db.session.findFirstOrThrow({
      where: { userId: user.id },
      orderBy: { createdAt: "desc" },
    });
    expect(session).toMatchObject({ revokedReason: "sign_out" });
    expect(await db.auditLog.count({ where: { action: "auth.sign_out", actorId: user.id } })).toBe(
      1,
    );
  });

  it("keeps other browsers signed in after one signs out, and ends them all on sign-out everywhere", async () => {
    const { user, actor, password } = await createTestUser("VIEWER");
    const laptop = browser("192.0.2.11");
    const phone = browser("192.0.2.12");
    await laptop.signIn(user.email, password);
    await phone.signIn(user.email, password);
    await laptop.signOut();
    expect(await phone.sessionUser()).toMatchObject({ email: user.email });

    const tablet = browser("192.0.2.13");
    await tablet.signIn(user.email, password);
    await endAllSessions({ actor, userId: user.id });
    expect(await phone.sessionUser()).toBeNull();
    expect(await tablet.sessionUser()).toBeNull();
    expect(
      await db.auditLog.count({ where: { action: "auth.sign_out_everywhere", actorId: user.id } }),
    ).toBe(1);
  });

  it("lets an admin end another user's sessions, and only an admin", async () => {
    const admin = await createTestUser("ADMIN");
    const viewer = await createTestUser("VIEWER");
    const other = await createTestUser("SUPPORT");
    const client = browser();
    await client.signIn(other.user.email, other.password);
    await expect(
      endAllSessions({ actor: viewer.actor, userId: other.user.id }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await client.sessionUser()).toMatchObject({ email: other.user.email });
    await endAllSessions({ actor: admin.actor, userId: other.user.id });
    expect(await client.sessionUser()).toBeNull();
  });

  it("ends a session at its absolute end and after idling, whatever the cookie says", async () => {
    const { user } = await createTestUser("VIEWER");
    const signedIn = new Date();
    const session = await openSession({ userId: user.id, ip: null, now: signedIn });
    const check = (minutes: number) =>
      checkSession({
        sessionId: session.id,
        userId: user.id,
        sessionVersion: user.sessionVersion,
        now: new Date(signedIn.getTime() + minutes * 60_000),
      });
    expect((await check(20)).ok).toBe(true);
    // Used at minute 20, so idle only from then on.
    expect((await check(45)).ok).toBe(true);
    expect(await check(80)).toMatchObject({ ok: false, reason: "session_idle" });
    await db.session.update({
      where: { id: session.id },
      data: { lastSeenAt: new Date(signedIn.getTime() + 479 * 60_000) },
    });
    expect(await check(481)).toMatchObject({ ok: false, reason: "session_expired" });
  });

  it("does not let reading the session push its end out", async () => {
    const { user, password } = await createTestUser("VIEWER");
    const client = browser();
    await client.signIn(user.email, password);
    const before = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    await client.sessionUser();
    await client.sessionUser();
    const after = await db.session.findFirstOrThrow({ where: { id: before.id } });
    expect(after.expiresAt).toEqual(before.expiresAt);
  });
});
