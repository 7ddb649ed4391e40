import { FieldError } from "@/components/ui/form";
import type { PaymentDetailData } from "./schemas";

/**
 * The refund dialog's offer to email the customer a confirmation. It says up front when the
 * email cannot go out (nothing configured, no address) or will be skipped (a suppression), so
 * nobody promises a customer an email that will never arrive.
 */
export function RefundNoticeOption({
  detail,
  checked,
  onChange,
  errors,
}: {
  detail: PaymentDetailData;
  checked: boolean;
  onChange: (checked: boolean) => void;
  errors?: string[];
}) {
  const option = detail.refundNotice;
  const email = detail.transaction.customerEmail;
  const unavailable = !option
    ? "Refund confirmation emails are not configured (REFUND_NOTICE_TEMPLATE_ID)."
    : !email
      ? "The payment has no customer email address."
      : null;
  return (
    <div data-testid="refund-notice-option">
      <label className="flex items-start gap-2 text-sm font-medium">
        <input
          type="checkbox"
          name="notifyCustomer"
          className="mt-0.5"
          checked={checked && unavailable === null}
          disabled={unavailable !== null}
          onChange={(event) => onChange(event.target.checked)}
          aria-describedby="refund-notice-help refund-notice-error"
        />
        <span>
          Email the customer a refund confirmation
          {option ? ` (template: ${option.templateName ?? option.templateId})` : ""}
        </span>
      </label>
      <p id="refund-notice-help" className="ml-6 mt-1 text-sm text-slate-600 dark:text-slate-400">
        {unavailable ?? (
          <>
            To <span className="break-all font-medium">{email}</span>, once Stripe confirms the
            refund.
          </>
        )}
      </p>
      {!unavailable && detail.customerSuppressed ? (
        <p
          className="ml-6 mt-1 text-sm text-amber-800 dark:text-amber-300"
          data-testid="refund-notice-suppressed"
        >
          The email will be skipped. {detail.customerSuppressed.reason}
        </p>
      ) : null}
      <FieldError id="refund-notice-error" messages={errors} />
    </div>
  );
}
