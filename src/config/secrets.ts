// Secrets (passwords, tokens) are never printed. The schema marks them (`secret(...)` in schema.ts, listed as
// `secretPaths`); everything here derives from that one list:
// - redactConfig(): what `config` prints and what a log line may carry;
// - scrub(): the last line of defence, applied to every log line, CLI error line, HTTP response body and metrics
//   exposition: the values of the secrets loaded in this process, and passwords in URLs, become [redacted].
import { secretPaths } from './schema.ts'

export const REDACTED = '[redacted]'

const known = new Set<string>()

/** Values shorter than this are not scrubbed from free text (they would mangle unrelated words). */
const MIN_SCRUB_LENGTH = 4

function getPath(target: unknown, path: string): unknown {
  let node = target
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/** Remembers the secret values of a loaded config so scrub() can find them in any text. */
export function registerSecrets(config: unknown): void {
  for (const path of secretPaths) {
    const value = getPath(config, path)
    if (typeof value === 'string') registerSecret(value)
  }
}

export function registerSecret(value: string): void {
  if (value.length >= MIN_SCRUB_LENGTH) known.add(value)
}

/** A deep copy of the config with every non-empty secret replaced by [redacted]. */
export function redactConfig<T>(config: T): T {
  const copy = structuredClone(config) as unknown
  for (const path of secretPaths) {
    const keys = path.split('.')
    const parent = getPath(copy, keys.slice(0, -1).join('.'))
    const leaf = keys.at(-1) as string
    if (parent && typeof parent === 'object' && (parent as Record<string, unknown>)[leaf]) {
      ;(parent as Record<string, unknown>)[leaf] = REDACTED
    }
  }
  return copy as T
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Replaces every known secret value, and the password part of URLs (scheme://user:password@host), by [redacted]. */
export function scrub(text: string): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)[^\s@/"']+@/gi, `$1${REDACTED}@`)
  if (known.size === 0) return out
  // Longest first, so a secret containing another is replaced whole.
  for (const value of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(value)) out = out.replace(new RegExp(escape(value), 'g'), REDACTED)
    // JSON-escaped form (a secret with quotes or backslashes inside a JSON log line).
    const json = JSON.stringify(value).slice(1, -1)
    if (json !== value && out.includes(json)) out = out.replace(new RegExp(escape(json), 'g'), REDACTED)
  }
  return out
}

/** For tests: forget the registered values. */
export function forgetSecrets(): void {
  known.clear()
}
