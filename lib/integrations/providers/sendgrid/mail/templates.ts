import { z } from "zod";
import type { CallActor } from "@/lib/integrations/core";
import { getIntegrationCore } from "@/lib/integrations/runtime";
import { SENDGRID } from "../names";
import { requestWithSdk } from "./sdk";

export interface EmailTemplate {
  id: string;
  name: string;
  /** The active version's subject, if SendGrid says. */
  subject: string | null;
}

const templatesPage = z.object({
  result: z.array(
    z.object({
      id: z.string().min(1).max(100),
      name: z.string().max(500),
      generation: z.string().optional(),
      versions: z
        .array(
          z.object({ active: z.union([z.number(), z.boolean()]), subject: z.string().nullish() }),
        )
        .optional(),
    }),
  ),
});

/** Templates change rarely; a minute of staleness spares SendGrid a call per page view. */
const CACHE_MS = 60_000;
let cache: { at: number; templates: EmailTemplate[] } | null = null;

/**
 * The account's dynamic templates (GET /v3/templates), the first 200: SendGrid allows an
 * account 300 templates, and a console that sends a handful lists them on one page.
 */
export async function listTemplates(options: { actor?: CallActor | null; fresh?: boolean } = {}) {
  if (!options.fresh && cache && Date.now() - cache.at < CACHE_MS) return cache.templates;
  const core = getIntegrationCore();
  const definition = core.definition(SENDGRID);
  const query = { generations: "dynamic", page_size: 200 };
  const { body } = await core.call(
    {
      provider: SENDGRID,
      operation: "templates.list",
      method: "GET",
      path: "/v3/templates?generations=dynamic&page_size=200",
      actor: options.actor,
    },
    (attempt) =>
      requestWithSdk(definition, attempt, { method: "GET", url: "/v3/templates", qs: query }),
    templatesPage,
  );
  const templates = body.result.map((template) => ({
    id: template.id,
    name: template.name,
    subject:
      template.versions?.find((version) => version.active === 1 || version.active === true)
        ?.subject ?? null,
  }));
  cache = { at: Date.now(), templates };
  return templates;
}

/** Forgets the cached list (tests, and after a template was not found). */
export function forgetTemplates(): void {
  cache = null;
}
