import type { Permission } from "@/lib/auth/permissions";

export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
}

export const NAV_ITEMS: NavItem[] = [
  { href: "/customers", label: "Customers", permission: "console:read" },
  { href: "/transactions", label: "Transactions", permission: "console:read" },
  { href: "/approvals", label: "Refund approvals", permission: "payments:approve" },
  { href: "/emails", label: "Emails", permission: "console:read" },
  { href: "/bulk-sends", label: "Bulk sends", permission: "emails:send" },
  { href: "/webhooks", label: "Webhooks", permission: "console:read" },
  { href: "/integrations", label: "Integrations", permission: "console:read" },
  { href: "/api-calls", label: "API calls", permission: "console:read" },
  { href: "/audit", label: "Audit log", permission: "audit:read" },
  { href: "/users", label: "Users", permission: "users:manage" },
];
