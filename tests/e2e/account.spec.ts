import { mkdirSync } from "node:fs";
import path from "node:path";
import { baseURL } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

const shots = path.join(process.cwd(), "test-results", "account-screens");

test.describe("changing one's own password", () => {
  test("a wrong current password, a common new one and two different copies are refused, each by its field", async ({
    page,
  }) => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const viewer = randomUser("VIEWER");
    await createUser(admin, viewer);
    await signIn(page, viewer.email, viewer.password);
    await page.getByTestId("user-menu").locator("summary").click();
    await page.getByRole("link", { name: "Your account and password" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-summary")).toContainText(viewer.email);

    const form = page.getByTestId("change-password-form");
    const submit = form.getByRole("button", { name: "Change password and sign out everywhere" });
    await form.getByLabel("Current password").fill(viewer.password);
    await form.getByLabel("New password", { exact: true }).fill("correct horse battery staple");
    await form.getByLabel("New password, again").fill("correct horse battery stapler");
    await submit.click();
    await expect(form.locator("#confirmPassword-error")).toHaveText(
      "The two new passwords differ. Type the same password twice.",
    );

    await form.getByLabel("Current password").fill(viewer.password);
    await form.getByLabel("New password", { exact: true }).fill("password1234");
    await form.getByLabel("New password, again").fill("password1234");
    await submit.click();
    await expect(form.locator("#newPassword-error")).toContainText("too common");

    await form.getByLabel("Current password").fill(`${viewer.password}-not`);
    await form.getByLabel("New password", { exact: true }).fill("amber lantern quietly 42");
    await form.getByLabel("New password, again").fill("amber lantern quietly 42");
    await submit.click();
    await expect(form.locator("#currentPassword-error")).toHaveText(
      "This is not your current password.",
    );
    // Still signed in, with the old password still the one.
    await page.goto("/account");
    await expect(page.getByTestId("account-summary")).toContainText(viewer.email);
  });

  test("a support user with a 254-character address changes it: every session ends and only the new password signs in (screenshots at 1280 px, light and dark)", async ({
    page,
    browser,
  }) => {
    const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
    const base = randomUser("SUPPORT");
    const local = `acct-${base.email.split("@")[0]}-`.padEnd(64, "x");
    const email = `${local}@${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(59)}.example`;
    expect(email).toHaveLength(254);
    const user = { ...base, email };
    await createUser(admin, user);

    // A second browser signed in as the same user: it must be signed out too.
    const elsewhere = await browser.newContext();
    const otherPage = await elsewhere.newPage();
    await signIn(otherPage, user.email, user.password);

    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, user.email, user.password);
    for (const theme of ["light", "dark"] as const) {
      await page.context().addCookies([{ name: "theme", value: theme, url: baseURL }]);
      await page.goto("/account");
      await expect(page.getByTestId("account-summary")).toContainText(user.email);
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(shots, `account-${theme}.png`), fullPage: true });
    }

    const next = `amber lantern ${base.password}`;
    const form = page.getByTestId("change-password-form");
    await form.getByLabel("Current password").fill(user.password);
    await form.getByLabel("New password", { exact: true }).fill(next);
    await form.getByLabel("New password, again").fill(next);
    await form.getByRole("button", { name: "Change password and sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/login\?notice=password-changed$/);
    await expect(
      page.getByRole("status").filter({ hasText: "Your password was changed" }),
    ).toBeVisible();
    await page.screenshot({ path: path.join(shots, "signed-out-dark.png") });

    // The other browser's session ended with the change.
    await otherPage.goto("/transactions");
    await expect(otherPage).toHaveURL(/\/login/);
    await elsewhere.close();

    await signIn(page, user.email, next);
    await page.getByTestId("user-menu").locator("summary").click();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();

    const audit = await admin.get(
      `/api/audit-log?${new URLSearchParams({ action: "user.password_change", outcome: "SUCCESS", actor: user.email })}`,
    );
    expect(audit.status()).toBe(200);
    const entries = await audit.text();
    expect(entries).toContain("user.password_change");
    expect(entries).not.toContain(next);
  });
});
