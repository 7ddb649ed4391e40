import { describe, expect, it } from "vitest";
import { validateMailSend } from "@/simulators/sendgrid/mail-validation";
import { randomEmail } from "../../support/factories";

const TEMPLATE = "d-4f0c1e7a9b2d4c6e8f1a3b5c7d9e0f21";

function body(overrides: Record<string, unknown> = {}) {
  return {
    from: { email: "shop@example.com" },
    template_id: TEMPLATE,
    personalizations: [{ to: [{ email: randomEmail() }], dynamic_template_data: { n: 1 } }],
    ...overrides,
  };
}

function fields(input: unknown) {
  const result = validateMailSend(input);
  return result.ok ? [] : result.errors.map((error) => error.field);
}

describe("the SendGrid simulator's mail-send validation", () => {
  it("accepts a template send and keeps each recipient's data and custom arguments", () => {
    const result = validateMailSend(
      body({
        personalizations: [
          {
            to: [{ email: "a@example.com" }],
            dynamic_template_data: { x: 1 },
            custom_args: { id: "1" },
          },
        ],
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        templateId: TEMPLATE,
        personalizations: [
          { to: "a@example.com", dynamicTemplateData: { x: 1 }, customArgs: { id: "1" } },
        ],
      },
    });
  });

  it("answers in SendGrid's words and fields", () => {
    expect(fields(body({ from: undefined }))).toEqual(["from.email"]);
    expect(fields(body({ template_id: "welcome" }))).toEqual(["template_id"]);
    expect(fields(body({ template_id: undefined }))).toEqual(["content"]);
    expect(fields(body({ personalizations: [] }))).toEqual(["personalizations"]);
    expect(fields(body({ personalizations: [{ to: [{ email: "bob@" }] }] }))).toEqual([
      "personalizations.0.to.0.email",
    ]);
    expect(
      fields(
        body({ personalizations: [{ to: [{ email: "a@b.co" }], dynamic_template_data: "x" }] }),
      ),
    ).toEqual(["personalizations.0.dynamic_template_data"]);
    expect(
      fields(
        body({ personalizations: [{ to: [{ email: "a@b.co" }] }, { to: [{ email: "A@b.co" }] }] }),
      ),
    ).toEqual(["personalizations.1"]);
  });

  it("takes 1,000 personalizations and refuses 1,001", () => {
    const many = (n: number) =>
      body({
        personalizations: Array.from({ length: n }, (_, i) => ({
          to: [{ email: `r${i}@example.com` }],
        })),
      });
    expect(validateMailSend(many(1_000)).ok).toBe(true);
    const refused = validateMailSend(many(1_001));
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.errors[0]?.message).toContain("You have provided 1001 personalizations");
  });
});
