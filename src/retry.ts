// Exponential backoff with "equal jitter" (half fixed, half random: never a zero wait), written once for every retry loop.
import { setTimeout as sleep } from 'node:timers/promises'

export interface BackoffOptions {
  baseMs: number
  maxMs: number
}

/** Delay before retry number `attempt` (1-based): random in [0, min(max, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** Sleeps, resolving early (with false) when the signal aborts. */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false
  try {
    await sleep(ms, undefined, signal ? { signal } : {})
    return true
  } catch {
    return false
  }
}
