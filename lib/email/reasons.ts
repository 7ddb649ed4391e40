/**
 * Why a message bounced, was dropped or deferred, in words support staff can read to a customer.
 * SendGrid passes on the receiving server's SMTP answer, whose enhanced status code (RFC 3463)
 * says the most; its own drop reasons are short fixed phrases.
 */
const DROP_REASONS: [RegExp, string][] = [
  [
    /bounced address/i,
    "SendGrid did not send it: this address bounced before, so SendGrid no longer mails it.",
  ],
  [/unsubscribed address/i, "SendGrid did not send it: the recipient unsubscribed."],
  [
    /spam reporting address/i,
    "SendGrid did not send it: the recipient reported an earlier email as spam.",
  ],
  [/invalid smtpapi header/i, "SendGrid did not send it: the message's settings were invalid."],
  [/spam content/i, "SendGrid did not send it: its spam checker flagged the content."],
  [/over package quota/i, "SendGrid did not send it: the account's sending quota is used up."],
  [/invalid template/i, "SendGrid did not send it: the template does not exist or is not active."],
  [/^invalid$/i, "SendGrid did not send it: it considers the address invalid."],
];

const SMTP_CODES: [RegExp, string][] = [
  [/\b5\.1\.1\b/, "The recipient's mail server says this address does not exist."],
  [/\b5\.1\.(2|10)\b/, "The recipient's domain does not exist or does not accept mail."],
  [/\b5\.2\.2\b/, "The recipient's mailbox is full."],
  [/\b5\.2\.1\b/, "The recipient's mailbox is disabled."],
  [
    /\b5\.7\.\d+\b/,
    "The recipient's server refused mail from us (a spam filter or block list). It may accept it later.",
  ],
  [/\b5\.4\.\d+\b/, "The message could not be routed to the recipient's server."],
  [
    /\b4\.\d\.\d+\b/,
    "The recipient's server asked to try again later; SendGrid keeps trying for up to 72 hours.",
  ],
];

export function explainReason(
  reason: string | null,
  kind: "bounce" | "dropped" | "deferred" | null,
): string | null {
  if (!reason) {
    if (kind === "bounce") return "The recipient's server refused the message.";
    if (kind === "dropped") return "SendGrid did not send it.";
    return null;
  }
  if (kind === "dropped") {
    const drop = DROP_REASONS.find(([pattern]) => pattern.test(reason.trim()));
    if (drop) return drop[1];
  }
  const code = SMTP_CODES.find(([pattern]) => pattern.test(reason));
  if (code) return code[1];
  if (kind === "bounce") return "The recipient's server refused the message.";
  if (kind === "dropped") return "SendGrid did not send it.";
  if (kind === "deferred") return "The recipient's server asked to try again later.";
  return null;
}
