import { existsSync, readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { egressLog } from "../../playwright.config";
import { e2eAdmin, signIn } from "./helpers";

test("with no provider keys, every provider call is answered by a local simulator and nothing leaves loopback", async ({
  page,
}) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.goto("/integrations");
  await expect(page.getByTestId("simulator-banner")).toContainText(
    "Stripe and SendGrid are simulated locally",
  );
  for (const provider of ["stripe", "sendgrid"]) {
    const row = page.getByTestId(`circuit-${provider}`);
    await expect(row.getByTestId("provider-mode")).toHaveText("Simulator");
    await row.getByRole("button", { name: "Check connection" }).click();
    await expect(row.getByTestId("connection-check-result")).toContainText(
      "(local simulator) answered in",
    );
  }

  const attempts = existsSync(egressLog) ? readFileSync(egressLog, "utf8").trim() : "";
  expect(attempts, "connections or DNS lookups past loopback, by any server process").toBe("");
});
