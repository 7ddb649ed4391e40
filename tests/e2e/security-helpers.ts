import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext } from "@playwright/test";
import { Agent, request } from "undici";
import { baseURL } from "../../playwright.config";

const manifestPath = path.resolve(
  import.meta.dirname,
  "../../.next/server/server-reference-manifest.json",
);

interface ManifestEntry {
  exportedName?: string;
  workers?: Record<string, unknown>;
}

/** Server actions of the running build, by exported name, with a page that serves each. */
export function serverActions(): { id: string; name: string; page: string }[] {
  const manifest: unknown = JSON.parse(readFileSync(manifestPath, "utf8"));
  const node = (manifest as { node?: Record<string, ManifestEntry> }).node ?? {};
  return Object.entries(node).map(([id, entry]) => {
    const worker = Object.keys(entry.workers ?? {})[0] ?? "app/page";
    const page =
      "/" +
      worker
        .replace(/^app\//, "")
        .replace(/\/?page$/, "")
        .split("/")
        .filter((segment) => segment && !/^\(.*\)$/.test(segment))
        .join("/");
    return { id, name: entry.exportedName ?? "", page };
  });
}

export function actionId(name: string): { id: string; page: string } {
  const action = serverActions().find((entry) => entry.name === name);
  expect(action, `server action ${name} in the build`).toBeTruthy();
  return { id: action?.id ?? "", page: action?.page ?? "/" };
}

/** The Cookie header a context would send, so a test can replay it after the context moved on. */
export async function cookieHeader(context: APIRequestContext): Promise<string> {
  const { cookies } = await context.storageState();
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

const agents = new Map<string, Agent>();

/**
 * Plain HTTP from a chosen loopback source address (127.0.0.0/8 all reach the server), so a test
 * can play several clients whose socket addresses differ, as a real attacker's would.
 */
export async function fromAddress(
  localAddress: string,
  pathname: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new Agent({ localAddress });
    agents.set(localAddress, agent);
  }
  const url = new URL(pathname, baseURL.replace("localhost", "127.0.0.1"));
  const response = await request(url, {
    method: (init.method ?? "GET") as "GET",
    headers: { origin: baseURL, ...init.headers },
    body: init.body,
    dispatcher: agent,
  });
  const text = await response.body.text();
  const setCookie = response.headers["set-cookie"];
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map(
    (line) => line.split(";")[0] ?? "",
  );
  return { status: response.statusCode, headers: response.headers, text, cookies };
}

/** One sign-in through Auth.js's credentials endpoint from a chosen address; true when it opened a session. */
export async function signInFrom(
  localAddress: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const csrf = await fromAddress(localAddress, "/api/auth/csrf", { headers });
  const token = (JSON.parse(csrf.text) as { csrfToken: string }).csrfToken;
  const response = await fromAddress(localAddress, "/api/auth/callback/credentials", {
    method: "POST",
    headers: {
      ...headers,
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrf.cookies.join("; "),
    },
    body: new URLSearchParams({
      email,
      password,
      csrfToken: token,
      callbackUrl: `${baseURL}/`,
    }).toString(),
  });
  return response.cookies.some((cookie) => /session-token=./.test(cookie));
}
