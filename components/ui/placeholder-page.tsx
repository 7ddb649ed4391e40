import { ComingSoon } from "./coming-soon";
import { PageHeader } from "./page-header";

/** A page a later issue fills in: its purpose, and what it will show, with no invented data. */
export function PlaceholderPage({
  title,
  description,
  items,
}: {
  title: string;
  description: string;
  items: string[];
}) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <ComingSoon items={items} />
    </>
  );
}
