/** The provider's name: its webhook path, its log rows, its circuit. */
export const SENDGRID = "sendgrid";

/**
 * The custom argument each personalization carries: SendGrid echoes it on every event of that
 * message, so an event finds its message even when the send's answer (its X-Message-Id) was lost.
 */
export const MESSAGE_ID_ARG = "console_message_id";

/** SendGrid's own name for the mail-send endpoint in its per-endpoint rate limits. */
export const MAIL_SEND_ENDPOINT = "POST /v3/mail/send";
