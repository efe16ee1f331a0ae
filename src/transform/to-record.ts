// Pure: one validated API result -> one UserRecord. The id is the API's login.uuid, so fetching the same
// seed/page twice upserts the same rows instead of minting new ones.
import type { UserRecord } from '../record/user-record.ts'

/** The parts of a randomuser v1.4 result the record is built from (secrets are never part of it). */
export interface TransformInput {
  gender?: string
  name?: { first: string; last: string }
  location?: {
    street: { number: number; name: string }
    city: string
    state: string
    country?: string
    postcode: number | string
  }
  email?: string
  login?: { uuid: string; username: string }
  dob?: { date: string }
  registered?: { date: string }
  phone?: string
  picture?: { medium: string }
  nat?: string
}

export interface Lineage {
  /** Where it came from, e.g. "randomuser.me/api seed=abc page=3". */
  source: string
  ingestedAt: Date
}

export type TransformResult = { ok: true; record: UserRecord } | { ok: false; reason: string }

export function formatAddress(location: NonNullable<TransformInput['location']>): string {
  const street = `${location.street.number} ${location.street.name.trim()}`.trim()
  return [street, location.city, location.state, location.country]
    .filter((part) => part !== undefined && part !== '')
    .join(', ')
}

export function toUserRecord(user: TransformInput, lineage: Lineage): TransformResult {
  if (!user.login?.uuid)
    return { ok: false, reason: 'login.uuid missing: the record id comes from it (do not exclude "login")' }
  const location = user.location
  return {
    ok: true,
    record: {
      id: user.login.uuid,
      first_name: user.name?.first ?? '',
      last_name: user.name?.last ?? '',
      gender: user.gender ?? '',
      address: location ? formatAddress(location) : '',
      post_code: location ? String(location.postcode) : '',
      email: user.email ?? '',
      username: user.login.username,
      dob: user.dob?.date ?? '',
      registered_date: user.registered?.date ?? '',
      phone: user.phone ?? '',
      picture: user.picture?.medium ?? '',
      nat: user.nat ?? '',
      source: lineage.source,
      ingested_at: lineage.ingestedAt.toISOString()
    }
  }
}
