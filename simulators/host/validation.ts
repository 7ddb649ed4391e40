import type { z } from "zod";

/** One line per problem, "field: message", for error bodies a person reads in a test failure. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
    )
    .join("; ");
}
