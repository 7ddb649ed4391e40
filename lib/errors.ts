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
  TIMEOUT: 504,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

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
  return error instanceof AppError;
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
