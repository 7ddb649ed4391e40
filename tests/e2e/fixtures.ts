import { expect, test as base } from "@playwright/test";

/**
 * The e2e suite's `test`: every page a test opens is watched for Content Security Policy
 * violations (the browser's console report and the securitypolicyviolation event), and the test
 * fails on any. Specs import `test` from here instead of from @playwright/test.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      await context.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error(
            `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`,
          );
        });
      });
      context.on("console", (message) => {
        if (/Content Security Policy|CSP violation/i.test(message.text()))
          violations.push(`${message.location().url}: ${message.text()}`);
      });
      await use(violations);
      expect(violations, "CSP violations in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
