import { randomBytes } from "node:crypto";
import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { baseURL, e2eAdmin } from "../../playwright.config";

export { e2eAdmin };

export function randomUser(role: "ADMIN" | "SUPPORT" | "VIEWER") {
  const id = randomBytes(5).toString("hex");
  return { email: `${role.toLowerCase()}-${id}@example.test`, name: `${role} ${id}`, role, password: `pw-${id}-${randomBytes(6).toString("hex")}` };
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** An API client signed in through the real sign-in form flow (Auth.js credentials callback). */
export async function apiSession(email: string, password: string): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const csrf = await (await context.get("/api/auth/csrf")).json();
  const response = await context.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken: csrf.csrfToken, callbackUrl: `${baseURL}/` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const session = await (await context.get("/api/auth/session")).json();
  expect(session?.user?.email).toBe(email);
  return context;
}

export async function createUser(admin: APIRequestContext, user: ReturnType<typeof randomUser>) {
  const response = await admin.post("/api/users", { data: user });
  expect(response.status(), await response.text()).toBe(200);
  const body = await response.json();
  return body.data.id as string;
}
