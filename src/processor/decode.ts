// Pure: a Kafka message value -> a valid UserRecord, or the reason it cannot be one (which goes to the DLQ).
import { type UserRecord, checkUserRecord } from '../record/user-record.ts'

export type DecodeFailure = 'null-value' | 'invalid-utf8' | 'not-json' | 'wrong-shape' | 'too-large'

export type Decoded = { ok: true; record: UserRecord } | { ok: false; kind: DecodeFailure; reason: string }

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A user record is ~1 KB; anything far larger is not one, and is not parsed. */
export const MAX_RECORD_BYTES = 64 * 1024

export function decodeUserMessage(value: Buffer | null | undefined): Decoded {
  if (value === null || value === undefined || value.length === 0) {
    return { ok: false, kind: 'null-value', reason: 'message value is null or empty' }
  }
  if (value.length > MAX_RECORD_BYTES) {
    return {
      ok: false,
      kind: 'too-large',
      reason: `message value is ${value.length} bytes; a user record is at most ${MAX_RECORD_BYTES}`
    }
  }
  let text: string
  try {
    text = utf8.decode(value)
  } catch {
    return { ok: false, kind: 'invalid-utf8', reason: 'message value is not valid UTF-8' }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return {
      ok: false,
      kind: 'not-json',
      reason: `message value is not JSON: ${(error as Error).message}`.slice(0, 200)
    }
  }
  const checked = checkUserRecord(parsed)
  return checked.ok ? checked : { ok: false, kind: 'wrong-shape', reason: checked.reason }
}
