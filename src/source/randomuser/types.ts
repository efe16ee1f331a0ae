// Types of the randomuser.me API v1.4 (see /work/shared/randomuser-api.md §3): one result, the envelope, and the
// user as it leaves the source (without its secrets). Field order in the types is the API's canonical key order.

/** The 21 v1.4 nationalities, in the API's index order (AU=00 … US=14, used by 18-character seeds). */
export const NATS = [
  'AU',
  'BR',
  'CA',
  'CH',
  'DE',
  'DK',
  'ES',
  'FI',
  'FR',
  'GB',
  'IE',
  'IN',
  'IR',
  'MX',
  'NL',
  'NO',
  'NZ',
  'RS',
  'TR',
  'UA',
  'US'
] as const

export type Nat = (typeof NATS)[number]

/** `nat` of a result: a nationality, or LEGO (the undocumented `lego` parameter). */
export type ResultNat = Nat | 'LEGO'

export const COUNTRIES: Readonly<Record<Nat, string>> = {
  AU: 'Australia',
  BR: 'Brazil',
  CA: 'Canada',
  CH: 'Switzerland',
  DE: 'Germany',
  DK: 'Denmark',
  ES: 'Spain',
  FI: 'Finland',
  FR: 'France',
  GB: 'United Kingdom',
  IE: 'Ireland',
  IN: 'India',
  IR: 'Iran',
  MX: 'Mexico',
  NL: 'Netherlands',
  NO: 'Norway',
  NZ: 'New Zealand',
  RS: 'Serbia',
  TR: 'Turkey',
  UA: 'Ukraine',
  US: 'United States'
}

export type Gender = 'male' | 'female'

/** Top-level fields, in the canonical key order of a result (dob before registered). */
export const FIELDS = [
  'gender',
  'name',
  'location',
  'email',
  'login',
  'dob',
  'registered',
  'phone',
  'cell',
  'id',
  'picture',
  'nat'
] as const

export type Field = (typeof FIELDS)[number]

export interface RandomUserName {
  /** Mr | Miss | Mrs | Ms; CH: Monsieur | Madame | Mademoiselle. */
  title: string
  /** Unicode; may contain spaces, apostrophes, hyphens and dots. */
  first: string
  last: string
}

export interface RandomUserLocation {
  /** number: 1..9999; name: may be "" (UA) or end with a space (RS, BR). */
  street: { number: number; name: string }
  city: string
  state: string
  /** Absent for LEGO users. */
  country?: string
  /** A number for most nationalities (AU can have 3 digits); a string for CA, GB and NO (NO may start with 0). */
  postcode: number | string
  /** Strings with 4 decimals, e.g. "-69.8246". */
  coordinates: { latitude: string; longitude: string }
  /** offset: "±H:MM" or "±HH:MM", hour not zero-padded, "0:00" without sign. */
  timezone: { offset: string; description: string }
}

export interface RandomUserLogin {
  uuid: string
  username: string
  /** Secret: never leaves the source. May be "". */
  password: string
  /** Secret: 8 characters [A-Za-z0-9]. */
  salt: string
  /** Secret: hex digests of password + salt. */
  md5: string
  sha1: string
  sha256: string
}

export interface RandomUserDate {
  /** ISO 8601 UTC with milliseconds. */
  date: string
  /** Whole years until the server's current time: not stable across days. */
  age: number
}

export interface RandomUserId {
  /** "" for IR, NZ, TR, UA. */
  name: string
  /** null for IR, NZ, TR, UA. FI values look like "NaNNA123undefined" (a v1.4 bug). */
  value: string | null
}

export interface RandomUserPicture {
  large: string
  medium: string
  thumbnail: string
}

/** One v1.4 result with every field (no inc/exc). */
export interface RandomUserResult {
  gender: Gender
  name: RandomUserName
  location: RandomUserLocation
  email: string
  login: RandomUserLogin
  dob: RandomUserDate
  registered: RandomUserDate
  phone: string
  cell: string
  id: RandomUserId
  picture: RandomUserPicture
  nat: ResultNat
}

/** With inc/exc, whole top-level keys disappear (nested keys never do). */
export type PartialRandomUserResult = Partial<RandomUserResult>

export interface RandomUserInfo {
  /** The seed as given, 16 hex characters by default, 20 after an 18-character seed, or seed + "-1" with lego. */
  seed: string
  /** Sanitised count, 1..5000. */
  results: number
  /** Usually 1..10000; may be fractional. */
  page: number
  version: string
}

export interface RandomUserEnvelope {
  results: unknown[]
  /** Absent with `noinfo`. */
  info?: RandomUserInfo
}

export const SECRET_LOGIN_FIELDS = ['password', 'salt', 'md5', 'sha1', 'sha256'] as const

export type SecretLoginField = (typeof SECRET_LOGIN_FIELDS)[number]

export type SourceLogin = Omit<RandomUserLogin, SecretLoginField>

/** A validated result without secrets: what the source hands to the rest of the pipeline. */
export type SourceUser = Omit<RandomUserResult, 'login'> & { login: SourceLogin }

/** A validated result fetched with inc/exc: only the requested top-level fields are present. */
export type PartialSourceUser = Partial<SourceUser>
