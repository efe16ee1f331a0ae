// HTTP client of the randomuser API v1.4: one call fetches one page of users, validates every result and returns
// the valid users (without secrets) and the rejected ones (never thrown). Transient failures are retried:
//
// - retried: network errors and resets, timeouts (headers and body), 5xx, 429, and 200 responses whose body is not
//   usable (truncated or non-JSON, an HTML page, an {"error": …} object, `results` shorter than `info.results`: the
//   live site serves such bodies during outages);
// - not retried: other 4xx (a wrong source.url, for example) and the caller's abort.
//
// Delays: exponential backoff with full jitter, random in [0, min(backoffMaxMs, backoffMs · 2^(retry−1))]. A
// Retry-After header (seconds or an HTTP date) on 429/503 is honoured instead, capped at max(backoffMaxMs,
// retryAfterCapMs = 5 min): five minutes is the real API's rate-limit window, so no longer wait can be useful, and
// a shorter cap than the server asks for would only spend retries on more 429s.
//
// All requests of one client, retries included, share one rate limit: at most `requestsPerSecond`, as a minimum
// interval between request starts (no bursts).
import { setTimeout as sleep } from 'node:timers/promises'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import type { Logger } from '../../observability/logger.ts'
import { isNat, resolveFields } from './params.ts'
import {
  FIELDS,
  type Field,
  type Gender,
  type PartialSourceUser,
  type RandomUserInfo,
  type SourceUser
} from './types.ts'
import { parseEnvelope, validatePartialResult, validateResult } from './validate.ts'

export type SourceEvent =
  /** One HTTP attempt ended. status 0: no HTTP response (network error, reset, timeout). */
  | { type: 'request'; status: number; ms: number; attempt: number; error?: string }
  /** A retry is scheduled after `delayMs`; `attempt` is the attempt that failed. */
  | { type: 'retry'; reason: string; delayMs: number; attempt: number }
  /** A result failed validation and went to `rejected`. */
  | { type: 'rejected'; reason: string }

export interface RandomuserClientOptions {
  /** The API endpoint, e.g. https://randomuser.me/api/ (or …/api/1.4/). Its own query parameters are kept. */
  url: string
  /** Timeout of one attempt, response body included. */
  timeoutMs: number
  /** Retries after the first attempt. */
  retries: number
  backoffMs: number
  backoffMaxMs: number
  requestsPerSecond: number
  logger: Logger
  onEvent?: (event: SourceEvent) => void
  /** Largest Retry-After honoured (it is also never capped below backoffMaxMs). @defaultValue 300000 */
  retryAfterCapMs?: number
  /** Random source of the jitter, for tests. @defaultValue Math.random */
  random?: () => number
}

export interface FetchParams {
  /** 1..5000. */
  results: number
  page?: number
  /** The real API ignores `gender` whenever a seed is given; both are sent anyway. */
  seed?: string
  nat?: readonly string[]
  gender?: Gender
  inc?: readonly string[]
  exc?: readonly string[]
}

export interface RejectedResult {
  /** Position in the response's `results`. */
  index: number
  reason: string
  /** The result as received, without login secrets. */
  raw: unknown
}

export interface FetchedBatch<U = SourceUser> {
  users: U[]
  rejected: RejectedResult[]
  info: RandomUserInfo
  /** HTTP attempts made (1 when the first succeeded). */
  attempts: number
  url: string
}

/** Full users, unless the params type has inc or exc (which may narrow the fields). */
export type UserOf<P extends FetchParams> = 'inc' extends keyof P
  ? PartialSourceUser
  : 'exc' extends keyof P
    ? PartialSourceUser
    : SourceUser

export interface RandomuserClient {
  fetchBatch<P extends FetchParams>(params: P, signal?: AbortSignal): Promise<FetchedBatch<UserOf<P>>>
}

const MAX_RESULTS = 5000
const DEFAULT_RETRY_AFTER_CAP_MS = 300_000

/** Why an attempt failed, and whether another one may help. */
class AttemptError extends UserStreamerError {
  readonly status: number
  readonly retryAfterMs: number | undefined

  constructor(
    code: 'US_ERR_SOURCE_HTTP' | 'US_ERR_SOURCE_RESPONSE',
    message: string,
    options: { status: number; retryable: boolean; retryAfterMs?: number | undefined; cause?: unknown }
  ) {
    super(code, message, { retryable: options.retryable, cause: options.cause, details: { status: options.status } })
    this.status = options.status
    this.retryAfterMs = options.retryAfterMs
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** The request URL for these params on top of the configured endpoint. */
export function buildUrl(base: string, params: FetchParams): URL {
  const url = new URL(base)
  url.searchParams.set('results', String(params.results))
  if (params.page !== undefined) url.searchParams.set('page', String(params.page))
  if (params.seed !== undefined && params.seed !== '') url.searchParams.set('seed', params.seed)
  if (params.nat && params.nat.length > 0) url.searchParams.set('nat', params.nat.join(','))
  if (params.gender) url.searchParams.set('gender', params.gender)
  if (params.inc && params.inc.length > 0) url.searchParams.set('inc', params.inc.join(','))
  if (params.exc && params.exc.length > 0) url.searchParams.set('exc', params.exc.join(','))
  return url
}

function statusText(status: number): string {
  return status === 0 ? 'no response' : `HTTP ${status}`
}

function networkMessage(error: unknown): string {
  // undici wraps the socket error: "fetch failed" with cause ECONNREFUSED / "other side closed" / …
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : undefined
  const detail = cause
    ? `${cause.message}${code && !cause.message.includes(code) ? ` (${code})` : ''}`
    : errorMessage(error)
  return detail
}

export function createRandomuserClient(options: RandomuserClientOptions): RandomuserClient {
  const log = options.logger.child({ component: 'randomuser-client' })
  const random = options.random ?? Math.random
  const retryAfterCapMs = Math.max(options.backoffMaxMs, options.retryAfterCapMs ?? DEFAULT_RETRY_AFTER_CAP_MS)
  const intervalMs = 1000 / options.requestsPerSecond
  let nextSlot = 0
  const warnedNats = new Set<string>()
  if (!URL.canParse(options.url)) {
    throw new UserStreamerError(
      'US_ERR_CONFIG',
      `source.url: expected an http(s) URL, got ${JSON.stringify(options.url)}`,
      {
        hint: 'e.g. https://randomuser.me/api/ or the URL printed by `user-streamer serve-randomuser`'
      }
    )
  }

  /** Sleeps; on abort, rejects with the signal's reason (not a generic AbortError). */
  const pause = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
    if (ms <= 0) return
    try {
      await sleep(ms, undefined, signal ? { signal } : {})
    } catch (error) {
      throw signal?.aborted ? signal.reason : error
    }
  }

  /** Waits for this request's slot: slots are handed out in call order, `intervalMs` apart. */
  const acquireSlot = async (signal: AbortSignal | undefined): Promise<void> => {
    const now = performance.now()
    const at = Math.max(now, nextSlot)
    nextSlot = at + intervalMs
    await pause(at - now, signal)
  }

  const emit = (event: SourceEvent): void => {
    try {
      options.onEvent?.(event)
    } catch (error) {
      log.warn({ err: errorMessage(error) }, 'onEvent threw')
    }
  }

  /** One HTTP attempt: the parsed results and info, or an AttemptError. */
  const attemptOnce = async (
    url: URL,
    attempt: number,
    signal: AbortSignal | undefined
  ): Promise<{ results: unknown[]; info: RandomUserInfo }> => {
    const timeout = AbortSignal.timeout(options.timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout
    const started = performance.now()
    let status = 0
    let reported = false
    try {
      const response = await fetch(url, { signal: combined, headers: { accept: 'application/json' } })
      status = response.status
      const body = await response.text()
      const ms = Math.round(performance.now() - started)
      reported = true
      emit({ type: 'request', status, ms, attempt })
      log.debug({ url: url.href, status, ms, attempt, bytes: body.length }, 'randomuser response')
      if (!response.ok) {
        const retryable = status === 429 || status >= 500
        const retryAfterMs =
          status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined
        const check = parseEnvelope(body, response.headers.get('content-type') ?? '')
        const detail =
          !check.ok && check.problem === 'api-error'
            ? `: ${check.reason.replace(/^the API answered with an error: /, '')}`
            : ''
        throw new AttemptError('US_ERR_SOURCE_HTTP', `${statusText(status)}${detail}`, {
          status,
          retryable,
          retryAfterMs
        })
      }
      const check = parseEnvelope(body, response.headers.get('content-type') ?? '')
      if (!check.ok)
        throw new AttemptError('US_ERR_SOURCE_RESPONSE', `HTTP 200 with an unusable body: ${check.reason}`, {
          status,
          retryable: true
        })
      if (!check.info) {
        throw new AttemptError(
          'US_ERR_SOURCE_RESPONSE',
          'HTTP 200 without the "info" block (was noinfo added to source.url?)',
          { status, retryable: false }
        )
      }
      return { results: check.results, info: check.info }
    } catch (error) {
      if (error instanceof AttemptError) throw error
      if (signal?.aborted) throw signal.reason
      const ms = Math.round(performance.now() - started)
      const timedOut = timeout.aborted
      const message = timedOut
        ? `timed out after ${options.timeoutMs} ms${status ? ` reading the body of an HTTP ${status} response` : ''}`
        : `${status ? `HTTP ${status}, then the body failed` : 'network error'}: ${networkMessage(error)}`
      if (!reported) emit({ type: 'request', status, ms, attempt, error: message })
      throw new AttemptError('US_ERR_SOURCE_HTTP', message, { status, retryable: true, cause: error })
    }
  }

  const fetchBatch = async <P extends FetchParams>(
    params: P,
    signal?: AbortSignal
  ): Promise<FetchedBatch<UserOf<P>>> => {
    if (!Number.isInteger(params.results) || params.results < 1 || params.results > MAX_RESULTS) {
      // The API would silently answer with 1 user.
      throw new UserStreamerError(
        'US_ERR_USAGE',
        `results: expected a whole number 1..${MAX_RESULTS}, got ${params.results}`,
        {
          hint: `lower source.batchSize to at most ${MAX_RESULTS}`
        }
      )
    }
    for (const nat of params.nat ?? []) {
      if (!isNat(nat.toUpperCase()) && !warnedNats.has(nat)) {
        warnedNats.add(nat)
        log.warn({ nat }, 'unknown nationality: the API then ignores the whole nat list and picks any nationality')
      }
    }
    const url = buildUrl(options.url, params)
    const fields: readonly Field[] =
      params.inc || params.exc ? resolveFields(params.inc ?? [], params.exc ?? []) : FIELDS
    const errors: AttemptError[] = []
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted()
      await acquireSlot(signal)
      try {
        const { results, info } = await attemptOnce(url, attempt, signal)
        return { ...validateAll(results, fields), info, attempts: attempt, url: url.href } as FetchedBatch<UserOf<P>>
      } catch (error) {
        if (!(error instanceof AttemptError)) throw error
        errors.push(error)
        if (!error.retryable || attempt > options.retries) throw finalError(url, errors, attempt)
        const ceiling = Math.min(options.backoffMaxMs, options.backoffMs * 2 ** (attempt - 1))
        const delayMs =
          error.retryAfterMs !== undefined
            ? Math.min(error.retryAfterMs, retryAfterCapMs)
            : Math.round(random() * ceiling)
        emit({ type: 'retry', reason: error.message, delayMs, attempt })
        log.warn({ url: url.href, attempt, delayMs, reason: error.message }, 'randomuser request failed; retrying')
        await pause(delayMs, signal)
      }
    }
  }

  const validateAll = (
    results: unknown[],
    fields: readonly Field[]
  ): { users: PartialSourceUser[]; rejected: RejectedResult[] } => {
    const users: PartialSourceUser[] = []
    const rejected: RejectedResult[] = []
    const full = fields.length === FIELDS.length
    for (let index = 0; index < results.length; index++) {
      const check = full ? validateResult(results[index]) : validatePartialResult(results[index], fields)
      if (check.ok) {
        users.push(check.user)
      } else {
        rejected.push({ index, reason: check.reason, raw: check.raw })
        emit({ type: 'rejected', reason: check.reason })
        log.debug({ index, reason: check.reason }, 'rejected an invalid result')
      }
    }
    if (rejected.length > 0) {
      log.warn(
        { rejected: rejected.length, of: results.length, first: rejected[0]?.reason },
        'invalid results quarantined'
      )
    }
    return { users, rejected }
  }

  const finalError = (url: URL, errors: AttemptError[], attempts: number): UserStreamerError => {
    const last = errors.at(-1) as AttemptError
    const code = last.code === 'US_ERR_SOURCE_RESPONSE' ? 'US_ERR_SOURCE_RESPONSE' : 'US_ERR_SOURCE_HTTP'
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`
    let hint: string
    if (!last.retryable && last.status >= 400 && last.status < 500) {
      hint =
        'not retried: check source.url (expected the API endpoint, e.g. https://randomuser.me/api/ or http://127.0.0.1:3100/api/)'
    } else if (last.status === 429) {
      hint =
        'the API rate-limits to 20,000 users per 5 minutes: lower source.requestsPerSecond or source.batchSize, or use the built-in server (user-streamer serve-randomuser)'
    } else if (!last.retryable) {
      hint = 'not retried: check source.url'
    } else {
      hint =
        'the API is down or overloaded: retry later, raise source.retries / source.timeoutMs, or use the built-in server (user-streamer serve-randomuser)'
    }
    return new UserStreamerError(code, `GET ${url.href} failed after ${tries} (last: ${last.message})`, {
      hint,
      retryable: last.retryable,
      cause: new AggregateError(errors, `${errors.length} failed attempt(s)`),
      details: { url: url.href, attempts, lastStatus: last.status, errors: errors.map((error) => error.message) }
    })
  }

  return { fetchBatch }
}
