"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { refundAction } from "@/app/(console)/transactions/actions";
import { FieldError, inputClass } from "@/components/ui/form";
import { Notice } from "@/components/ui/notice";
import { formatMoney, parseMajorAmount, toMajorText } from "@/lib/payments/money";
import { RefundNoticeOption } from "./refund-notice-option";
import type { PaymentDetailData } from "./schemas";

const REASONS = [
  ["requested_by_customer", "Requested by the customer"],
  ["duplicate", "Duplicate payment"],
  ["fraudulent", "Fraudulent payment"],
] as const;

/**
 * Full or partial refund of one payment. Each opening of the dialog is one action with its own
 * idempotency key: a double click or a retry of the same submission reuses it, so the server
 * makes one refund whatever happens to the network in between.
 */
export function RefundDialog({
  detail,
  autoOpen = false,
  onDone,
}: {
  detail: PaymentDetailData;
  /** Open at once: for a page where the person already asked to refund (a customer's timeline). */
  autoOpen?: boolean;
  /** Told after each answer, for a page that shows the refund elsewhere too. */
  onDone?: () => void;
}) {
  const { transaction, refundable, approvalThreshold, circuit } = detail;
  const currency = transaction.currency;
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [actionKey, setActionKey] = useState<string | null>(null);
  const [amountText, setAmountText] = useState("");
  const [confirmDuplicate, setConfirmDuplicate] = useState(false);
  const [notifyCustomer, setNotifyCustomer] = useState(false);
  const [duplicateWarning, setDuplicateWarning] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]> | undefined>();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const amount = parseMajorAmount(amountText, currency);
  const left = amount === null ? null : refundable - amount;
  const disabled = circuit.open || refundable <= 0;

  function open() {
    setActionKey(crypto.randomUUID());
    setAmountText(toMajorText(refundable, currency));
    setConfirmDuplicate(false);
    setNotifyCustomer(false);
    setDuplicateWarning(null);
    setErrors(undefined);
    setResult(null);
    dialog.current?.showModal();
  }

  const opened = useRef(false);
  useEffect(() => {
    if (!autoOpen || disabled || opened.current) return;
    opened.current = true;
    open();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the dialog first appears; a later change of props must not reopen it
  }, []);

  function submit(form: FormData) {
    if (!actionKey) return;
    if (amount === null) {
      setErrors({
        amount: [
          "Enter an amount such as " + toMajorText(Math.min(refundable, 1050), currency) + ".",
        ],
      });
      return;
    }
    const input = {
      amount,
      reason: form.get("reason"),
      note: form.get("note"),
      ticket: form.get("ticket"),
      idempotencyKey: actionKey,
      confirmDuplicate,
      // Left out when unchecked: the request is then the same as before the option existed.
      ...(notifyCustomer ? { notifyCustomer: true } : {}),
    };
    startTransition(async () => {
      const outcome = await refundAction(transaction.chargeId, input);
      await queryClient.invalidateQueries({ queryKey: ["payment", transaction.chargeId] });
      await queryClient.invalidateQueries({ queryKey: ["transactions"] });
      onDone?.();
      if (outcome.ok) {
        setResult({ ok: outcome.data.refund.status !== "FAILED", text: outcome.data.message });
        setErrors(undefined);
        setDuplicateWarning(null);
        // The action is done; another refund is another action with a new key.
        setActionKey(crypto.randomUUID());
        return;
      }
      setErrors(outcome.fieldErrors);
      const duplicate = outcome.fieldErrors?.confirmDuplicate?.[0];
      setDuplicateWarning(duplicate ?? null);
      setResult(duplicate ? null : { ok: false, text: outcome.message });
    });
  }

  return (
    <div>
      <button
        type="button"
        onClick={open}
        disabled={disabled}
        aria-describedby={disabled ? "refund-unavailable" : undefined}
        className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
      >
        Refund…
      </button>
      {circuit.open ? (
        <p
          id="refund-unavailable"
          role="status"
          className="mt-2 max-w-md text-sm text-amber-800 dark:text-amber-300"
          data-testid="circuit-open"
        >
          Refunds are paused: {circuit.explanation}
          {circuit.nextTrialAt
            ? ` The next trial call goes out at ${new Date(circuit.nextTrialAt).toLocaleTimeString()}.`
            : ""}{" "}
          <Link href={circuit.healthPath} className="underline">
            See the provider&apos;s health
          </Link>
        </p>
      ) : refundable <= 0 ? (
        <p id="refund-unavailable" className="mt-2 text-sm text-slate-500">
          Nothing left to refund.
        </p>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby="refund-title"
        className="m-auto w-full max-w-lg rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <form action={submit} className="space-y-4 p-5" noValidate data-testid="refund-form">
          <div>
            <h2 id="refund-title" className="text-lg font-semibold">
              Refund {formatMoney(transaction.amount, currency)} payment
            </h2>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
              Refundable now:{" "}
              <strong data-testid="refundable">{formatMoney(refundable, currency)}</strong>
              {left !== null && left >= 0 ? (
                <>
                  {" "}
                  · after this refund:{" "}
                  <strong data-testid="remaining-after">{formatMoney(left, currency)}</strong> left
                </>
              ) : null}
            </p>
          </div>
          <div>
            <label htmlFor="refund-amount" className="block text-sm font-medium">
              Amount ({currency.toUpperCase()})
            </label>
            <input
              id="refund-amount"
              name="amount"
              inputMode="decimal"
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
              maxLength={20}
              className={inputClass}
              aria-invalid={Boolean(errors?.amount) || (left !== null && left < 0)}
              aria-describedby="refund-amount-error"
            />
            {left !== null && left < 0 ? (
              <p className="mt-1 text-sm text-red-700 dark:text-red-400">
                That is more than the {formatMoney(refundable, currency)} left.
              </p>
            ) : null}
            {amount !== null && amount > approvalThreshold ? (
              <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">
                Above {formatMoney(approvalThreshold, currency)}: an admin other than you must
                approve it before it is sent.
              </p>
            ) : null}
            <FieldError id="refund-amount-error" messages={errors?.amount} />
          </div>
          <div>
            <label htmlFor="refund-reason" className="block text-sm font-medium">
              Reason
            </label>
            <select
              id="refund-reason"
              name="reason"
              defaultValue="requested_by_customer"
              className={inputClass}
            >
              {REASONS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <FieldError id="refund-reason-error" messages={errors?.reason} />
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <div className="sm:col-span-2">
              <label htmlFor="refund-note" className="block text-sm font-medium">
                Internal note
              </label>
              <input id="refund-note" name="note" maxLength={1000} className={inputClass} />
              <FieldError id="refund-note-error" messages={errors?.note} />
            </div>
            <div>
              <label htmlFor="refund-ticket" className="block text-sm font-medium">
                Ticket
              </label>
              <input
                id="refund-ticket"
                name="ticket"
                maxLength={100}
                placeholder="SUP-1234"
                className={inputClass}
              />
              <FieldError id="refund-ticket-error" messages={errors?.ticket} />
            </div>
          </div>
          <RefundNoticeOption
            detail={detail}
            checked={notifyCustomer}
            onChange={setNotifyCustomer}
            errors={errors?.notifyCustomer}
          />
          {duplicateWarning ? (
            <div
              role="alert"
              className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
            >
              <p>{duplicateWarning}</p>
              <label className="mt-2 flex items-center gap-2 font-medium">
                <input
                  type="checkbox"
                  checked={confirmDuplicate}
                  onChange={(event) => setConfirmDuplicate(event.target.checked)}
                />
                Yes, refund this amount again
              </label>
            </div>
          ) : null}
          {result ? <Notice ok={result.ok}>{result.text}</Notice> : null}
          <div className="flex justify-end gap-2">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              Close
            </button>
            <button
              type="submit"
              disabled={pending || circuit.open || (duplicateWarning !== null && !confirmDuplicate)}
              className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
            >
              {pending
                ? "Refunding…"
                : amount !== null
                  ? `Refund ${formatMoney(amount, currency)}`
                  : "Refund"}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
