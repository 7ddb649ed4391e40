import { DYNAMIC_TEMPLATE_ID } from "./templates";

/** One entry of SendGrid's `{ "errors": [...] }`. */
export interface SendgridFieldError {
  message: string;
  field: string | null;
  help: string | null;
}

/** A personalization as the simulator keeps it once the request is valid. */
export interface ValidPersonalization {
  to: string;
  dynamicTemplateData: Record<string, unknown>;
  customArgs: Record<string, string>;
}

export interface ValidMailSend {
  from: string;
  templateId: string | null;
  personalizations: ValidPersonalization[];
  customArgs: Record<string, string>;
  sandbox: boolean;
}

const HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html";
// SendGrid checks addresses loosely: something@domain.tld, no spaces.
const ADDRESS = /^[^\s@"<>()[\],;:]+@[^\s@"<>()[\],;:]+\.[^\s@"<>()[\],;:]+$/;
export const MAX_PERSONALIZATIONS = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function error(message: string, field: string | null, anchor?: string): SendgridFieldError {
  return { message, field, help: anchor ? `${HELP}#message.${anchor}` : null };
}

function addressOf(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const email = value.email;
  return typeof email === "string" && ADDRESS.test(email) && email.length <= 320 ? email : null;
}

function stringMap(
  value: unknown,
  field: string,
  errors: SendgridFieldError[],
): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value)) {
    errors.push(error(`Invalid type. Expected: object, given: ${typeName(value)}.`, field));
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === "string") out[key] = item;
    else
      errors.push(
        error(`Invalid type. Expected: string, given: ${typeName(item)}.`, `${field}.${key}`),
      );
  }
  return out;
}

/**
 * The checks of v3 Mail Send that this console can meet, with SendGrid's own messages and field
 * paths (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/errors). Every problem is
 * reported, as SendGrid does, not only the first.
 */
export function validateMailSend(
  body: unknown,
): { ok: true; value: ValidMailSend } | { ok: false; errors: SendgridFieldError[] } {
  const errors: SendgridFieldError[] = [];
  if (!isRecord(body)) {
    return { ok: false, errors: [error("Bad Request", null)] };
  }
  const from = addressOf(body.from);
  if (body.from === undefined) {
    errors.push(
      error(
        'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.  e.g. {"email" : "example@example.com"}  or {"email" : "example@example.com", "name" : "Example Recipient"}.',
        "from.email",
        "from",
      ),
    );
  } else if (!from) {
    errors.push(error("The from email does not contain a valid address.", "from.email", "from"));
  }

  let templateId: string | null = null;
  if (body.template_id !== undefined) {
    if (typeof body.template_id !== "string" || !DYNAMIC_TEMPLATE_ID.test(body.template_id)) {
      errors.push(error("The template_id must be a valid GUID.", "template_id", "template_id"));
    } else {
      templateId = body.template_id;
    }
  }
  const hasContent = Array.isArray(body.content) && body.content.length > 0;
  if (body.template_id === undefined && !hasContent) {
    errors.push(
      error(
        "Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block. We typically suggest both text/plain and text/html blocks are included, but only one block is required.",
        "content",
        "content",
      ),
    );
  }

  const personalizations: ValidPersonalization[] = [];
  const raw = body.personalizations;
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push(
      error(
        "The personalizations field is required and must have at least 1 personalization.",
        "personalizations",
        "personalizations",
      ),
    );
  } else if (raw.length > MAX_PERSONALIZATIONS) {
    errors.push(
      error(
        `The personalization block is limited to ${MAX_PERSONALIZATIONS} personalizations per API request. You have provided ${raw.length} personalizations. Please consider splitting this into multiple requests and resending your request.`,
        "personalizations",
        "personalizations",
      ),
    );
  } else {
    const seen = new Map<string, number>();
    raw.forEach((item: unknown, index) => {
      const at = `personalizations.${index}`;
      if (!isRecord(item) || !Array.isArray(item.to) || item.to.length === 0) {
        errors.push(
          error(
            "The to array is required for all personalization objects, and must have at least one email object with a valid email address.",
            `${at}.to`,
            "personalizations.to",
          ),
        );
        return;
      }
      const recipients: string[] = [];
      item.to.forEach((entry: unknown, position) => {
        const address = addressOf(entry);
        if (!address) {
          errors.push(
            error(
              "Does not contain a valid address.",
              `${at}.to.${position}.email`,
              "personalizations.to",
            ),
          );
          return;
        }
        const key = address.toLowerCase();
        const first = seen.get(key);
        if (first !== undefined) {
          errors.push(
            error(
              `Each email address in the personalization block should be unique between to, cc, and bcc. We found the first duplicate instance of [${address}] in the personalizations.${index}.to field.`,
              at,
              "personalizations",
            ),
          );
          return;
        }
        seen.set(key, index);
        recipients.push(address);
      });
      let data: Record<string, unknown> = {};
      if (item.dynamic_template_data !== undefined) {
        if (isRecord(item.dynamic_template_data)) data = item.dynamic_template_data;
        else
          errors.push(
            error(
              `Invalid type. Expected: object, given: ${typeName(item.dynamic_template_data)}.`,
              `${at}.dynamic_template_data`,
            ),
          );
      }
      const customArgs = stringMap(item.custom_args, `${at}.custom_args`, errors);
      for (const to of recipients)
        personalizations.push({ to, dynamicTemplateData: data, customArgs });
    });
  }
  if (personalizations.length > MAX_PERSONALIZATIONS) {
    errors.push(
      error(
        `There is a limit of ${MAX_PERSONALIZATIONS} total recipients (to + cc + bcc) per request.`,
        "personalizations",
        "personalizations",
      ),
    );
  }
  const customArgs = stringMap(body.custom_args, "custom_args", errors);
  if (errors.length > 0 || !from) return { ok: false, errors };
  const settings = isRecord(body.mail_settings) ? body.mail_settings : {};
  const sandbox = isRecord(settings.sandbox_mode) && settings.sandbox_mode.enable === true;
  return { ok: true, value: { from, templateId, personalizations, customArgs, sandbox } };
}
