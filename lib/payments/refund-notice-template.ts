import "server-only";
import type { Actor } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requireTemplate, type EmailTemplate } from "@/lib/email/templates";
import { isIntegrationError } from "@/lib/integrations/core";
import { listTemplates } from "@/lib/integrations/providers/sendgrid/mail/templates";
import { SENDGRID } from "@/lib/integrations/providers/sendgrid/names";
import { findProvider } from "@/lib/integrations/runtime";

/** "Refund confirmation" in the SendGrid simulator's templates (simulators/sendgrid/templates.ts). */
export const SIMULATED_REFUND_NOTICE_TEMPLATE_ID = "d-5e7a0c2b4d6f48a1b3c5d7e9f0a2b4c6";
export const SIMULATED_REFUND_NOTICE_TEMPLATE_NAME = "Refund confirmation";

/** How long the payment page waits for SendGrid's template list before it shows the bare id. */
const NAME_WAIT_MS = 1_500;

/**
 * The refund confirmation's template id, or null when none is configured. A simulated SendGrid
 * has one of its own, so a demo offers the option without any setting.
 */
export function refundNoticeTemplateId(): string | null {
  const configured = getEnv().REFUND_NOTICE_TEMPLATE_ID;
  if (configured) return configured;
  return findProvider(SENDGRID)?.mode === "simulator" ? SIMULATED_REFUND_NOTICE_TEMPLATE_ID : null;
}

const WITHOUT_NOTICE =
  "You can refund without the confirmation email and tell the customer yourself.";

/**
 * The template a refund's notice will use, checked at SendGrid before anything is written. Every
 * failure is the user's to act on (a 422 or a 503 suggesting a refund without the email), never
 * a 500: the refund itself must stay possible while SendGrid is not.
 */
export async function resolveRefundNoticeTemplate(options: {
  actor: Actor;
}): Promise<EmailTemplate> {
  const templateId = refundNoticeTemplateId();
  if (!templateId) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Refund confirmation emails are not configured (REFUND_NOTICE_TEMPLATE_ID). ${WITHOUT_NOTICE}`,
      { fieldErrors: { notifyCustomer: ["Refund confirmation emails are not configured."] } },
    );
  }
  try {
    return await requireTemplate({ actor: options.actor, templateId });
  } catch (error) {
    if (isIntegrationError(error)) {
      throw new AppError(
        "PROVIDER_UNAVAILABLE",
        `SendGrid could not be asked for the refund confirmation template (${error.userMessage.replace(/\.$/, "")}). ${WITHOUT_NOTICE}`,
        { cause: error },
      );
    }
    if (error instanceof AppError && error.code === "VALIDATION_FAILED") {
      const message = `SendGrid has no template ${templateId} for the refund confirmation. ${WITHOUT_NOTICE}`;
      throw new AppError("VALIDATION_FAILED", message, {
        fieldErrors: { notifyCustomer: [message] },
      });
    }
    throw error;
  }
}

export interface RefundNoticeOption {
  templateId: string;
  /** Null when SendGrid's list did not answer in time: the page shows the id instead. */
  templateName: string | null;
}

/** What the refund dialog offers; the page must load even while SendGrid does not answer. */
export async function refundNoticeOption(): Promise<RefundNoticeOption | null> {
  const templateId = refundNoticeTemplateId();
  if (!templateId) return null;
  // The simulator's own template needs no call (and a test without the simulator makes none).
  if (templateId === SIMULATED_REFUND_NOTICE_TEMPLATE_ID) {
    return { templateId, templateName: SIMULATED_REFUND_NOTICE_TEMPLATE_NAME };
  }
  const named = listTemplates()
    .then((templates) => templates.find((template) => template.id === templateId)?.name ?? null)
    .catch(() => null);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), NAME_WAIT_MS);
  });
  const templateName = await Promise.race([named, late]).finally(() => clearTimeout(timer));
  return { templateId, templateName };
}
