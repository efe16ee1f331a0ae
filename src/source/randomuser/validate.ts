// Validation of what the randomuser API v1.4 sends: the envelope (is it JSON at all, or an HTML outage page, or an
// {"error": …} body?) and each result. The result schema accepts every edge case of the notes (§5): Unicode names,
// empty street names, null id.value, string coordinates, unpadded timezone offsets, ".." in emails, LEGO users
// without a country, FI ids like "NaNNA123undefined". It checks types and the formats that are fixed (uuid, hashes,
// dates, offsets), not the per-nationality contents. Secrets (login.password, salt, md5, sha1, sha256) are checked,
// then dropped: they are in neither the validated user nor the raw value of a rejection.
//
// Speed: the zod schema (`randomUserResultSchema`) is the definition and writes the reasons, but costs 6–10 µs per
// user (30–45 ms per 5000, more before the JIT warms up). Valid results therefore go through `fastCheck`, a
// hand-written equivalent built from the same patterns (about 1 µs per user); only what it refuses is parsed by zod,
// which gives the reason (or, should the two ever disagree, the final word). A differential unit test feeds both
// thousands of valid and broken results and requires the same verdict.
import { z } from 'zod'
import {
  FIELDS,
  type Field,
  NATS,
  type PartialSourceUser,
  type RandomUserInfo,
  SECRET_LOGIN_FIELDS,
  type SourceUser
} from './types.ts'

const expected = (what: string) => ({ error: `expected ${what}` })
const text = (what = 'a string') => z.string(expected(what))
const matching = (pattern: RegExp, what: string) => z.string(expected(what)).regex(pattern, expected(what))
const object = <T extends z.core.$ZodLooseShape>(shape: T, what = 'an object') => z.object(shape, expected(what))

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/
/** A decimal within ±90 / ±180 (the API writes 4 places; any number of places is accepted). */
const LATITUDE = /^-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)$/
const LONGITUDE = /^-?(?:180(?:\.0+)?|(?:1[0-7]\d|[1-9]?\d)(?:\.\d+)?)$/
const TZ_OFFSET = /^[+-]?\d{1,2}:\d{2}$/
const EMAIL = /^[^\s@]+@[^\s@]+$/
const URL_LIKE = /^https?:\/\/\S+$/
const MD5 = /^[0-9a-f]{32}$/
const SHA1 = /^[0-9a-f]{40}$/
const SHA256 = /^[0-9a-f]{64}$/
const RESULT_NATS = [...NATS, 'LEGO'] as const
const RESULT_NAT_SET: ReadonlySet<unknown> = new Set(RESULT_NATS)

const POSTCODE = 'a whole number or a non-empty string'
const wholeNumber = (what: string) => z.number(expected(what)).int(expected(what)).min(0, expected(what))

const date = object({
  date: matching(ISO_INSTANT, 'an ISO-8601 UTC date such as 1999-04-06T14:30:29.860Z'),
  age: wholeNumber('a whole number of years ≥ 0')
})

/** The zod schema of one v1.4 result: the definition of a valid result. Its output has no secrets. */
export const randomUserResultSchema = object(
  {
    gender: z.enum(['male', 'female'], expected('"male" or "female"')),
    name: object({ title: text(), first: text(), last: text() }),
    location: object({
      street: object({ number: wholeNumber('a whole number ≥ 0'), name: text() }),
      city: text(),
      state: text(),
      country: text().optional(),
      postcode: z.union(
        [wholeNumber(POSTCODE), z.string(expected(POSTCODE)).min(1, expected(POSTCODE))],
        expected(POSTCODE)
      ),
      coordinates: object({
        latitude: matching(LATITUDE, 'a decimal string within ±90'),
        longitude: matching(LONGITUDE, 'a decimal string within ±180')
      }),
      timezone: object({ offset: matching(TZ_OFFSET, 'an offset such as +5:45, -3:30 or 0:00'), description: text() })
    }),
    email: matching(EMAIL, 'an email address'),
    login: object({
      uuid: matching(UUID, 'a uuid'),
      username: text('a non-empty string').min(1, expected('a non-empty string')),
      password: text(),
      salt: text(),
      md5: matching(MD5, '32 hex characters'),
      sha1: matching(SHA1, '40 hex characters'),
      sha256: matching(SHA256, '64 hex characters')
    }).transform(({ uuid, username }) => ({ uuid, username })),
    dob: date,
    registered: date,
    phone: text(),
    cell: text(),
    id: object({ name: text(), value: z.string(expected('a string or null')).nullable() }),
    picture: object({
      large: matching(URL_LIKE, 'a URL'),
      medium: matching(URL_LIKE, 'a URL'),
      thumbnail: matching(URL_LIKE, 'a URL')
    }),
    nat: z.enum(RESULT_NATS, expected('one of the 21 nationality codes or "LEGO"'))
  },
  'a result object'
)

const resultSchema = randomUserResultSchema

// Compile-time check that the schema's output is exactly a SourceUser (no secrets, no missing field).
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const outputIsSourceUser: Exact<z.output<typeof resultSchema>, SourceUser> = true
void outputIsSourceUser

// ---------------------------------------------------------------------------------------------------------------
// The fast path: the same rules, by hand. Each check returns the field's output value, or BAD.

const BAD = Symbol('bad')
type Bad = typeof BAD
type Rec = Record<string, unknown>

const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value)
const isWhole = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
const isText = (value: unknown): value is string => typeof value === 'string'
const isMatch = (value: unknown, pattern: RegExp): value is string => typeof value === 'string' && pattern.test(value)

function checkDate(value: unknown): SourceUser['dob'] | Bad {
  if (!isRecord(value) || !isMatch(value.date, ISO_INSTANT) || !isWhole(value.age)) return BAD
  return { date: value.date, age: value.age }
}

function checkLocation(value: unknown): SourceUser['location'] | Bad {
  if (!isRecord(value)) return BAD
  const { street, city, state, country, postcode, coordinates: c, timezone: tz } = value
  if (!isRecord(street) || !isWhole(street.number) || !isText(street.name)) return BAD
  if (!isText(city) || !isText(state) || (country !== undefined && !isText(country))) return BAD
  if (!(isWhole(postcode) || (isText(postcode) && postcode !== ''))) return BAD
  if (!isRecord(c) || !isMatch(c.latitude, LATITUDE) || !isMatch(c.longitude, LONGITUDE)) return BAD
  if (!isRecord(tz) || !isMatch(tz.offset, TZ_OFFSET) || !isText(tz.description)) return BAD
  const out: SourceUser['location'] = {
    street: { number: street.number, name: street.name },
    city,
    state,
    postcode,
    coordinates: { latitude: c.latitude, longitude: c.longitude },
    timezone: { offset: tz.offset, description: tz.description }
  }
  if (country !== undefined) out.country = country
  return out
}

const FAST_CHECKS: { readonly [F in Field]: (value: unknown) => SourceUser[F] | Bad } = {
  gender: (v) => (v === 'male' || v === 'female' ? v : BAD),
  name: (v) =>
    isRecord(v) && isText(v.title) && isText(v.first) && isText(v.last)
      ? { title: v.title, first: v.first, last: v.last }
      : BAD,
  location: checkLocation,
  email: (v) => (isMatch(v, EMAIL) ? v : BAD),
  login: (v) =>
    isRecord(v) &&
    isMatch(v.uuid, UUID) &&
    isText(v.username) &&
    v.username !== '' &&
    isText(v.password) &&
    isText(v.salt) &&
    isMatch(v.md5, MD5) &&
    isMatch(v.sha1, SHA1) &&
    isMatch(v.sha256, SHA256)
      ? { uuid: v.uuid, username: v.username }
      : BAD,
  dob: checkDate,
  registered: checkDate,
  phone: (v) => (isText(v) ? v : BAD),
  cell: (v) => (isText(v) ? v : BAD),
  id: (v) =>
    isRecord(v) && isText(v.name) && (v.value === null || isText(v.value)) ? { name: v.name, value: v.value } : BAD,
  picture: (v) =>
    isRecord(v) && isMatch(v.large, URL_LIKE) && isMatch(v.medium, URL_LIKE) && isMatch(v.thumbnail, URL_LIKE)
      ? { large: v.large, medium: v.medium, thumbnail: v.thumbnail }
      : BAD,
  nat: (v) => (RESULT_NAT_SET.has(v) ? (v as SourceUser['nat']) : BAD)
}

/** The fast path for the given fields (canonical order): the validated user, or undefined to ask zod. */
export function fastCheck(raw: unknown, fields: readonly Field[] = FIELDS): PartialSourceUser | undefined {
  if (!isRecord(raw)) return undefined
  const out: Rec = {}
  for (const field of fields) {
    const value = FAST_CHECKS[field](raw[field])
    if (value === BAD) return undefined
    out[field] = value
  }
  return out as PartialSourceUser
}

export type ValidationResult<U = SourceUser> = { ok: true; user: U } | { ok: false; reason: string; raw: unknown }

const SECRET_PATHS = new Set(SECRET_LOGIN_FIELDS.map((field) => `login.${field}`))

function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`
  return out
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[key]
  }
  return node
}

/** A short description of a value for a message; secrets are described, never shown. */
export function describeValue(value: unknown, secret = false): string {
  if (value === undefined) return 'nothing (the key is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') {
    if (secret) return `a string of ${value.length} characters`
    const shown = JSON.stringify(value)
    return shown.length > 42 ? `${shown.slice(0, 40)}…"` : shown
  }
  if (secret) return `a ${typeof value}`
  return String(value)
}

function reasonOf(error: z.ZodError, raw: unknown): string {
  const issue = error.issues[0]
  if (!issue) return 'invalid result'
  const path = formatPath(issue.path)
  const value = valueAt(raw, issue.path)
  const more = error.issues.length > 1 ? ` (+${error.issues.length - 1} more)` : ''
  return `${path || 'result'}: ${issue.message}, got ${describeValue(value, SECRET_PATHS.has(path))}${more}`
}

/** A copy of a raw result with the login secrets removed (for rejections, logs and DLQs). */
export function redactResult(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw
  const record = raw as Record<string, unknown>
  const login = record.login
  if (login === null || typeof login !== 'object' || Array.isArray(login)) return raw
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(login)) {
    if (!(SECRET_LOGIN_FIELDS as readonly string[]).includes(key)) kept[key] = value
  }
  return { ...record, login: kept }
}

/** Cross-field rule: only LEGO users have no country. */
function countryProblem(user: PartialSourceUser): string | undefined {
  if (!user.location || user.nat === undefined) return undefined
  if (user.nat !== 'LEGO' && user.location.country === undefined) {
    return `location.country: expected a country name for nat ${user.nat} (only LEGO users have none), got nothing`
  }
  return undefined
}

/** Validates one v1.4 result with every field; the reason is one line naming the path and the problem. */
export function validateResult(raw: unknown): ValidationResult<SourceUser> {
  let user = fastCheck(raw) as SourceUser | undefined
  if (!user) {
    const parsed = resultSchema.safeParse(raw)
    if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error, raw), raw: redactResult(raw) }
    user = parsed.data
  }
  const problem = countryProblem(user)
  if (problem) return { ok: false, reason: problem, raw: redactResult(raw) }
  return { ok: true, user }
}

const partialSchemas = new Map<string, z.ZodType<PartialSourceUser>>()

function partialSchema(fields: readonly Field[]): z.ZodType<PartialSourceUser> {
  const key = fields.join(',')
  let schema = partialSchemas.get(key)
  if (!schema) {
    const mask: Partial<Record<Field, true>> = {}
    for (const field of fields) mask[field] = true
    schema = resultSchema.pick(mask) as unknown as z.ZodType<PartialSourceUser>
    partialSchemas.set(key, schema)
  }
  return schema
}

/**
 * Validates a result fetched with inc/exc: each field in `fields` (see resolveFields) must be present and valid;
 * other top-level keys are dropped.
 */
export function validatePartialResult(raw: unknown, fields: readonly Field[]): ValidationResult<PartialSourceUser> {
  if (fields.length === FIELDS.length) return validateResult(raw)
  let user = fastCheck(raw, fields)
  if (!user) {
    const parsed = partialSchema(fields).safeParse(raw)
    if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error, raw), raw: redactResult(raw) }
    user = parsed.data
  }
  const problem = countryProblem(user)
  if (problem) return { ok: false, reason: problem, raw: redactResult(raw) }
  return { ok: true, user }
}

// ---------------------------------------------------------------------------------------------------------------
// The envelope.

export type EnvelopeProblem =
  /** An HTML page (the live site's 502/504 gateway pages). */
  | 'html'
  /** Not JSON: truncated, empty or garbage. */
  | 'not-json'
  /** `{"error": "…"}`: the API's own error object (rate limit, "Uh oh, something has gone wrong"). */
  | 'api-error'
  /** JSON of the wrong shape. */
  | 'wrong-shape'
  /** `results` shorter than `info.results`: seen on the live site during outages (`results: []`). */
  | 'incomplete'

export type EnvelopeCheck =
  | { ok: true; results: unknown[]; info: RandomUserInfo | undefined }
  | { ok: false; problem: EnvelopeProblem; reason: string }

function htmlTitle(body: string): string | undefined {
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(body.slice(0, 4096))
  const title = match?.[1]?.trim().replace(/\s+/g, ' ')
  return title ? title.slice(0, 80) : undefined
}

function sizeOf(body: string): string {
  const bytes = Buffer.byteLength(body)
  return bytes >= 1_000_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : bytes >= 1000
      ? `${(bytes / 1000).toFixed(1)} kB`
      : `${bytes} bytes`
}

function checkInfo(info: unknown): string | undefined {
  if (info === null || typeof info !== 'object' || Array.isArray(info))
    return `info: expected an object, got ${describeValue(info)}`
  const record = info as Record<string, unknown>
  if (typeof record.seed !== 'string') return `info.seed: expected a string, got ${describeValue(record.seed)}`
  if (!Number.isInteger(record.results))
    return `info.results: expected a whole number, got ${describeValue(record.results)}`
  if (typeof record.page !== 'number') return `info.page: expected a number, got ${describeValue(record.page)}`
  if (typeof record.version !== 'string') return `info.version: expected a string, got ${describeValue(record.version)}`
  return undefined
}

/**
 * Parses and checks a response body: JSON, an object with a `results` array and (unless noinfo) an `info` block
 * whose `results` matches the array. `contentType` helps recognise HTML pages.
 */
export function parseEnvelope(body: string, contentType = ''): EnvelopeCheck {
  const start = body.trimStart()
  if (/html/i.test(contentType) || /^<(?:!doctype|html|head|body|\?xml)/i.test(start)) {
    const title = htmlTitle(body)
    return {
      ok: false,
      problem: 'html',
      reason: `expected JSON, got an HTML page${title ? ` ("${title}")` : ''} of ${sizeOf(body)}`
    }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch (error) {
    if (start === '') return { ok: false, problem: 'not-json', reason: 'expected JSON, got an empty body' }
    const detail = error instanceof Error ? error.message : String(error)
    const end = JSON.stringify(body.slice(-24))
    return {
      ok: false,
      problem: 'not-json',
      reason: `expected JSON, got ${sizeOf(body)} that do not parse (${detail}; ends with ${end}): truncated?`
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return {
      ok: false,
      problem: 'wrong-shape',
      reason: `expected a JSON object with "results", got ${describeValue(parsed)}`
    }
  }
  const envelope = parsed as Record<string, unknown>
  if (envelope.results === undefined && envelope.error !== undefined) {
    return {
      ok: false,
      problem: 'api-error',
      reason: `the API answered with an error: ${describeValue(envelope.error)}`
    }
  }
  if (!Array.isArray(envelope.results)) {
    return {
      ok: false,
      problem: 'wrong-shape',
      reason: `results: expected an array, got ${describeValue(envelope.results)}`
    }
  }
  const results: unknown[] = envelope.results
  if (envelope.info === undefined) return { ok: true, results, info: undefined }
  const infoProblem = checkInfo(envelope.info)
  if (infoProblem) return { ok: false, problem: 'wrong-shape', reason: infoProblem }
  const info = envelope.info as RandomUserInfo
  if (results.length !== info.results) {
    return {
      ok: false,
      problem: 'incomplete',
      reason: `results holds ${results.length} users but info.results says ${info.results}`
    }
  }
  return { ok: true, results, info: { seed: info.seed, results: info.results, page: info.page, version: info.version } }
}
