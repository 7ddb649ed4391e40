/**
 * What happens to a message after SendGrid accepts it, in realistic proportions: nearly all are
 * delivered (some after a deferral), a few bounce or are blocked, about a third are opened and
 * some of those clicked; spam reports and unsubscribes are rare. Addresses can ask for a fate
 * ("bounce@…", "someone+spam@…") so that demos and tests get the case they need.
 */
export type Fate =
  | "delivered"
  | "deferred-then-delivered"
  | "bounce"
  | "blocked"
  | "dropped"
  | "opened"
  | "clicked"
  | "spamreport"
  | "unsubscribe"
  | "group-unsubscribe";

export interface PlannedEvent {
  type: string;
  /** After the send, in milliseconds (scaled by the simulator's lifecycle pace). */
  offsetMs: number;
  fields: Record<string, unknown>;
}

const BROWSER =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15";
const MAIL_CLIENT_PROXY =
  "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";

export const BOUNCE_REASON =
  "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.";
export const BLOCK_REASON =
  "550 5.7.1 Service unavailable; client host blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/lookup/";

/** The fate an address asks for by a word in its local part, if any. */
export function requestedFate(email: string): Fate | null {
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  if (/bounce/.test(local)) return "bounce";
  if (/block/.test(local)) return "blocked";
  if (/defer/.test(local)) return "deferred-then-delivered";
  if (/spam/.test(local)) return "spamreport";
  if (/group-?unsub/.test(local)) return "group-unsubscribe";
  if (/unsub/.test(local)) return "unsubscribe";
  if (/click/.test(local)) return "clicked";
  if (/open/.test(local)) return "opened";
  return null;
}

/** A fate drawn in realistic proportions. */
export function randomFate(random: () => number): Fate {
  const roll = random();
  if (roll < 0.02) return "bounce";
  if (roll < 0.03) return "blocked";
  if (roll < 0.07) return "deferred-then-delivered";
  if (roll < 0.071) return "spamreport";
  if (roll < 0.074) return "unsubscribe";
  if (roll < 0.076) return "group-unsubscribe";
  if (roll < 0.16) return "clicked";
  if (roll < 0.4) return "opened";
  return "delivered";
}

function between(random: () => number, low: number, high: number): number {
  return Math.round(low + random() * (high - low));
}

const delivered = (offsetMs: number): PlannedEvent => ({
  type: "delivered",
  offsetMs,
  fields: { response: "250 2.0.0 OK  1732874400 sim.42 - gsmtp", tls: 1, ip: "198.51.100.25" },
});

const open = (offsetMs: number, random: () => number): PlannedEvent => ({
  type: "open",
  offsetMs,
  fields: {
    useragent: random() < 0.5 ? BROWSER : MAIL_CLIENT_PROXY,
    ip: "203.0.113.42",
    sg_machine_open: false,
  },
});

/** The events after `processed`, each with its delay, for one recipient's fate. */
export function lifecycle(fate: Fate, random: () => number, groupId = 10): PlannedEvent[] {
  const at = between(random, 200, 1_500);
  switch (fate) {
    case "dropped":
      return [];
    case "bounce":
      return [
        {
          type: "bounce",
          offsetMs: at,
          fields: {
            reason: BOUNCE_REASON,
            status: "5.1.1",
            type: "bounce",
            bounce_classification: "Invalid Address",
          },
        },
      ];
    case "blocked":
      return [
        {
          type: "bounce",
          offsetMs: at,
          fields: {
            reason: BLOCK_REASON,
            status: "5.7.1",
            type: "blocked",
            bounce_classification: "Reputation",
          },
        },
      ];
    case "deferred-then-delivered":
      return [
        {
          type: "deferred",
          offsetMs: at,
          fields: { response: "451 4.7.1 Greylisted, please try again later", attempt: "1" },
        },
        delivered(at + between(random, 1_000, 3_000)),
      ];
    case "delivered":
      return [delivered(at)];
    case "opened": {
      const opens = between(random, 1, 3);
      return [
        delivered(at),
        ...Array.from({ length: opens }, (_, index) =>
          open(at + 1_000 + index * between(random, 500, 4_000), random),
        ),
      ];
    }
    case "clicked":
      return [
        delivered(at),
        open(at + 1_000, random),
        {
          type: "click",
          offsetMs: at + between(random, 1_500, 5_000),
          fields: {
            url: "https://shop.example.com/account?utm_source=email",
            url_offset: { index: 0, type: "html" },
            useragent: BROWSER,
            ip: "203.0.113.42",
          },
        },
      ];
    case "spamreport":
      return [
        delivered(at),
        open(at + 800, random),
        { type: "spamreport", offsetMs: at + 2_000, fields: {} },
      ];
    case "unsubscribe":
      return [
        delivered(at),
        open(at + 800, random),
        { type: "unsubscribe", offsetMs: at + 2_500, fields: {} },
      ];
    case "group-unsubscribe":
      return [
        delivered(at),
        open(at + 800, random),
        {
          type: "group_unsubscribe",
          offsetMs: at + 2_500,
          fields: {
            asm_group_id: groupId,
            useragent: BROWSER,
            ip: "203.0.113.42",
            url: "https://sim.sendgrid.net/asm/unsubscribe",
          },
        },
      ];
  }
}
