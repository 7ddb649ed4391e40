/**
 * The one error type that crosses layers. `code` is for programs, `userMessage` is safe to
 * show in the browser, and `cause` keeps the internal detail for logs only.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  PROVIDER_ERROR: 502,
  PROVIDER_UNAVAILABLE: 503,
  BUSY: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Next.js compiles instrumentation (which runs the job runner) and the route handlers as separate
 * bundles, each with its own copy of every module, while the integration core and the provider
 * modules are shared between them through globalThis. An error made from one bundle's class then
 * fails `instanceof` in the other, and a provider's 503 became a 500. So each error class marks
 * its instances with a registered symbol, the same in every bundle, and the guards check the mark.
 */
export function markError(error: Error, kind: string): void {
  Object.defineProperty(error, Symbol.for(`integrations-console.${kind}`), { value: true });
}

export function hasErrorMark(error: unknown, kind: string): boolean {
  return error instanceof Error && Symbol.for(`integrations-console.${kind}`) in error;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    userMessage: string,
    options: {
      cause?: unknown;
      fieldErrors?: Record<string, string[]>;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(userMessage, { cause: options.cause });
    this.name = "AppError";
    markError(this, "AppError");
    this.code = code;
    this.userMessage = userMessage;
    this.fieldErrors = options.fieldErrors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || hasErrorMark(error, "AppError");
}

/**
 * Prisma's "could not start the transaction in time" (P2028) and "no connection from the pool in
 * time" (P2024): the request was never wrong, only queued too long, so it may be tried again.
 */
function isDatabaseBusy(error: unknown): boolean {
  return (
    error instanceof Error && "code" in error && (error.code === "P2028" || error.code === "P2024")
  );
}

/** The only shape errors take on their way to a browser or API client. */
export interface ErrorBody {
  success: false;
  error: { code: ErrorCode; message: string; fieldErrors?: Record<string, string[]> };
}

export function toErrorBody(error: unknown): {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  const appError = isAppError(error)
    ? error
    : isDatabaseBusy(error)
      ? new AppError("BUSY", "The console is busy right now. Try again in a few seconds.", {
          cause: error,
          retryAfterSeconds: 5,
        })
      : new AppError("INTERNAL", "Something went wrong on our side. The error has been logged.", {
          cause: error,
        });
  const headers: Record<string, string> = {};
  if (appError.retryAfterSeconds !== undefined)
    headers["Retry-After"] = String(appError.retryAfterSeconds);
  return {
    status: appError.status,
    headers,
    body: {
      success: false,
      error: {
        code: appError.code,
        message: appError.userMessage,
        fieldErrors: appError.fieldErrors,
      },
    },
  };
}
