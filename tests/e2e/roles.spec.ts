import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

const ALL_NAV = [
  "Transactions",
  "Emails",
  "Webhooks",
  "Integrations",
  "API calls",
  "Audit log",
  "Users",
];
const READ_NAV = ["Transactions", "Emails", "Webhooks", "Integrations", "API calls"];

test("the admin signs in, sees the whole shell, and manages users in the browser", async ({
  page,
}) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await expect(page).toHaveURL(/\/transactions$/);
  await expect(page.getByTestId("simulator-banner")).toContainText("Simulator mode");
  const nav = page.getByRole("navigation", { name: "Main" }).last();
  for (const label of ALL_NAV) await expect(nav.getByRole("link", { name: label })).toBeVisible();
  await expect(page.getByTestId("user-role")).toHaveText("Admin");

  await page.getByRole("link", { name: "Users" }).last().click();
  const user = randomUser("SUPPORT");
  const form = page.getByTestId("create-user-form");
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Role").selectOption("VIEWER");
  await form.getByLabel("Initial password").fill(user.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toHaveText(`Added ${user.email}.`);
  const row = page.getByTestId(`user-row-${user.email}`);
  await expect(row).toContainText("Active");

  await row.getByLabel(`Role of ${user.email}`).selectOption("SUPPORT");
  await expect(page.getByText(`Updated ${user.email}.`)).toBeVisible();
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("Disabled");

  await page.getByRole("link", { name: "Audit log" }).last().click();
  await expect(page.getByTestId("audit-table")).toContainText("user.updated");
  await expect(page.getByTestId("audit-table")).toContainText("user.created");
});

for (const role of ["SUPPORT", "VIEWER"] as const) {
  test(`a ${role.toLowerCase()} sees the read pages but not users or the audit log`, async ({
    page,
  }) => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const user = randomUser(role);
    await createUser(admin, user);

    await signIn(page, user.email, user.password);
    await expect(page.getByTestId("user-role")).toHaveText(
      role === "SUPPORT" ? "Support" : "Viewer",
    );
    const nav = page.getByRole("navigation", { name: "Main" }).last();
    for (const label of READ_NAV)
      await expect(nav.getByRole("link", { name: label })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);

    const forbidden = await page.goto("/users");
    expect(forbidden?.status()).toBe(403);
    await expect(
      page.getByRole("heading", { name: "You do not have access to this page" }),
    ).toBeVisible();
    const api = await page.request.get("/api/users");
    expect(api.status()).toBe(403);
    expect(JSON.stringify(await api.json())).not.toContain(e2eAdmin.email);
  });
}

test("signing out ends the session", async ({ page }) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.getByTestId("user-menu").locator("summary").click();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  const response = await page.goto("/transactions");
  expect(page.url()).toContain("/login");
  expect(response?.status()).toBe(200);
});

test("dark mode can be switched on and is remembered", async ({ page }) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  const html = page.locator("html");
  const wasDark = (await html.getAttribute("class"))?.includes("dark") ?? false;
  await page.getByRole("button", { name: "Toggle dark mode" }).click();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark).*$/ : /dark/);
  await page.reload();
  await expect(html).toHaveClass(wasDark ? /^(?!.*dark).*$/ : /dark/);
});
