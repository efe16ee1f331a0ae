// How long the Kafka clients keep retrying while the broker is away: exponential backoff with jitter, capped at
// 2 s a retry, for about two minutes in all. A producer must ride out a broker restart inside the client's own
// retry loop: its retries re-send a batch with the same producer id and sequence numbers, so the broker drops a
// batch it already wrote. Once the client gives up, it resets that state, and a send repeated by the application
// could write the batch twice.
import { backoffDelay } from '../../retry.ts'

export const KAFKA_RETRY_BASE_MS = 250
export const KAFKA_RETRY_MAX_MS = 2000
/** Retries of one Kafka operation: at least KAFKA_RETRY_MAX_MS / 2 each once the backoff is at its cap. */
export const KAFKA_RETRIES = 120

/** Delay before retry `attempt` (1-based) of a Kafka operation. */
export function kafkaRetryDelay(attempt: number, random: () => number = Math.random): number {
  return backoffDelay(attempt, { baseMs: KAFKA_RETRY_BASE_MS, maxMs: KAFKA_RETRY_MAX_MS }, random)
}

/** The least time a Kafka operation keeps retrying before it fails (every jitter at its lowest). */
export function kafkaRetryWindowMs(retries = KAFKA_RETRIES): number {
  let sum = 0
  for (let attempt = 1; attempt <= retries; attempt++) sum += kafkaRetryDelay(attempt, () => 0)
  return sum
}

/** Options of a @platformatic/kafka client (producer or consumer) that outlast a broker restart. */
export const kafkaRetryOptions = {
  retries: KAFKA_RETRIES,
  retryDelay: (_client: unknown, _operationId: string, attempt: number): number => kafkaRetryDelay(attempt)
}
