/** A dynamic transactional template as SendGrid lists it (GET /v3/templates). */
export interface SendgridTemplate {
  id: string;
  name: string;
  generation: "dynamic";
  updated_at: string;
  versions: {
    id: string;
    template_id: string;
    active: 0 | 1;
    name: string;
    subject: string;
    updated_at: string;
    editor: "code" | "design";
  }[];
}

function template(id: string, name: string, subject: string): SendgridTemplate {
  const updated = "2026-11-01 09:00:00";
  return {
    id,
    name,
    generation: "dynamic",
    updated_at: updated,
    versions: [
      {
        id: `${id.slice(2, 10)}-0000-4000-8000-000000000001`,
        template_id: id,
        active: 1,
        name: `${name} v1`,
        subject,
        updated_at: updated,
        editor: "code",
      },
    ],
  };
}

/** The account's templates in the simulator: what a small shop sends. */
export const DEMO_TEMPLATES: readonly SendgridTemplate[] = [
  template(
    "d-4f0c1e7a9b2d4c6e8f1a3b5c7d9e0f21",
    "Payment receipt",
    "Your receipt {{receipt_number}}",
  ),
  template("d-8a1b2c3d4e5f40718293a4b5c6d7e8f9", "Password reset", "Reset your password"),
  template("d-1c2d3e4f5a6b47c8d9e0f1a2b3c4d5e6", "Welcome", "Welcome to {{company}}"),
  template(
    "d-9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4",
    "Quarterly account statement with itemised usage, taxes and the renewal reminder for annual plans",
    "Your statement for {{period}}",
  ),
  // The console's default refund notice in simulator mode (lib/payments/refund-notice-template.ts).
  template(
    "d-5e7a0c2b4d6f48a1b3c5d7e9f0a2b4c6",
    "Refund confirmation",
    "Your refund of {{amount}} is on its way",
  ),
];

/** Dynamic template ids are "d-" and 32 hexadecimal digits. */
export const DYNAMIC_TEMPLATE_ID = /^d-[0-9a-f]{32}$/;
