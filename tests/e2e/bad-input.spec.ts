import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

test.describe("the sign-in form", () => {
  // A wrong password makes that account and address wait before their next attempt: it is tried
  // on an account of its own, so the shared admin signs in at once in the next test.
  const target = randomUser("VIEWER");
  test.beforeAll(async () => {
    await createUser(await apiSession(e2eAdmin.email, e2eAdmin.password), target);
  });
  const cases = [
    { name: "empty", email: "", password: "", message: /Enter an email address/ },
    {
      name: "malformed email",
      email: "not-an-email",
      password: "whatever-password",
      message: /valid email address/,
    },
    {
      name: "oversized email",
      email: `${"a".repeat(300)}@example.com`,
      password: "x",
      message: /at most 254/,
    },
    {
      name: "oversized password",
      email: "someone@example.com",
      password: "p".repeat(201),
      message: /too long/,
    },
    {
      name: "wrong password",
      email: target.email,
      password: "definitely-wrong",
      message: /do not match an active account/,
    },
  ];
  for (const testCase of cases) {
    test(`explains ${testCase.name} input without a server error`, async ({ page }) => {
      const errors: number[] = [];
      page.on("response", (response) => {
        if (response.status() >= 500) errors.push(response.status());
      });
      await page.goto("/login");
      // Bypass the browser's maxlength so the server's own limits are what is tested.
      await page.getByLabel("Email").evaluate((input) => input.removeAttribute("maxlength"));
      await page.getByLabel("Password").evaluate((input) => input.removeAttribute("maxlength"));
      await page.getByLabel("Email").fill(testCase.email);
      await page.getByLabel("Password").fill(testCase.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText(testCase.message)).toBeVisible();
      await expect(page).toHaveURL(/\/login/);
      expect(errors).toEqual([]);
    });
  }
});

test.describe("the user form and API", () => {
  test("the form names each bad field and creates nothing", async ({ page }) => {
    await signIn(page, e2eAdmin.email, e2eAdmin.password);
    await page.goto("/users");
    const form = page.getByTestId("create-user-form");
    await form.getByLabel("Email").fill("broken@");
    await form.getByLabel("Initial password").fill("short");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(
      form.getByText("Enter a valid email address, like name@example.com."),
    ).toBeVisible();
    await expect(form.getByText("Enter a name.")).toBeVisible();
    await expect(form.getByText("Use at least 12 characters.")).toBeVisible();
    await expect(form.getByRole("alert")).toHaveText(
      "Nothing was saved. Correct the fields marked above.",
    );
    await expect(form.getByLabel("Email")).toHaveValue("broken@");
    await expect(page.getByTestId("user-row-broken@")).toHaveCount(0);
  });

  const valid = () => randomUser("VIEWER");
  const cases: { name: string; body: () => unknown; field: string }[] = [
    { name: "empty body", body: () => ({}), field: "email" },
    { name: "malformed email", body: () => ({ ...valid(), email: "nope" }), field: "email" },
    {
      name: "oversized email",
      body: () => ({ ...valid(), email: `${"x".repeat(260)}@example.com` }),
      field: "email",
    },
    { name: "oversized name", body: () => ({ ...valid(), name: "n".repeat(5000) }), field: "name" },
    { name: "unknown role", body: () => ({ ...valid(), role: "ROOT" }), field: "role" },
    {
      name: "wrong types",
      body: () => ({ email: 42, name: [], role: null, password: {} }),
      field: "email",
    },
  ];
  for (const testCase of cases) {
    test(`POST /api/users with ${testCase.name} answers 422 naming the field, and writes nothing`, async () => {
      const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
      const before = (await (await admin.get("/api/users")).json()).data.length;
      const response = await admin.post("/api/users", { data: testCase.body() });
      expect(response.status()).toBe(422);
      const body = await response.json();
      expect(body.success).toBe(false);
      expect(Object.keys(body.error.fieldErrors)).toContain(testCase.field);
      expect(typeof body.error.message).toBe("string");
      const after = (await (await admin.get("/api/users")).json()).data.length;
      expect(after).toBe(before);
    });
  }

  test("malformed JSON and unknown users get clear 4xx answers", async () => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const badJson = await admin.post("/api/users", {
      data: Buffer.from("{not json"),
      headers: { "content-type": "application/json" },
    });
    expect(badJson.status()).toBe(400);
    expect((await badJson.json()).error.message).toMatch(/not valid JSON/);
    const missing = await admin.patch("/api/users/00000000-0000-4000-8000-000000000000", {
      data: { role: "VIEWER" },
    });
    expect(missing.status()).toBe(404);
    const badRole = await admin.patch("/api/users/00000000-0000-4000-8000-000000000000", {
      data: { role: "GOD" },
    });
    expect(badRole.status()).toBe(422);
  });
});
