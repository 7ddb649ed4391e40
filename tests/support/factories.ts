import { randomBytes, randomInt } from "node:crypto";

export function randomId(prefix = "") {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

export function randomEmail() {
  return `${randomId("user-")}@example.${["com", "org", "net"][randomInt(3)]}`;
}

export function randomPassword() {
  return `Pw-${randomBytes(12).toString("base64url")}`;
}

export function randomName() {
  const first = ["Ada", "Grace", "Linus", "Barbara", "Ken", "Margaret", "Dennis", "Radia"];
  const last = ["Lovelace", "Hopper", "Torvalds", "Liskov", "Thompson", "Hamilton", "Ritchie", "Perlman"];
  return `${first[randomInt(first.length)]} ${last[randomInt(last.length)]}`;
}
