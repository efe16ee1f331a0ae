// Deterministic generator of randomuser.me API v1.4 results (notes §2.3, §3). Same seed + page + nat (+ lego,
// password) gives byte-identical users, apart from dob.age / registered.age, which depend on the clock (injectable).
//
// How a page is derived, like the real API: the seed string (16 random hex characters when none is given), with the
// page number appended when page ≠ 1 (so seed=abc&page=2 equals seed=abc2), is hashed with MD5 into a 128-bit key.
// Unlike the real API, every user then has its own small PRNG (sfc32) keyed by (key, index): user i never depends
// on users before it or on inc/exc, a larger `results` extends a smaller one, and `login.uuid` is the first draw of
// the user's stream, so it depends on (seed, page, index) only and re-fetching a page yields the same uuids.
//
// Hashes are real: md5/sha1/sha256 of password + salt with node:crypto's one-shot `hash()` (about 1.4 µs per user
// for all three, a few percent of the budget at 50,000 users/s), so downstream code sees realistic secrets.
import { hash, randomBytes } from 'node:crypto'
import { UserStreamerError } from '../../errors.ts'
import {
  CH_FEMALE_TITLES,
  COMMON_PASSWORDS,
  FEMALE_TITLES,
  LEGO_WORDS,
  NAT_WORDS,
  type NatWords,
  TIMEZONES,
  USER_ADJECTIVES,
  USER_ANIMALS
} from './data.ts'
import {
  COUNTRIES,
  FIELDS,
  type Field,
  type Gender,
  NATS,
  type Nat,
  type PartialRandomUserResult,
  type RandomUserId,
  type RandomUserInfo,
  type RandomUserResult,
  type ResultNat
} from './types.ts'

// ---------------------------------------------------------------------------------------------------------------
// PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, 128-bit state), seeded per user.

const U32 = 2 ** -32

export class Rng {
  a: number
  b: number
  c: number
  d: number

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0
    this.b = b >>> 0
    this.c = c >>> 0
    this.d = d >>> 0
    for (let i = 0; i < 12; i++) this.u32()
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.u32() * U32 * (max - min + 1))
  }

  /** Uniform float in [0, 1) with 53 bits. */
  double(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.u32() * U32 * list.length)] as T
  }

  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += DIGITS[Math.floor(this.u32() * U32 * 10)]
    return out
  }

  /** `#` = a digit, `@` = a letter A–Z; anything else is copied. */
  pattern(format: string): string {
    let out = ''
    for (let i = 0; i < format.length; i++) {
      const ch = format.charCodeAt(i)
      if (ch === 35) out += DIGITS[Math.floor(this.u32() * U32 * 10)]
      else if (ch === 64) out += UPPER[Math.floor(this.u32() * U32 * 26)]
      else out += format[i]
    }
    return out
  }
}

const DIGITS = '0123456789'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The 128-bit page key: MD5 of the seed string (with the page appended when ≠ 1), as 4 words. */
export function pageKey(seed: string, page: number): [number, number, number, number] {
  const digest = hash('md5', page === 1 ? seed : `${seed}${page}`, 'buffer')
  return [digest.readUInt32BE(0), digest.readUInt32BE(4), digest.readUInt32BE(8), digest.readUInt32BE(12)]
}

function userRng(key: readonly [number, number, number, number], index: number): Rng {
  const h = fmix32((index + 0x9e3779b9) ^ 0x5bd1e995)
  return new Rng(
    fmix32(key[0] ^ h),
    fmix32((key[1] + h) | 0),
    fmix32(key[2] ^ ((h << 13) | (h >>> 19))),
    key[3] ^ index
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Per-nationality formats (notes §3.3).

interface IdContext {
  gender: Gender
  dob: Date
  last: string
}

interface NatFormat {
  phone(rng: Rng): string
  cell(rng: Rng): string
  id(rng: Rng, ctx: IdContext): RandomUserId
  postcode(rng: Rng): number | string
}

const fivePostcode = (rng: Rng): number => rng.int(10000, 99999)
const same = (phone: (rng: Rng) => string) => ({ phone, cell: phone })
const noId = (): RandomUserId => ({ name: '', value: null })
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))
/** Years since 1900: 2 digits, 3 for 2000–2001 births (notes §3.3). */
const years1900 = (year: number): string => pad2(year - 1900)

const DE_AREAS =
  '02|03|04|08|09|10|11|12|13|14|15|16|17|18|19|20|21|23|24|25|26|28|29|38|39|40|42|43|44|45|46|47|48|49|50|51|52|53|54|55|56|57|58|59|60|61|62|63|64|65|66|67|68|69|70|71|72|73|74|75|76|77|78|79|80|81|82|89'.split(
    '|'
  )
const GB_POSTCODES = ['@# #LL', '@@# #LL', '@## #LL', '@@## #LL', '@@#@ #LL', '@#@ #LL']
const GB_POST_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ']
const GB_PHONES = [
  '01### #####',
  '01### ######',
  '011#### ### ####',
  '01#1 ### ####',
  '02# #### ####',
  'fixed',
  '016977 ####'
]
const GB_FIXED = '013873|015242|015394|015395|015396|016973|016974|016977|017683|017684|017687|019467'.split('|')
const NINO_FIRST = [...'ABCEGHJKLMNOPRSTWXYZ']
const NINO_SECOND = [...'ABCEGHJKLMNPRSTWXYZ']

function luhnCheck(body: string): number {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

function usSsn(rng: Rng): string {
  for (;;) {
    const area = rng.int(1, 899)
    if (area === 666) continue
    const group = rng.int(1, 99)
    const serial = rng.int(1, 9999)
    const value = `${String(area).padStart(3, '0')}-${pad2(group)}-${String(serial).padStart(4, '0')}`
    if (value !== '219-09-9999' && value !== '078-05-1120') return value
  }
}

function norwegianFn(rng: Rng, ctx: IdContext): string {
  const d = ctx.dob
  const year = d.getUTCFullYear()
  const date = `${pad2(d.getUTCDate())}${pad2(d.getUTCMonth() + 1)}${pad2(year % 100)}`
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
  const check = (digits: string, weights: number[]): number => {
    let sum = 0
    for (let i = 0; i < weights.length; i++) sum += (digits.charCodeAt(i) - 48) * (weights[i] as number)
    const k = 11 - (sum % 11)
    return k === 11 ? 0 : k
  }
  for (;;) {
    let individual = year >= 2000 ? rng.int(500, 999) : rng.int(0, 499)
    // Odd for males, even for females.
    if ((individual % 2 === 1) !== (ctx.gender === 'male'))
      individual = individual % 2 ? individual - 1 : individual + 1
    const nine = date + String(individual).padStart(3, '0')
    const k1 = check(nine, w1)
    if (k1 === 10) continue
    const k2 = check(nine + k1, w2)
    if (k2 === 10 || k2 === 0) continue
    return `${nine}${k1}${k2}`
  }
}

function ppsCheck(digits: string): string {
  let sum = 0
  for (let i = 0; i < 7; i++) sum += (digits.charCodeAt(i) - 48) * (8 - i)
  const r = sum % 23
  return r === 0 ? 'W' : (UPPER[r - 1] as string)
}

const NAT_FORMATS: Readonly<Record<Nat, NatFormat>> = {
  AU: {
    phone: (r) => r.pattern('0#-####-####'),
    cell: (r) => r.pattern('04##-###-###'),
    id: (r) => ({ name: 'TFN', value: r.digits(9) }),
    postcode: (r) => r.int(200, 9999)
  },
  BR: {
    ...same((r) => r.pattern('(##) ####-####')),
    id: (r) => ({ name: 'CPF', value: r.pattern('###.###.###-##') }),
    postcode: fivePostcode
  },
  CA: {
    ...same((r) => r.pattern('@## @##-####')),
    id: (r) => {
      const body = String(r.int(1, 9)) + r.digits(7)
      return { name: 'SIN', value: body + luhnCheck(body) }
    },
    postcode: (r) => r.pattern('@#@ #@#')
  },
  CH: {
    ...same((r) => `07${r.int(5, 9)} ${r.pattern('### ## ##')}`),
    id: (r) => ({ name: 'AVS', value: r.pattern('756.####.####.##') }),
    postcode: (r) => r.int(1000, 9999)
  },
  DE: {
    phone: (r) => r.pattern('0###-#######'),
    cell: (r) => r.pattern('017#-#######'),
    id: (r, { dob, gender, last }) => {
      // Day, month and year in UTC (the real server uses its local time zone).
      const gg = gender === 'male' ? r.int(0, 49) : r.int(50, 99)
      const date = `${pad2(dob.getUTCDate())}${pad2(dob.getUTCMonth() + 1)}${years1900(dob.getUTCFullYear())}`
      return { name: 'SVNR', value: `${r.pick(DE_AREAS)} ${date} ${last.charAt(0)} ${pad2(gg)}${r.int(0, 9)}` }
    },
    postcode: fivePostcode
  },
  DK: {
    ...same((r) => r.digits(8)),
    id: (r, { dob }) => ({
      name: 'CPR',
      value: `${pad2(dob.getUTCDate())}${pad2(dob.getUTCMonth() + 1)}${years1900(dob.getUTCFullYear())}-${r.digits(4)}`
    }),
    postcode: fivePostcode
  },
  ES: {
    phone: (r) => r.pattern('9##-###-###'),
    cell: (r) => r.pattern('6##-###-###'),
    id: (r) => ({ name: 'DNI', value: r.pattern('########-@') }),
    postcode: fivePostcode
  },
  FI: {
    phone: (r) => `0${r.int(2, 9)}-${r.pattern('###-###')}`,
    cell: (r) => r.pattern('04#-###-##-##'),
    // Broken in v1.4 (the date is built from the dob object): kept, downstream must cope (notes §3.3).
    id: (r, { gender }) => {
      const g = gender === 'male' ? r.int(0, 4) * 2 + 1 : r.int(0, 4) * 2
      return { name: 'HETU', value: `NaNNA${r.digits(2)}${g}undefined` }
    },
    postcode: fivePostcode
  },
  FR: {
    phone: (r) => `0${r.int(1, 5)}-${r.pattern('##-##-##-##')}`,
    cell: (r) => r.pattern('06-##-##-##-##'),
    id: (r, { dob, gender }) => {
      const number = `${gender === 'male' ? 1 : 2}${years1900(dob.getUTCFullYear())}${pad2(dob.getUTCMonth())}${r.digits(8)}`
      return { name: 'INSEE', value: `${number} ${pad2(97 - (Number(number) % 97))}` }
    },
    postcode: fivePostcode
  },
  GB: {
    phone: (r) => {
      const format = r.pick(GB_PHONES)
      return format === 'fixed' ? `${r.pick(GB_FIXED)} ${r.digits(5)}` : r.pattern(format)
    },
    cell: (r) => r.pattern('07### ######'),
    id: (r) => ({
      name: 'NINO',
      value: `${r.pick(NINO_FIRST)}${r.pick(NINO_SECOND)} ${r.pattern('## ## ## @')}`
    }),
    postcode: (r) => {
      const format = r.pick(GB_POSTCODES)
      let out = ''
      for (const ch of format) out += ch === 'L' ? r.pick(GB_POST_LETTERS) : r.pattern(ch)
      return out
    }
  },
  IE: {
    phone: (r) => `0${r.int(1, 7)}1-${r.pattern('###-####')}`,
    cell: (r) => r.pattern('081-###-####'),
    id: (r) => {
      const digits = r.digits(7)
      return { name: 'PPS', value: digits + ppsCheck(digits) }
    },
    postcode: fivePostcode
  },
  IN: {
    ...same((r) => `${r.int(7, 9)}${r.digits(9)}`),
    id: (r) => ({ name: 'UIDAI', value: r.digits(12) }),
    postcode: fivePostcode
  },
  IR: {
    phone: (r) => r.pattern('0##-########'),
    cell: (r) => r.pattern('09##-###-####'),
    id: noId,
    postcode: fivePostcode
  },
  MX: {
    ...same((r) => r.pattern('(6##) ### ####')),
    id: (r) => ({ name: 'NSS', value: r.pattern('## ## ## #### #') }),
    postcode: fivePostcode
  },
  NL: {
    ...same((r) => r.pattern('(###)-###-####')),
    id: (r) => ({ name: 'BSN', value: r.digits(8) }),
    postcode: fivePostcode
  },
  NO: {
    phone: (r) => `${r.pick([2, 3, 5, 6, 7, 8])}${r.digits(7)}`,
    cell: (r) => `${r.pick([4, 9])}${r.digits(7)}`,
    id: (r, ctx) => ({ name: 'FN', value: norwegianFn(r, ctx) }),
    // Leading zeros are possible: a string, never a number.
    postcode: (r) => String(r.int(1, 9991)).padStart(4, '0')
  },
  NZ: { ...same((r) => r.pattern('(###)-###-####')), id: noId, postcode: fivePostcode },
  RS: {
    phone: (r) => `0${r.int(1, 3)}${r.pattern('#-####-###')}`,
    cell: (r) => r.pattern('06#-####-###'),
    id: (r) => ({ name: 'SID', value: r.digits(9) }),
    postcode: fivePostcode
  },
  TR: { ...same((r) => r.pattern('(###)-###-####')), id: noId, postcode: fivePostcode },
  UA: {
    ...same((r) => `(0${r.pick(['66', '67', '68', '96', '97', '98', '99'])}) ${r.pattern('@##-####')}`),
    id: noId,
    postcode: fivePostcode
  },
  US: {
    ...same((r) => `(${r.int(2, 9)}${r.digits(2)}) ${r.int(2, 9)}${r.pattern('##-####')}`),
    id: (r) => ({ name: 'SSN', value: usSsn(r) }),
    postcode: fivePostcode
  }
}

const LEGO_FORMAT: NatFormat = {
  ...same((r) => r.pattern('(###)-###-####')),
  id: (r) => ({ name: 'SN', value: r.digits(12) }),
  postcode: fivePostcode
}

// ---------------------------------------------------------------------------------------------------------------
// Emails: first.last transliterated to ASCII, spaces removed, lower-cased (notes §3.2, §5.7).

const LATIN_EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ı: 'i',
  ð: 'd',
  þ: 'th'
}

/** Persian letters to consonant-only Latin, the way the API's transliteration leaves them (مهرسا → mhrs). */
const PERSIAN: Readonly<Record<string, string>> = {
  ا: '',
  آ: 'a',
  ب: 'b',
  پ: 'p',
  ت: 't',
  ث: 's',
  ج: 'j',
  چ: 'ch',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'z',
  ر: 'r',
  ز: 'z',
  ژ: 'zh',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'z',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'gh',
  ک: 'k',
  گ: 'g',
  ل: 'l',
  م: 'm',
  ن: 'n',
  و: 'v',
  ه: 'h',
  ی: 'y',
  ي: 'y',
  ئ: '',
  ء: '',
  '\u200c': ''
}

const translitCache = new Map<string, string>()

export function emailPart(name: string): string {
  let out = translitCache.get(name)
  if (out !== undefined) return out
  out = ''
  for (const ch of name.normalize('NFD').toLowerCase()) {
    const code = ch.charCodeAt(0)
    if (code >= 0x300 && code <= 0x36f) continue
    if (ch === ' ') continue
    const mapped = LATIN_EXTRA[ch] ?? PERSIAN[ch]
    if (mapped !== undefined) out += mapped
    else if (code < 128) out += ch
  }
  translitCache.set(name, out)
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Passwords (notes §2.11).

const CHARSETS: Readonly<Record<string, string>> = {
  special: ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  upper: UPPER,
  lower: 'abcdefghijklmnopqrstuvwxyz',
  number: DIGITS
}

export interface PasswordSpec {
  pool: string
  min: number
  max: number
}

/** `password=CHARSETS,LENGTH` or `CHARSETS,MIN-MAX`; undefined means "from the common-passwords list". */
export function parsePasswordOption(value: string | undefined): PasswordSpec | undefined {
  if (value === undefined || value === '') return undefined
  const items = value.split(',')
  const names = [...new Set(items.filter((item) => Object.hasOwn(CHARSETS, item)))]
  if (names.length === 0) return undefined
  const lastItem = items.at(-1) ?? ''
  const dash = lastItem.indexOf('-')
  let min: number
  let max: number
  if (dash >= 0) {
    const a = Number(lastItem.slice(0, dash))
    const b = Number(lastItem.slice(dash + 1))
    min = Math.min(a, b)
    max = Math.max(a, b)
  } else {
    min = max = Number(lastItem)
  }
  if (!(min >= 1 && min <= 64)) min = 8
  if (!(max >= 1 && max <= 64 && max >= min)) max = 64
  return { pool: names.map((name) => CHARSETS[name]).join(''), min, max }
}

// ---------------------------------------------------------------------------------------------------------------
// Users.

const DOB_MIN = -800000000000
const DOB_MAX = 1653344189000 - 21 * 365 * 86400000
const REGISTERED_MIN = 1016688461000
const REGISTERED_MAX = 1653344189000

const DAY_MS = 86400000

/** Position inside its UTC year that orders anniversaries: month, day, time of day. */
function yearPosition(date: Date, ms: number): number {
  return (date.getUTCMonth() * 32 + date.getUTCDate()) * DAY_MS + (((ms % DAY_MS) + DAY_MS) % DAY_MS)
}

/** Whole years elapsed from `ms` to `nowMs` (UTC calendar, like counting birthdays). */
export function ageAt(ms: number, nowMs: number): number {
  const from = new Date(ms)
  const to = new Date(nowMs)
  const years = to.getUTCFullYear() - from.getUTCFullYear() - (yearPosition(to, nowMs) < yearPosition(from, ms) ? 1 : 0)
  return Math.max(0, years)
}

interface Clock {
  ms: number
  year: number
  position: number
}

function clockAt(nowMs: number): Clock {
  const date = new Date(nowMs)
  return { ms: nowMs, year: date.getUTCFullYear(), position: yearPosition(date, nowMs) }
}

function ageOf(date: Date, ms: number, clock: Clock): number {
  const years = clock.year - date.getUTCFullYear() - (clock.position < yearPosition(date, ms) ? 1 : 0)
  return years < 0 ? 0 : years
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

function hex32(n: number): string {
  return (HEX[n >>> 24] as string) + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255]
}

function hex16(n: number): string {
  return (HEX[(n >>> 8) & 255] as string) + HEX[n & 255]
}

function uuidFrom(rng: Rng): string {
  const a = rng.u32()
  const b = rng.u32()
  const c = rng.u32()
  const d = rng.u32()
  return `${hex32(a)}-${hex16(b >>> 16)}-${hex16(0x4000 | (b & 0x0fff))}-${hex16(0x8000 | ((c >>> 16) & 0x3fff))}-${hex16(c)}${hex32(d)}`
}

export interface GenerateOptions {
  /** Any string; '' or absent makes a random 16-hex-character seed (reported in info.seed). */
  seed?: string
  /** 1..10000 (fractions allowed, like the API). @defaultValue 1 */
  page?: number
  /** Users on the page. @defaultValue 1 */
  results?: number
  /** Each user picks one entry of the list (duplicates add weight); empty or absent for all 21. */
  nat?: readonly Nat[]
  /** Gender filter; ignored when a seed is given, like the real API. */
  gender?: Gender
  /** LEGO users: nat "LEGO", no country, lego pictures, info.seed + "-1". */
  lego?: boolean
  /** The API's `password=` option (charsets and length); absent for the common-passwords list. */
  password?: string
  /** Clock for the age fields, in epoch ms; read once per page. @defaultValue Date.now */
  now?: () => number
}

/** A page of users, generated on demand: user(i) is pure for a given page. */
export interface UserPage {
  readonly info: RandomUserInfo
  readonly results: number
  user(index: number): RandomUserResult
}

/** 16 random characters [a-f0-9], like the API's default seed. */
export function randomSeed(): string {
  return randomBytes(8).toString('hex')
}

/**
 * Plans a page. Throws UserStreamerError(US_ERR_USAGE) where the real generator crashes: an 18-character seed
 * whose last two characters are not a hex index 0..20 (notes §2.3, §4.3).
 */
export function createPage(options: GenerateOptions = {}): UserPage {
  const given = options.seed ?? ''
  const page = options.page ?? 1
  const results = options.results ?? 1
  const now = options.now ?? Date.now
  let rngSeed = given === '' ? randomSeed() : given
  let infoSeed = rngSeed
  let nats: readonly ResultNat[] = options.nat && options.nat.length > 0 ? options.nat : NATS
  let forced: ResultNat | undefined
  if (rngSeed.length === 18) {
    // An 18-character seed forces the nat given by its last two characters (hex index into the 21 nats).
    const index = parseInt(rngSeed.slice(16), 16)
    const nat = NATS[index]
    if (nat === undefined) {
      throw new UserStreamerError(
        'US_ERR_USAGE',
        `seed ${JSON.stringify(rngSeed)}: an 18-character seed must end with a hex nat index 00..14`,
        {
          hint: 'use a seed of another length'
        }
      )
    }
    forced = nat
    infoSeed = `${rngSeed}${index.toString(16).padStart(2, '0')}`
    rngSeed = rngSeed.slice(0, 16)
  }
  if (options.lego) {
    forced = 'LEGO'
    infoSeed = `${infoSeed}-1`
  }
  if (forced) nats = [forced]
  const pickNat = forced === undefined
  const gender = given === '' ? options.gender : undefined
  const password = parsePasswordOption(options.password)
  const key = pageKey(rngSeed, page)
  const info: RandomUserInfo = { seed: infoSeed, results, page, version: '1.4' }
  const clock = clockAt(now())
  return {
    info,
    results,
    user: (index) => makeUser(userRng(key, index), nats, pickNat, gender, password, clock)
  }
}

function makeUser(
  rng: Rng,
  nats: readonly ResultNat[],
  pickNat: boolean,
  fixedGender: Gender | undefined,
  passwordSpec: PasswordSpec | undefined,
  clock: Clock
): RandomUserResult {
  const uuid = uuidFrom(rng)
  const nat = pickNat ? rng.pick(nats) : (nats[0] as ResultNat)
  const lego = nat === 'LEGO'
  const words: NatWords = lego ? LEGO_WORDS : NAT_WORDS[nat as Nat]
  const format = lego ? LEGO_FORMAT : NAT_FORMATS[nat as Nat]
  const gender: Gender = fixedGender ?? (rng.u32() & 1 ? 'female' : 'male')
  const male = gender === 'male'
  const first = rng.pick(male ? words.male : words.female)
  const last = rng.pick(words.last)
  const title = nat === 'CH' ? (male ? 'Monsieur' : rng.pick(CH_FEMALE_TITLES)) : male ? 'Mr' : rng.pick(FEMALE_TITLES)
  const timezone = rng.pick(TIMEZONES)
  const streetNumber = rng.int(1, 9999)
  const street = rng.pick(words.streets)
  const city = rng.pick(words.cities)
  const state = rng.pick(words.states)
  const postcode = format.postcode(rng)
  const latitude = (rng.int(0, 1800000) / 10000 - 90).toFixed(4)
  const longitude = (rng.int(0, 3600000) / 10000 - 180).toFixed(4)
  let salt = ''
  for (let i = 0; i < 8; i++) salt += ALNUM[rng.int(0, 61)]
  let password: string
  if (passwordSpec) {
    const length = rng.int(passwordSpec.min, passwordSpec.max)
    password = ''
    for (let i = 0; i < length; i++) password += passwordSpec.pool[rng.int(0, passwordSpec.pool.length - 1)]
  } else {
    password = rng.pick(COMMON_PASSWORDS)
  }
  const username = `${rng.pick(USER_ADJECTIVES)}${rng.pick(USER_ANIMALS)}${rng.int(100, 999)}`
  const dobMs = DOB_MIN + Math.floor(rng.double() * (DOB_MAX - DOB_MIN + 1))
  const registeredMs = REGISTERED_MIN + Math.floor(rng.double() * (REGISTERED_MAX - REGISTERED_MIN + 1))
  const pictureFolder = lego ? 'lego' : male ? 'men' : 'women'
  const picture = rng.int(0, lego ? 9 : male ? 99 : 96)
  const phone = format.phone(rng)
  const cell = format.cell(rng)
  const dob = new Date(dobMs)
  const registered = new Date(registeredMs)
  const id = format.id(rng, { gender, dob, last })
  const salted = password + salt
  const location: RandomUserResult['location'] = lego
    ? {
        street: { number: streetNumber, name: street },
        city,
        state,
        postcode,
        coordinates: { latitude, longitude },
        timezone: { offset: timezone.offset, description: timezone.description }
      }
    : {
        street: { number: streetNumber, name: street },
        city,
        state,
        country: COUNTRIES[nat as Nat],
        postcode,
        coordinates: { latitude, longitude },
        timezone: { offset: timezone.offset, description: timezone.description }
      }
  return {
    gender,
    name: { title, first, last },
    location,
    email: `${emailPart(first)}.${emailPart(last)}@example.com`,
    login: {
      uuid,
      username,
      password,
      salt,
      md5: hash('md5', salted),
      sha1: hash('sha1', salted),
      sha256: hash('sha256', salted)
    },
    dob: { date: dob.toISOString(), age: ageOf(dob, dobMs, clock) },
    registered: { date: registered.toISOString(), age: ageOf(registered, registeredMs, clock) },
    phone,
    cell,
    id,
    picture: {
      large: `https://randomuser.me/api/portraits/${pictureFolder}/${picture}.jpg`,
      medium: `https://randomuser.me/api/portraits/med/${pictureFolder}/${picture}.jpg`,
      thumbnail: `https://randomuser.me/api/portraits/thumb/${pictureFolder}/${picture}.jpg`
    },
    nat
  }
}

/** All users of a page, as objects. */
export function generateUsers(options: GenerateOptions = {}): { info: RandomUserInfo; results: RandomUserResult[] } {
  const page = createPage(options)
  const results: RandomUserResult[] = new Array(page.results)
  for (let i = 0; i < page.results; i++) results[i] = page.user(i)
  return { info: page.info, results }
}

/** Keeps only `fields` (canonical order); the same object when every field is kept. */
export function pickFields(user: RandomUserResult, fields: readonly Field[]): PartialRandomUserResult {
  if (fields.length === FIELDS.length) return user
  const out: Record<string, unknown> = {}
  for (const field of fields) out[field] = user[field]
  return out as PartialRandomUserResult
}

export interface RenderOptions {
  /** Top-level fields to keep (see resolveFields). @defaultValue all */
  fields?: readonly Field[]
  /** Leave out the info block. */
  noinfo?: boolean
  /** 2-space indented JSON (format=pretty). */
  pretty?: boolean
  /** JSONP: `<callback>(` + JSON + `);`. */
  callback?: string
  /** Users per yielded chunk. @defaultValue 250 */
  chunkUsers?: number
  /** Called with each user before serialisation (fault injection). */
  mutate?: (user: PartialRandomUserResult, index: number) => unknown
}

/**
 * The JSON body of a page, as the API writes it (compact, raw UTF-8, no trailing newline), in chunks of
 * `chunkUsers` users so a 5000-user page can be streamed without building one 5 MB string.
 */
export function* renderJson(page: UserPage, options: RenderOptions = {}): Generator<string, void, undefined> {
  const fields = options.fields ?? FIELDS
  const chunkUsers = options.chunkUsers ?? 250
  const pretty = options.pretty === true
  const mutate = options.mutate
  let head = pretty ? '{\n  "results": [\n' : '{"results":['
  if (options.callback !== undefined) head = `${options.callback}(${head}`
  const batch: unknown[] = []
  for (let start = 0; start < page.results; start += chunkUsers) {
    const end = Math.min(page.results, start + chunkUsers)
    batch.length = 0
    for (let i = start; i < end; i++) {
      const user = pickFields(page.user(i), fields)
      batch.push(mutate ? mutate(user, i) : user)
    }
    let body: string
    if (pretty) {
      body = batch.map((user) => '    ' + JSON.stringify(user, null, 2).replace(/\n/g, '\n    ')).join(',\n')
    } else {
      const json = JSON.stringify(batch)
      body = json.slice(1, -1)
    }
    const separator = start === 0 ? '' : pretty ? ',\n' : ','
    yield start === 0 ? head + body : separator + body
  }
  let tail: string
  if (pretty) {
    tail =
      '\n  ]' +
      (options.noinfo ? '' : ',\n  "info": ' + JSON.stringify(page.info, null, 2).replace(/\n/g, '\n  ')) +
      '\n}'
  } else {
    tail = ']' + (options.noinfo ? '' : ',"info":' + JSON.stringify(page.info)) + '}'
  }
  yield options.callback !== undefined ? `${tail});` : tail
}
