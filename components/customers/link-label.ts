import type { CustomerRow } from "@/lib/customers/views";

type LinkKind = CustomerRow["links"][number]["kind"];

export const LINK_KIND_LABEL: Record<LinkKind, string> = {
  STRIPE_CUSTOMER: "Stripe customer",
  EMAIL: "Email",
  REFERENCE: "Reference",
};
