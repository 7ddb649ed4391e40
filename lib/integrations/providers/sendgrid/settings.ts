import { z } from "zod";
import { optionalHttpUrl, optionalString } from "@/lib/env-fields";

/** SendGrid's environment variables. Without an API key the console runs SendGrid's simulator. */
export const sendgridSettings = z.object({
  SENDGRID_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^SG\.[\w-]+\.[\w-]+$/, "must look like SG.xxx.yyy")
      .optional(),
  ),
  /** The signed event webhook's public key (ECDSA P-256, base64 DER), from SendGrid's settings page. */
  SENDGRID_WEBHOOK_PUBLIC_KEY: optionalString,
  /** Another host for the SDK: the simulator. */
  SENDGRID_API_BASE: optionalHttpUrl,
});

export type SendgridSettings = z.infer<typeof sendgridSettings>;
