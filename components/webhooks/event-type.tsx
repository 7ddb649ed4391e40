import { Fragment } from "react";

/**
 * An event type with line-break opportunities after its dots and underscores, so a long one
 * (up to 200 characters) wraps between its words instead of mid-word or off the page.
 */
export function EventTypeText({ type }: { type: string }) {
  const parts = type.split(/(?<=[._])/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 ? <wbr /> : null}
        </Fragment>
      ))}
    </>
  );
}
