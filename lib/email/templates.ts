import "server-only";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import {
  forgetTemplates,
  listTemplates,
  type EmailTemplate,
} from "@/lib/integrations/providers/sendgrid/mail/templates";

export type { EmailTemplate };

/** The dynamic templates a send may use, for pickers and validation. */
export async function listEmailTemplates(options: { actor: Actor }): Promise<EmailTemplate[]> {
  await authorize(options.actor, "console:read", { resource: "email-templates" });
  return listTemplates({ actor: options.actor });
}

/**
 * The template with this id, or a 422 naming the problem. SendGrid itself accepts an unknown
 * template and drops the message later, so the console checks first, before anything is written.
 */
export async function requireTemplate(options: {
  actor: Actor;
  templateId: string;
}): Promise<EmailTemplate> {
  const find = async (fresh: boolean) =>
    (await listTemplates({ actor: options.actor, fresh })).find(
      (template) => template.id === options.templateId,
    );
  // A template created a moment ago may not be in the cached list yet.
  const template = (await find(false)) ?? (forgetTemplates(), await find(true));
  if (!template) {
    throw new AppError("VALIDATION_FAILED", "There is no SendGrid dynamic template with this id.", {
      fieldErrors: { templateId: ["There is no SendGrid dynamic template with this id."] },
    });
  }
  return template;
}
