// Query parameters of API v1.4 as the real server sanitises them (notes §2): invalid values never cause an error,
// they fall back to defaults. Shared by the built-in server (parse) and the client (which fields to expect).
import { FIELDS, type Field, type Gender, NATS, type Nat } from './types.ts'

export const MAX_RESULTS = 5000
export const MAX_PAGE = 10000

const natSet: ReadonlySet<string> = new Set(NATS)
const fieldSet: ReadonlySet<string> = new Set(FIELDS)

export function isNat(value: string): value is Nat {
  return natSet.has(value)
}

function commaItems(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return []
  const parts = typeof value === 'string' ? value.split(',') : value.flatMap((item) => item.split(','))
  return parts.map((item) => item.trim().toLowerCase()).filter((item) => item !== '')
}

/**
 * The top-level fields a result carries for these inc/exc lists, in canonical order: inc (all when empty) minus
 * exc; items are trimmed and lower-cased, unknown names ignored. `[]` when inc names only unknown fields.
 */
export function resolveFields(inc?: string | readonly string[], exc?: string | readonly string[]): Field[] {
  const incItems = commaItems(inc)
  const excluded = new Set(commaItems(exc))
  const included = incItems.length === 0 ? fieldSet : new Set(incItems)
  return FIELDS.filter((field) => included.has(field) && !excluded.has(field))
}

/** `results`: a whole number 1..5000 (JavaScript number parsing), anything else is 1, not clamped. */
export function sanitizeResults(value: string | undefined): number {
  if (value === undefined) return 1
  const n = Number(value)
  return Number.isInteger(n) && n >= 1 && n <= MAX_RESULTS ? n : 1
}

/** `page`: a number in 1..10000, fractions kept; 0, NaN and out-of-range values are 1. */
export function sanitizePage(value: string | undefined): number {
  if (value === undefined) return 1
  const n = Number(value)
  if (!n || n < 0 || n > MAX_PAGE) return 1
  return n
}

export type NatParse = { ok: true; nats: Nat[] } | { ok: false; reason: string }

/**
 * `nat` (or `nationality`): split on commas, empty items dropped, upper-cased, not trimmed. One unknown item drops
 * the whole list (random nats). A value that is only commas is an error (the real generator crashes on it).
 */
export function parseNat(value: string | undefined): NatParse {
  if (value === undefined || value === '') return { ok: true, nats: [] }
  const items = value
    .split(',')
    .filter((item) => item !== '')
    .map((item) => item.toUpperCase())
  if (items.length === 0) return { ok: false, reason: `nat=${value}: no nationality left after splitting on commas` }
  return { ok: true, nats: items.every(isNat) ? (items as Nat[]) : [] }
}

export type Format = 'json' | 'pretty'

/** A parsed query of the built-in server. */
export interface ApiQuery {
  results: number
  page: number
  /** '' when absent or empty (a random seed is then made). */
  seed: string
  /** Empty for all 21. */
  nat: Nat[]
  gender: Gender | undefined
  lego: boolean
  fields: Field[]
  noinfo: boolean
  format: Format
  /** JSONP callback name, copied unescaped like the real API. */
  callback: string | undefined
  download: boolean
  password: string | undefined
}

export type QueryParse = { ok: true; query: ApiQuery } | { ok: false; reason: string }

/**
 * Values of a parameter the way Express's qs parser sees it: `a=1&a=2` and `a[]=1` both make arrays.
 * The API keeps the last element of an array.
 */
function values(params: URLSearchParams, name: string): string[] {
  return [...params.getAll(name), ...params.getAll(`${name}[]`)]
}

function last(params: URLSearchParams, name: string): string | undefined {
  return values(params, name).at(-1)
}

export function parseQuery(params: URLSearchParams): QueryParse {
  const resultValues = values(params, 'results')
  // A repeated results=5&results=7 is an array, which is invalid as a whole; a single-element results[]=5 is 5.
  const results = resultValues.length === 1 ? sanitizeResults(resultValues[0]) : 1
  const natValue = last(params, 'nat') || last(params, 'nationality')
  const nat = parseNat(natValue)
  if (!nat.ok) return nat
  const gender = last(params, 'gender')
  const lego = params.has('lego') && last(params, 'lego') !== 'false'
  const format = (last(params, 'format') ?? last(params, 'fmt') ?? 'json').toLowerCase()
  const callback = last(params, 'callback')
  return {
    ok: true,
    query: {
      results,
      page: sanitizePage(last(params, 'page')),
      seed: last(params, 'seed') ?? '',
      nat: nat.nats,
      gender: gender === 'male' || gender === 'female' ? gender : undefined,
      lego,
      fields: resolveFields(last(params, 'inc'), last(params, 'exc')),
      // The real code tests `lego` where it means `noinfo`: noinfo with lego=false keeps the info block.
      noinfo: params.has('noinfo') && last(params, 'lego') !== 'false',
      format: format === 'pretty' || format === 'prettyjson' ? 'pretty' : 'json',
      callback,
      download: params.has('dl') || params.has('download'),
      password: last(params, 'password')
    }
  }
}
