import { expect, test } from "./fixtures";
import { apiSession, createUser, e2eAdmin, randomUser, signIn } from "./helpers";

test("an admin forces a circuit open with a reason, every reader sees it, and it is audited", async ({
  page,
}) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  await page.goto("/integrations");
  const stripe = page.getByTestId("circuit-stripe");
  await expect(stripe.getByTestId("circuit-state")).toContainText("Closed");

  await stripe.getByRole("button", { name: "Force open" }).click();
  await expect(stripe.getByRole("alert")).toContainText("reason");
  await expect(stripe.getByTestId("circuit-state")).toContainText("Closed");

  const reason = `maintenance window ${Math.random().toString(36).slice(2, 8)}`;
  await stripe.getByLabel("Reason for stripe").fill(reason);
  await stripe.getByRole("button", { name: "Force open" }).click();
  await expect(stripe.getByText("Circuit is now forced open.")).toBeVisible();
  await expect(stripe.getByTestId("circuit-state")).toContainText("Forced open");
  await expect(page.getByTestId("circuit-transitions")).toContainText(reason);

  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const health = await (await admin.get("/api/health")).json();
  expect(health.providers.stripe.circuit).toBe("FORCED_OPEN");
  const audit = await (await admin.get("/api/audit-log?action=integration.circuit")).json();
  expect(JSON.stringify(audit.data.entries)).toContain(reason);

  const viewer = randomUser("VIEWER");
  await createUser(admin, viewer);
  const viewerSession = await apiSession(viewer.email, viewer.password);
  const overview = await (await viewerSession.get("/api/integrations")).json();
  expect(
    overview.data.circuits.find((circuit: { provider: string }) => circuit.provider === "stripe")
      .state,
  ).toBe("FORCED_OPEN");
  const denied = await viewerSession.post("/api/integrations/stripe/circuit", {
    data: { action: "reset", reason: "viewer tries" },
  });
  expect(denied.status()).toBe(403);

  await stripe.getByLabel("Reason for stripe").fill("maintenance over");
  await stripe.getByRole("button", { name: "Reset" }).click();
  await expect(stripe.getByTestId("circuit-state")).toContainText("Closed");
});

test("unknown providers and bad circuit commands get clear 4xx answers", async () => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const unknown = await admin.post("/api/integrations/nope/circuit", {
    data: { action: "reset", reason: "testing" },
  });
  expect(unknown.status()).toBe(404);
  const badAction = await admin.post("/api/integrations/stripe/circuit", {
    data: { action: "explode", reason: "testing" },
  });
  expect(badAction.status()).toBe(422);
  const noReason = await admin.post("/api/integrations/stripe/circuit", {
    data: { action: "force_open" },
  });
  expect(noReason.status()).toBe(422);
  expect((await noReason.json()).error.fieldErrors.reason).toBeTruthy();
});

test("a viewer sees circuit states but no controls", async ({ page }) => {
  const admin = await apiSession(e2eAdmin.email, e2eAdmin.password);
  const viewer = randomUser("VIEWER");
  await createUser(admin, viewer);
  await signIn(page, viewer.email, viewer.password);
  await page.goto("/integrations");
  await expect(page.getByTestId("circuit-sendgrid")).toBeVisible();
  await expect(page.getByRole("button", { name: "Force open" })).toHaveCount(0);
});
