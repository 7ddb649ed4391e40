import Link from "next/link";

/** From a payment's or an email's page to the customer's timeline, where the other provider's side is. */
export function CustomerTimelineLink({
  customerId,
  with: other,
}: {
  customerId: string | null;
  with: "payments" | "emails";
}) {
  if (!customerId) return null;
  return (
    <Link
      href={`/customers/${customerId}`}
      className="mt-1 inline-block text-sm text-indigo-700 underline dark:text-indigo-300"
    >
      The customer’s timeline, with their {other} →
    </Link>
  );
}
