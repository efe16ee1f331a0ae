// Pure: a Structured Streaming progress report (StreamingQueryProgress JSON) -> the figures the engine reports, and
// whether the query has read a topic up to its end.
import { OBSERVATION } from './plan.ts'

export interface BatchProgress {
  batchId: number
  timestamp: string
  numInputRows: number
  inputRowsPerSecond: number
  processedRowsPerSecond: number
  /** Wall time of the whole micro-batch (durationMs.triggerExecution). */
  batchDurationMs: number
  /** Messages and rejected rows of this batch (observedMetrics), when the batch had data. */
  messages: number
  rejected: number
  /** Kafka offsets the batch read up to: topic -> partition -> next offset. */
  endOffsets: Record<string, Record<string, number>>
}

type Json = Record<string, unknown>

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0)

function offsetsOf(value: unknown): Record<string, Record<string, number>> {
  // The Kafka source reports offsets as a JSON object, or as its string form on some versions.
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, Record<string, number>>) : {}
}

/**
 * Observed metrics as a name -> value map. The JVM's progress JSON has `{messages: 5, ...}`; what Spark Connect
 * 3.5 sends has the row as `{values: [5, ...], schema: {fields: [{name: 'messages'}, ...]}}`.
 */
function observedValues(row: Json | undefined): Record<string, number> {
  if (!row) return {}
  if (Array.isArray(row.values)) {
    const fields = ((row.schema as Json | undefined)?.fields ?? []) as Json[]
    return Object.fromEntries(fields.map((field, i) => [String(field.name), num((row.values as unknown[])[i])]))
  }
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, num(value)]))
}

/** Sum over the sources, for the totals that only the JVM's JSON carries at the top level. */
const sumOf = (sources: Json[], key: string): number => sources.reduce((total, source) => total + num(source[key]), 0)

export function parseProgress(json: string): BatchProgress {
  const progress = JSON.parse(json) as Json
  const durations = (progress.durationMs ?? {}) as Json
  const observed = observedValues(((progress.observedMetrics ?? {}) as Json)[OBSERVATION] as Json | undefined)
  const sources = (progress.sources ?? []) as Json[]
  const endOffsets: Record<string, Record<string, number>> = {}
  for (const source of sources) Object.assign(endOffsets, offsetsOf(source.endOffset))
  const total = (key: string): number => (key in progress ? num(progress[key]) : sumOf(sources, key))
  return {
    batchId: num(progress.batchId),
    timestamp: String(progress.timestamp ?? ''),
    numInputRows: total('numInputRows'),
    inputRowsPerSecond: total('inputRowsPerSecond'),
    processedRowsPerSecond: total('processedRowsPerSecond'),
    batchDurationMs: num(durations.triggerExecution),
    messages: num(observed.messages),
    rejected: num(observed.rejected),
    endOffsets
  }
}

/** True when the offsets a batch reached cover every partition's log end (`ends[p]` = next offset to be written). */
export function coversEnd(
  endOffsets: Record<string, Record<string, number>>,
  topic: string,
  ends: readonly bigint[]
): boolean {
  const reached = endOffsets[topic] ?? {}
  return ends.every((end, partition) => end === 0n || BigInt(reached[String(partition)] ?? -1) >= end)
}
