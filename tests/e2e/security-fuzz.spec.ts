// A bounded fuzz run of hostile input over every route and server action, against the production
// build: at least 2,000 requests on loopback, and not one answer may be a 5xx.
import { randomBytes, randomUUID } from "node:crypto";
import { request as playwrightRequest } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser } from "./helpers";
import { concretePath, discoverRoutes } from "./routes";
import { fromAddress, serverActions } from "./security-helpers";

/** The input classes, each a generator of requests. */
export const INPUT_CLASSES = [
  "nul and control characters in JSON string fields",
  "lone UTF-16 surrogates in JSON",
  "malformed JSON",
  "wrong or missing content types",
  "oversized bodies and deep nesting",
  "wrong JSON types (numbers, arrays, objects, null, huge numbers)",
  "hostile path parameters (NUL, traversal, invalid UTF-8, 3,000 characters, not UUIDs)",
  "hostile query strings (NUL, newlines, invalid UTF-8, repeats, overlong values)",
  "unsupported and unexpected methods (TRACE, TRACK, PROPFIND, PUT, DELETE, OPTIONS, HEAD)",
  "malformed, oversized, mistyped and unknown server-action bodies",
  "hostile headers (garbage session cookies, huge cookies, odd Origins, forged X-Forwarded-*)",
  "hostile sign-in input and redirect targets (Auth.js endpoints, /login callbackUrl)",
] as const;
type InputClass = (typeof INPUT_CLASSES)[number];

interface Case {
  inputClass: InputClass;
  as: "admin" | "anonymous";
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

const CONTROL = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u2028",
  "\uFEFF",
  "a\u0000b",
  "\u0000".repeat(50),
];
const HOSTILE_STRINGS = [
  ...CONTROL,
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${7*7}",
  "../../etc/passwd",
  "💥".repeat(100),
  "x".repeat(100_000),
];
const WRONG_TYPES: unknown[] = [
  42,
  -1,
  1e308,
  0.1,
  true,
  null,
  [],
  ["a"],
  {},
  { $ne: null },
  "9".repeat(400),
];
const MALFORMED_JSON = [
  "{",
  "}",
  "[",
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '"\\u00zz"',
  "nul\u0000",
  "\uFEFF{}",
  "NaN",
  "1e99999",
  '{"a":"\\ud800"}',
  "\u00ff\u00fe",
  "null",
  "[]",
  "true",
  "0",
];
const PARAMS = [
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "%ff%fe",
  "a".repeat(3000),
  "%F0%9F%92%A5",
  "'%20OR%201=1",
  "%0a%0d",
  "00000000-0000-0000-0000-000000000000",
  "-1",
  "null",
];
const QUERIES = [
  "action=%00",
  "action=%0a%0d",
  "limit=-1",
  "limit=1e309",
  "limit=abc",
  "before=%ff",
  "before=2026-13-45",
  "outcome=%3Cscript%3E",
  "outcome=SUCCESS&outcome=DENIED",
  `action=${"a".repeat(5000)}`,
  "%00=%00",
  "a[b][c]=1",
];
const METHODS = ["TRACE", "TRACK", "PROPFIND", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST"];
const ACTION_BODIES = [
  "{not json",
  "[",
  '["$Q1"]',
  '["$K1"]',
  '["$@1"]',
  '["$Zzz"]',
  "\u0000",
  "",
  '[{"email":"\u0000"}]',
  '["$1"]',
  "x".repeat(1_100_000),
];
const CALLBACKS = [
  "/%09/evil.example",
  "/%0a/evil.example",
  "/%0d%0aSet-Cookie:x=1",
  "//evil.example",
  "/%5Cevil.example",
  "https://evil.example",
  "javascript:alert(1)",
  "%00",
  "/%E0%A4%A",
];

function jsonWith(template: Record<string, unknown>, field: string, value: unknown) {
  return JSON.stringify({ ...template, [field]: value });
}

test("fuzz: at least 2,000 hostile requests over every route and action, and not one 5xx", async () => {
  test.setTimeout(240_000);
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const victim = randomUser("VIEWER");
  const victimId = await createUser(admin, victim);
  const routes = discoverRoutes().filter((route) => !route.pattern.startsWith("/api/auth"));
  const actions = serverActions();
  const cases: Case[] = [];
  const add = (entry: Case) => cases.push(entry);

  const templates: { method: string; path: string; body: Record<string, unknown> }[] = [
    {
      method: "POST",
      path: "/api/users",
      body: {
        email: "fuzz@example.test",
        name: "Fuzz",
        role: "VIEWER",
        password: "correct horse battery staple",
      },
    },
    { method: "PATCH", path: `/api/users/${victimId}`, body: { name: "Fuzz", role: "VIEWER" } },
    // A provider that does not exist: every field is validated as usual, and even a fuzzed value
    // that happens to be a valid reason (a long run of digits is one) moves no circuit. A real
    // provider's forced-open circuit would fail every later test's calls to it with 503.
    {
      method: "POST",
      path: "/api/integrations/no-such-provider/circuit",
      body: { action: "force_open", reason: "\u0000" },
    },
  ];
  for (const template of templates) {
    for (const field of Object.keys(template.body)) {
      for (const value of HOSTILE_STRINGS)
        add({
          inputClass: "nul and control characters in JSON string fields",
          as: "admin",
          method: template.method,
          path: template.path,
          body: jsonWith(template.body, field, `${value}\u0000`),
        });
      for (const value of WRONG_TYPES)
        add({
          inputClass: "wrong JSON types (numbers, arrays, objects, null, huge numbers)",
          as: "admin",
          method: template.method,
          path: template.path,
          body: jsonWith(template.body, field, value),
        });
      add({
        inputClass: "lone UTF-16 surrogates in JSON",
        as: "admin",
        method: template.method,
        path: template.path,
        body: JSON.stringify({ ...template.body, [field]: "PLACEHOLDER" }).replace(
          "PLACEHOLDER",
          "x\\ud800y",
        ),
      });
      add({
        inputClass: "lone UTF-16 surrogates in JSON",
        as: "admin",
        method: template.method,
        path: template.path,
        body: JSON.stringify({ ...template.body, [field]: "PLACEHOLDER" }).replace(
          "PLACEHOLDER",
          "\\udfff",
        ),
      });
    }
    for (const body of MALFORMED_JSON)
      add({
        inputClass: "malformed JSON",
        as: "admin",
        method: template.method,
        path: template.path,
        body,
      });
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
      "a/b;;;",
      "application/json; charset=utf-16",
    ]) {
      add({
        inputClass: "wrong or missing content types",
        as: "admin",
        method: template.method,
        path: template.path,
        body: JSON.stringify(template.body),
        headers: { "content-type": type },
      });
    }
    add({
      inputClass: "oversized bodies and deep nesting",
      as: "admin",
      method: template.method,
      path: template.path,
      body: JSON.stringify({ ...template.body, name: "x".repeat(1_100_000) }),
    });
    add({
      inputClass: "oversized bodies and deep nesting",
      as: "admin",
      method: template.method,
      path: template.path,
      body: `${"[".repeat(50_000)}${"]".repeat(50_000)}`,
    });
    add({
      inputClass: "oversized bodies and deep nesting",
      as: "admin",
      method: template.method,
      path: template.path,
      body: JSON.stringify({
        ...template.body,
        extra: Array.from({ length: 20_000 }, (_, index) => index),
      }),
    });
  }

  for (const route of routes) {
    for (const param of PARAMS) {
      const path = concretePath(route.pattern, param);
      add({
        inputClass:
          "hostile path parameters (NUL, traversal, invalid UTF-8, 3,000 characters, not UUIDs)",
        as: "admin",
        method: route.method,
        path,
        body: route.method === "GET" ? undefined : "{}",
      });
      add({
        inputClass:
          "hostile path parameters (NUL, traversal, invalid UTF-8, 3,000 characters, not UUIDs)",
        as: "anonymous",
        method: route.method,
        path,
        body: route.method === "GET" ? undefined : "{}",
      });
    }
    const path = concretePath(route.pattern, randomUUID());
    if (route.method === "GET") {
      for (const query of QUERIES) {
        add({
          inputClass:
            "hostile query strings (NUL, newlines, invalid UTF-8, repeats, overlong values)",
          as: "admin",
          method: "GET",
          path: `${path}?${query}`,
        });
        add({
          inputClass:
            "hostile query strings (NUL, newlines, invalid UTF-8, repeats, overlong values)",
          as: "anonymous",
          method: "GET",
          path: `${path}?${query}`,
        });
      }
    }
    for (const method of METHODS) {
      add({
        inputClass:
          "unsupported and unexpected methods (TRACE, TRACK, PROPFIND, PUT, DELETE, OPTIONS, HEAD)",
        as: "admin",
        method,
        path,
        body: ["GET", "HEAD"].includes(method) ? undefined : "{}",
      });
      add({
        inputClass:
          "unsupported and unexpected methods (TRACE, TRACK, PROPFIND, PUT, DELETE, OPTIONS, HEAD)",
        as: "anonymous",
        method,
        path,
      });
    }
    const hostileHeaders: Record<string, string>[] = [
      { cookie: "authjs.session-token=garbage" },
      { cookie: `authjs.session-token=${"A".repeat(7000)}` },
      {
        cookie:
          "__Secure-authjs.session-token=%00%ff; authjs.session-token=eyJhbGciOiJkaXIifQ..x.y.z",
      },
      { origin: "http://localhost:3200.evil.example" },
      { origin: "javascript:alert(1)" },
      { origin: "null" },
      {
        "x-forwarded-for": "not-an-ip, ::1, 999.1.1.1",
        "x-forwarded-host": "evil.example",
        "x-forwarded-proto": "gopher",
      },
    ];
    for (const headers of hostileHeaders) {
      add({
        inputClass:
          "hostile headers (garbage session cookies, huge cookies, odd Origins, forged X-Forwarded-*)",
        as: "anonymous",
        method: route.method,
        path,
        headers,
        body: route.method === "GET" ? undefined : "{}",
      });
    }
  }

  for (const action of actions) {
    // Sign-out actions would end the fuzzing admin's own session; they are fuzzed anonymously.
    const as = action.name.startsWith("signOut") ? "anonymous" : "admin";
    for (const body of ACTION_BODIES) {
      for (const type of ["text/plain;charset=UTF-8", "multipart/form-data; boundary=----x"]) {
        const payload = type.startsWith("multipart")
          ? `------x\r\nContent-Disposition: form-data; name="0"\r\n\r\n${body}\r\n------x--\r\n`
          : body;
        add({
          inputClass: "malformed, oversized, mistyped and unknown server-action bodies",
          as,
          method: "POST",
          path: action.page,
          headers: { "next-action": action.id, "content-type": type },
          body: payload,
        });
      }
    }
    for (const value of CONTROL) {
      add({
        inputClass: "malformed, oversized, mistyped and unknown server-action bodies",
        as,
        method: "POST",
        path: action.page,
        headers: { "next-action": action.id, "content-type": "text/plain;charset=UTF-8" },
        body: JSON.stringify([victimId, { name: value, reason: value, email: value }]),
      });
    }
    for (const type of ["application/json", "application/xml", ""]) {
      add({
        inputClass: "malformed, oversized, mistyped and unknown server-action bodies",
        as,
        method: "POST",
        path: action.page,
        headers: { "next-action": action.id, "content-type": type },
        body: "[]",
      });
    }
  }
  for (const id of [
    "0",
    "f".repeat(42),
    randomBytes(21).toString("hex"),
    "%00",
    "x".repeat(5000),
  ]) {
    add({
      inputClass: "malformed, oversized, mistyped and unknown server-action bodies",
      as: "admin",
      method: "POST",
      path: "/users",
      headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8" },
      body: "[]",
    });
  }
  for (const callback of CALLBACKS) {
    add({
      inputClass:
        "hostile sign-in input and redirect targets (Auth.js endpoints, /login callbackUrl)",
      as: "admin",
      method: "GET",
      path: `/login?callbackUrl=${callback}`,
    });
    add({
      inputClass:
        "hostile sign-in input and redirect targets (Auth.js endpoints, /login callbackUrl)",
      as: "anonymous",
      method: "GET",
      path: `/login?callbackUrl=${callback}`,
    });
  }

  // Top up with seeded random mutations of the JSON templates until the run has 2,400 requests.
  let seed = 12345;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  while (cases.length < 2400) {
    const template = templates[random(templates.length)] ?? templates[0];
    if (!template) break;
    const fields = Object.keys(template.body);
    const field = fields[random(fields.length)] ?? "name";
    const pool = [...HOSTILE_STRINGS.slice(0, -1), ...WRONG_TYPES];
    add({
      inputClass: "wrong JSON types (numbers, arrays, objects, null, huge numbers)",
      as: random(2) ? "admin" : "anonymous",
      method: template.method,
      path: template.path,
      body: jsonWith(template.body, field, pool[random(pool.length)]),
    });
  }

  const failures: string[] = [];
  const byClass = new Map<InputClass, number>();
  const send = async (entry: Case) => {
    const context = entry.as === "admin" ? admin : anonymous;
    const headers = { origin: baseURL, "content-type": "application/json", ...entry.headers };
    const response = await context.fetch(entry.path, {
      method: entry.method,
      headers,
      data: entry.body,
      maxRedirects: 0,
      failOnStatusCode: false,
    });
    byClass.set(entry.inputClass, (byClass.get(entry.inputClass) ?? 0) + 1);
    if (response.status() >= 500)
      failures.push(
        `${response.status()} ${entry.inputClass}: ${entry.as} ${entry.method} ${entry.path.slice(0, 120)} ${String(entry.body ?? "").slice(0, 80)}`,
      );
  };
  for (let index = 0; index < cases.length; index += 8) {
    await Promise.all(cases.slice(index, index + 8).map(send));
  }

  // Auth.js endpoints from an address of their own, so failed sign-ins do not throttle the suite's loopback.
  const authAddress = `127.0.${240 + random(10)}.${1 + random(250)}`;
  const authCases: { path: string; body?: string; method: string; type?: string }[] = [];
  for (const value of [
    ...HOSTILE_STRINGS.slice(0, -1),
    "a@b.c\u0000",
    `${"a".repeat(300)}@example.com`,
  ]) {
    authCases.push({
      method: "POST",
      path: "/api/auth/callback/credentials",
      body: new URLSearchParams({ email: value, password: value, csrfToken: value }).toString(),
    });
  }
  for (const path of [
    "/api/auth/signin/unknown",
    "/api/auth/callback/nope",
    "/api/auth/%00",
    `/api/auth/${"x".repeat(3000)}`,
    "/api/auth/session?x=%ff",
    "/api/auth/csrf",
    "/api/auth/providers",
    "/api/auth/signout",
  ]) {
    authCases.push({ method: "GET", path });
    authCases.push({
      method: "POST",
      path,
      body: "csrfToken=%00",
      type: "application/x-www-form-urlencoded",
    });
    authCases.push({ method: "POST", path, body: "x".repeat(70_000), type: "text/plain" });
  }
  for (const entry of authCases) {
    const response = await fromAddress(authAddress, entry.path, {
      method: entry.method,
      headers: entry.body
        ? { "content-type": entry.type ?? "application/x-www-form-urlencoded" }
        : {},
      body: entry.body,
    });
    byClass.set(
      "hostile sign-in input and redirect targets (Auth.js endpoints, /login callbackUrl)",
      (byClass.get(
        "hostile sign-in input and redirect targets (Auth.js endpoints, /login callbackUrl)",
      ) ?? 0) + 1,
    );
    if (response.status >= 500)
      failures.push(`${response.status} auth: ${entry.method} ${entry.path.slice(0, 80)}`);
  }

  const total = [...byClass.values()].reduce((sum, count) => sum + count, 0);
  test.info().annotations.push({
    type: "fuzz",
    description: `${total} requests, ${failures.length} 5xx; ${[...byClass].map(([name, count]) => `${name}: ${count}`).join("; ")}`,
  });
  console.log(`fuzz: ${total} requests, ${failures.length} answers of 5xx`);
  for (const inputClass of INPUT_CLASSES)
    expect(byClass.get(inputClass) ?? 0, inputClass).toBeGreaterThan(0);
  expect(total).toBeGreaterThanOrEqual(2000);
  expect(failures, failures.slice(0, 40).join("\n")).toEqual([]);
});
