import { createServer } from "node:http";
import { baseURL } from "../../playwright.config";
import { expect, test } from "./fixtures";
import { e2eAdmin, signIn } from "./helpers";
import { discoverRoutes } from "./routes";

const pages = discoverRoutes().filter(
  (route) => route.kind === "page" && !route.pattern.includes(":param"),
);

test("every page renders under its nonce CSP in Chromium, hydrates, and reports no violation", async ({
  page,
}) => {
  const login = await page.goto("/login");
  expect(login?.headers()["content-security-policy"]).toMatch(/'nonce-[^']+'/);
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  for (const route of pages.filter((entry) => entry.pattern !== "/login")) {
    const response = await page.goto(route.pattern);
    const csp = response?.headers()["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, route.pattern).toBeTruthy();
    // Every script Next.js and the layout emitted carries this response's nonce.
    const scriptNonces = await page
      .locator("script")
      .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
    expect(scriptNonces.length, route.pattern).toBeGreaterThan(0);
    expect(new Set(scriptNonces), route.pattern).toEqual(new Set([nonce]));
    // Hydrated: the theme toggle is a client component and only works once React runs.
    const html = page.locator("html");
    const dark = ((await html.getAttribute("class")) ?? "").includes("dark");
    await page.getByRole("button", { name: "Toggle dark mode" }).click();
    await expect(html, route.pattern).toHaveClass(dark ? /^(?!.*\bdark\b).*$/ : /\bdark\b/);
  }
});

test("no page can be framed by another origin", async ({ page, cspViolations }) => {
  await signIn(page, e2eAdmin.email, e2eAdmin.password);
  const server = createServer((request, response) => {
    const target = new URL(request.url ?? "/", "http://x").searchParams.get("target") ?? "/";
    response.writeHead(200, { "content-type": "text/html" });
    response.end(
      `<iframe id="victim" src="${baseURL}${target}" width="800" height="600"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  try {
    for (const route of pages) {
      await page.goto(`http://localhost:${port}/?target=${encodeURIComponent(route.pattern)}`);
      const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
      // Chromium replaces a refused frame with its own error page.
      expect(frame?.url(), route.pattern).not.toContain(baseURL);
      expect(await frame?.locator("nav, form, main").count(), route.pattern).toBe(0);
    }
  } finally {
    server.close();
  }
  // The refusals are the point here: each is the frame-ancestors directive, and only that.
  expect(cspViolations.length).toBeGreaterThan(0);
  expect(cspViolations.filter((violation) => !/frame-ancestors/.test(violation))).toEqual([]);
  cspViolations.length = 0;
});
