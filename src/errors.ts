// Typed, coded errors. Callers branch on `code` and `retryable`, never on message text.
// Every code is documented in docs/errors.md (a unit test checks both directions).

export const errorCodes = [
  'US_ERR_CONFIG',
  'US_ERR_USAGE',
  'US_ERR_JAVA_MISSING',
  'US_ERR_JAVA_VERSION',
  'US_ERR_MAVEN_MISSING',
  'US_ERR_MAVEN_RESOLVE',
  'US_ERR_PORT_TAKEN',
  'US_ERR_SERVICE_START',
  'US_ERR_SERVICE_NOT_READY',
  'US_ERR_SERVICE_STOP',
  'US_ERR_KAFKA',
  'US_ERR_KAFKA_AUTH',
  'US_ERR_KAFKA_TLS',
  'US_ERR_CASSANDRA',
  'US_ERR_CASSANDRA_AUTH',
  'US_ERR_CASSANDRA_TLS',
  'US_ERR_SOURCE_HTTP',
  'US_ERR_SOURCE_RESPONSE',
  'US_ERR_RECORD_INVALID',
  'US_ERR_SINK_WRITE',
  'US_ERR_VERIFY',
  'US_ERR_TIMEOUT',
  'US_ERR_SPARK_UNREACHABLE',
  'US_ERR_SPARK_QUERY'
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface ErrorOptions {
  /** What to do about it: appended to the one-line message after an em dash. */
  hint?: string
  cause?: unknown
  /** A retry may succeed (network blips, a broker restarting). */
  retryable?: boolean
  /** Extra structured fields, logged with the error. */
  details?: Record<string, unknown>
}

export class UserStreamerError extends Error {
  readonly code: ErrorCode
  readonly hint: string | undefined
  readonly retryable: boolean
  readonly details: Record<string, unknown>

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'UserStreamerError'
    this.code = code
    this.hint = options.hint
    this.retryable = options.retryable ?? false
    this.details = options.details ?? {}
  }

  /** One line: "<message> — <hint>". What the CLI prints. */
  oneLine(): string {
    const text = this.hint ? `${this.message} — ${this.hint}` : this.message
    return text.replace(/\s*\n\s*/g, ' ')
  }
}

export function isUserStreamerError(error: unknown): error is UserStreamerError {
  return error instanceof UserStreamerError
}

/** Exit codes: 2 for bad input (config, usage), 1 for everything else. */
export function exitCodeFor(error: unknown): number {
  if (isUserStreamerError(error) && (error.code === 'US_ERR_CONFIG' || error.code === 'US_ERR_USAGE')) return 2
  return 1
}

export function errorMessage(error: unknown): string {
  if (isUserStreamerError(error)) return error.oneLine()
  if (error instanceof Error) return error.message.replace(/\s*\n\s*/g, ' ')
  return String(error)
}
