"use client";

import { QueryProvider } from "@/components/shell/query-provider";
import { AlertBanners } from "./alert-banners";

/** The alert banners with their own query client: the shell renders them outside the page's. */
export function HealthAlerts() {
  return (
    <QueryProvider>
      <AlertBanners />
    </QueryProvider>
  );
}
