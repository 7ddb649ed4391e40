/**
 * Stripe's request bodies are form-encoded with brackets (`metadata[key]=v`,
 * `automatic_payment_methods[enabled]=true`, `expand[0]=x`), as the official SDK sends them.
 * Values stay strings; routes validate and convert them.
 */
export type FormValue = string | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function parseForm(body: string): FormObject {
  const out: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.split(/\[|\]\[|\]/).filter((part) => part !== "");
    let target = out;
    for (let index = 0; index < parts.length; index += 1) {
      const part = parts[index] ?? "";
      if (index === parts.length - 1) {
        target[part] = value;
      } else {
        const next = target[part];
        if (typeof next === "object") target = next;
        else {
          const created: FormObject = {};
          target[part] = created;
          target = created;
        }
      }
    }
  }
  return out;
}
