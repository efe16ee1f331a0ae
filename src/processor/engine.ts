// The native engine: consumer group on users_created -> decode + validate -> Cassandra upsert (bad -> DLQ)
// -> commit. Offsets are committed only after the rows of a batch are written and its bad records are in the
// DLQ, so a crash replays at most the uncommitted batch, and the upsert by id makes the replay harmless.
import { Consumer, type Message, Producer, ProduceAcks } from '@platformatic/kafka'
import type { Config } from '../config/schema.ts'
import { UserStreamerError, errorMessage, isUserStreamerError } from '../errors.ts'
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { UserRecord } from '../record/user-record.ts'
import { backoffDelay, pause } from '../retry.ts'
import { type CassandraClient, connectCassandra } from '../sink/cassandra/client.ts'
import { ensureSchema } from '../sink/cassandra/ddl.ts'
import { createUserSink } from '../sink/cassandra/writer.ts'
import { kafkaRetryOptions } from '../broker/kafka/retry.ts'
import { ensureTopics, pipelineTopics } from '../broker/kafka/topics.ts'
import { chunkBySize } from './chunk.ts'
import { type DecodeFailure, decodeUserMessage } from './decode.ts'
import { LatencyRecorder } from './latency.ts'
import { BoundedQueue } from './message-queue.ts'
import { kafkaConnection } from '../broker/kafka/connection.ts'

type RawMessage = Message<Buffer, Buffer, Buffer, Buffer>

export interface ProcessorOptions {
  config: Config
  logger: Logger
  /** Exit once every partition's committed offset has reached its end. */
  drain?: boolean
  /** Switch to drain mode when this aborts (e.g. once an ingest run has ended). */
  drainSignal?: AbortSignal
  /** Most messages handled per batch (one write round and one commit). */
  batchSize?: number
  /** How long a partial batch waits for more messages. */
  batchWaitMs?: number
  /** Concurrent Cassandra writes. */
  concurrency?: number
  /** Stop: finish the batch in hand, commit it, close. */
  signal?: AbortSignal
  onProgress?: (stats: ProcessorStats) => void
  progressEveryMs?: number
  /** Called after each committed batch with the rows written (dashboard, tests). */
  onBatch?: (rows: readonly UserRecord[]) => void
  /** Called for each message once it is in the DLQ, with the reason (dashboard). */
  onDeadLetter?: (dead: DeadLetterInfo) => void
  metrics?: Metrics
}

/** A message sent to the DLQ: what was wrong and where it came from. */
export interface DeadLetterInfo {
  kind: DecodeFailure
  reason: string
  topic: string
  partition: number
  offset: string
  /** When it was dead-lettered (ISO-8601). */
  at: string
}

export interface ProcessorStats {
  consumed: number
  written: number
  deadLettered: number
  deadLetteredByKind: Partial<Record<DecodeFailure, number>>
  batches: number
  writeRetries: number
  commitFailures: number
  lastBatchMs: number
  startedAt: number
  /** When the first message arrived and the last row was written: the busy span, for throughput. */
  firstMessageAt: number
  lastWriteAt: number
  /** produce (Kafka timestamp) -> row written, ms */
  latency: { p50: number; p95: number; p99: number; count: number }
}

const DLQ_MAX_VALUE_BYTES = 512 * 1024
/** Largest DLQ produce request: under the broker's default max.message.bytes (1 MB) for one record batch. */
const DLQ_MAX_REQUEST_BYTES = 900 * 1024

type DeadLetterMessage = ReturnType<typeof toDeadLetter>

function deadLetterBytes(message: DeadLetterMessage): number {
  let bytes = 64 + message.value.length + (message.key?.length ?? 0)
  for (const [key, value] of message.headers) bytes += key.length + value.length + 8
  return bytes
}

interface DeadRecord {
  message: RawMessage
  kind: DecodeFailure
  reason: string
}

interface Batch {
  startedAt: number
  rows: UserRecord[]
  dead: DeadRecord[]
  offsets: Map<string, { topic: string; partition: number; offset: bigint; leaderEpoch: number }>
  timestamps: bigint[]
}

function toBatch(messages: RawMessage[]): Batch {
  const byId = new Map<string, UserRecord>()
  const batch: Batch = { startedAt: Date.now(), rows: [], dead: [], offsets: new Map(), timestamps: [] }
  for (const message of messages) {
    const decoded = decodeUserMessage(message.value)
    if (decoded.ok) {
      // The same user twice in one batch: the later message wins, as it would row by row.
      byId.set(decoded.record.id, decoded.record)
      batch.timestamps.push(message.timestamp)
    } else {
      batch.dead.push({ message, kind: decoded.kind, reason: decoded.reason })
    }
    const key = `${message.topic}:${message.partition}`
    const previous = batch.offsets.get(key)
    if (!previous || previous.offset <= message.offset) {
      batch.offsets.set(key, {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset + 1n,
        leaderEpoch: message.leaderEpoch
      })
    }
  }
  batch.rows = [...byId.values()]
  return batch
}

/** The DLQ message: the original key and bytes (capped), the reason and the origin in headers. */
function toDeadLetter(
  { message, kind, reason }: DeadRecord,
  topic: string
): { topic: string; key?: Buffer; value: Buffer; headers: Map<Buffer, Buffer> } {
  const value = message.value ?? Buffer.alloc(0)
  const headers: [string, string][] = [
    ['x-error-kind', kind],
    ['x-error-reason', reason],
    ['x-source-topic', message.topic],
    ['x-source-partition', String(message.partition)],
    ['x-source-offset', String(message.offset)],
    ['x-value-bytes', String(value.length)],
    ['x-failed-at', new Date().toISOString()]
  ]
  return {
    topic,
    ...(message.key && message.key.length > 0 ? { key: message.key } : {}),
    value: value.length > DLQ_MAX_VALUE_BYTES ? value.subarray(0, DLQ_MAX_VALUE_BYTES) : value,
    headers: new Map(headers.map(([k, v]) => [Buffer.from(k), Buffer.from(v)]))
  }
}

/** Takes up to `max` messages, waiting at most `waitMs` once the first is in hand (or `idleMs` for none). */
async function nextBatch(
  queue: BoundedQueue<RawMessage>,
  max: number,
  waitMs: number,
  idleMs: number,
  signal: AbortSignal
): Promise<RawMessage[]> {
  const batch = queue.take(max)
  let deadline = Date.now() + (batch.length > 0 ? waitMs : idleMs)
  while (batch.length < max && !signal.aborted && !queue.ended) {
    const left = deadline - Date.now()
    if (left <= 0) break
    await queue.waitForData(left, signal)
    const wasEmpty = batch.length === 0
    batch.push(...queue.take(max - batch.length))
    if (wasEmpty && batch.length > 0) deadline = Date.now() + waitMs
  }
  return batch
}

export async function runProcessor(options: ProcessorOptions): Promise<ProcessorStats> {
  const { config } = options
  const log = options.logger.child({ component: 'processor', engine: 'native' })
  const batchSize = options.batchSize ?? 4000
  const batchWaitMs = options.batchWaitMs ?? 10
  const stop = new AbortController()
  const outer = options.signal
  const onAbort = (): void => stop.abort()
  if (outer?.aborted) stop.abort()
  outer?.addEventListener('abort', onAbort, { once: true })

  const stats: ProcessorStats = {
    consumed: 0,
    written: 0,
    deadLettered: 0,
    deadLetteredByKind: {},
    batches: 0,
    writeRetries: 0,
    commitFailures: 0,
    lastBatchMs: 0,
    startedAt: Date.now(),
    firstMessageAt: 0,
    lastWriteAt: 0,
    latency: { p50: 0, p95: 0, p99: 0, count: 0 }
  }
  const latency = new LatencyRecorder()

  await ensureTopics(config, pipelineTopics(config))
  let client: CassandraClient | undefined
  let consumer: Consumer<Buffer, Buffer, Buffer, Buffer> | undefined
  let dlq: Producer<Buffer, Buffer, Buffer, Buffer> | undefined
  let progressTimer: NodeJS.Timeout | undefined
  let lagTimer: NodeJS.Timeout | undefined
  try {
    client = await connectCassandra(config)
    const { addedColumns } = await ensureSchema(client, config)
    if (addedColumns.length > 0) log.warn({ addedColumns }, 'upgraded an existing table: added missing columns')
    const sink = createUserSink(
      client,
      config,
      options.concurrency === undefined ? {} : { concurrency: options.concurrency }
    )
    dlq = new Producer({
      clientId: `${config.kafka.clientId}-dlq`,
      ...kafkaConnection(config),
      idempotent: true,
      acks: ProduceAcks.ALL,
      autocreateTopics: false,
      ...kafkaRetryOptions
    })
    consumer = new Consumer({
      clientId: `${config.kafka.clientId}-processor`,
      groupId: config.kafka.groupId,
      ...kafkaConnection(config),
      sessionTimeout: 20_000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 30_000,
      // A broker restart is waited out (fetches, commits) instead of failing the stream.
      ...kafkaRetryOptions
    })
    const stream = await consumer.consume({
      topics: [config.kafka.topic],
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
      maxWaitTime: 100,
      // Bounded memory: one fetch brings at most a few MB (the default is 50 MB, decompressed in full),
      // and the stream buffers at most one batch ahead.
      maxBytes: 4 * 1024 * 1024,
      highWaterMark: batchSize
    })
    // The pump pulls through the stream's async iterator; a full queue stops it pulling, which stops the fetches.
    const queue = new BoundedQueue<RawMessage>(batchSize)
    let streamFailed: UserStreamerError | undefined
    const pump = (async () => {
      try {
        for await (const message of stream) await queue.push(message)
      } catch (error) {
        if (!stop.signal.aborted) {
          streamFailed = new UserStreamerError(
            'US_ERR_KAFKA',
            `the consumer stream of ${config.kafka.topic} failed: ${errorMessage(error)}`,
            {
              hint: 'restart the processor; it resumes from the last committed offsets',
              cause: error,
              retryable: true
            }
          )
        }
      } finally {
        queue.end()
      }
    })()
    log.info(
      {
        topic: config.kafka.topic,
        groupId: config.kafka.groupId,
        table: `${config.cassandra.keyspace}.${config.cassandra.table}`
      },
      'processing'
    )

    if (options.metrics) {
      const metrics = options.metrics
      const lagConsumer = consumer
      lagTimer = setInterval(() => {
        void lagOf(lagConsumer, config).then((lags) => {
          for (const [partition, lag] of lags.entries())
            metrics.consumerLag.set({ topic: config.kafka.topic, partition: String(partition) }, lag)
        })
      }, 5000)
      lagTimer.unref()
    }
    if (options.onProgress) {
      const every = options.progressEveryMs ?? 2000
      progressTimer = setInterval(() => options.onProgress?.({ ...stats, latency: latency.summary() }), every)
      progressTimer.unref()
    }

    // After a stop request, a batch stuck on a dead Cassandra gets 30 s more; then it is left uncommitted for replay.
    const hardStop = new AbortController()
    const armHardStop = (): void => void setTimeout(() => hardStop.abort(), 30_000).unref()
    if (stop.signal.aborted) armHardStop()
    else stop.signal.addEventListener('abort', armHardStop, { once: true })
    const retryForever = async (what: string, action: () => Promise<void>): Promise<boolean> => {
      for (let attempt = 1; ; attempt++) {
        try {
          await action()
          return true
        } catch (error) {
          if (isUserStreamerError(error) && !error.retryable) throw error
          stats.writeRetries++
          options.metrics?.retries.inc({
            stage: what === 'writing rows' ? 'sink' : 'dlq',
            reason: isUserStreamerError(error) ? error.code : 'unknown'
          })
          options.metrics?.errors.inc({
            stage: what === 'writing rows' ? 'sink' : 'dlq',
            code: isUserStreamerError(error) ? error.code : 'unknown'
          })
          const delay = backoffDelay(attempt, { baseMs: 250, maxMs: 10_000 })
          log.warn({ err: errorMessage(error), attempt, delayMs: delay }, `${what} failed; retrying`)
          if (!(await pause(delay, hardStop.signal))) return false
        }
      }
    }

    const dlqProducer = dlq
    const activeConsumer = consumer
    // Dead-letters then writes one batch; resolves false if it had to give up (hard stop), leaving it uncommitted.
    const handle = async (batch: Batch): Promise<boolean> => {
      if (batch.dead.length > 0) {
        // Several huge values (each capped at 512 KB) in one request would make a record batch the broker refuses
        // as a whole, and the retries would block the stream for good: send them in requests under 1 MB.
        const letters = batch.dead.map((dead) => toDeadLetter(dead, config.kafka.dlqTopic))
        for (const messages of chunkBySize(letters, deadLetterBytes, DLQ_MAX_REQUEST_BYTES)) {
          // Each request retried on its own: a retry never re-sends a request that was acknowledged.
          const sent = await retryForever('dead-lettering', () => dlqProducer.send({ messages }).then(() => undefined))
          if (!sent) return false
        }
        const at = new Date().toISOString()
        for (const { kind, reason, message } of batch.dead) {
          stats.deadLetteredByKind[kind] = (stats.deadLetteredByKind[kind] ?? 0) + 1
          log.warn({ kind, reason, partition: message.partition, offset: String(message.offset) }, 'dead-lettered')
          const { topic, partition } = message
          options.onDeadLetter?.({ kind, reason, topic, partition, offset: String(message.offset), at })
        }
        stats.deadLettered += batch.dead.length
        for (const { kind } of batch.dead) options.metrics?.usersDeadLettered.inc({ kind })
      }
      if (!(await retryForever('writing rows', () => sink.write(batch.rows)))) return false
      const now = Date.now()
      for (const timestamp of batch.timestamps) latency.record(now - Number(timestamp))
      const metrics = options.metrics
      if (metrics) {
        for (const timestamp of batch.timestamps) metrics.produceToRow.observe((now - Number(timestamp)) / 1000)
        for (const row of batch.rows) {
          const fetched = Date.parse(row.ingested_at)
          if (Number.isFinite(fetched)) metrics.fetchToRow.observe(Math.max(0, now - fetched) / 1000)
        }
        metrics.usersWritten.inc(batch.rows.length)
        metrics.batchSize.observe({ stage: 'process' }, batch.rows.length)
      }
      stats.written += batch.rows.length
      stats.lastWriteAt = now
      return true
    }
    // Commits strictly in batch order, so a committed offset never runs ahead of an unwritten row.
    const commit = async (batch: Batch): Promise<void> => {
      try {
        await activeConsumer.commit({ offsets: [...batch.offsets.values()] })
      } catch (error) {
        // A rebalance moved the partition: the new owner replays from the last commit; upserts make it harmless.
        stats.commitFailures++
        log.warn({ err: errorMessage(error) }, 'commit failed; the batch will be replayed by the partition owner')
      }
      stats.batches++
      stats.lastBatchMs = Date.now() - batch.startedAt
      options.onBatch?.(batch.rows)
    }

    // Up to `maxInFlight` batches are written at once (the next is read while the previous is written), so
    // Cassandra never idles at a batch boundary; memory stays bounded by maxInFlight * batchSize messages.
    const maxInFlight = 3
    const inFlight: { batch: Batch; done: Promise<boolean>; settled: boolean }[] = []
    let gaveUp = false
    const settleHead = async (): Promise<void> => {
      const head = inFlight.shift()
      if (!head) return
      if (await head.done) await commit(head.batch)
      else gaveUp = true
    }
    let lastDrainCheck = 0
    while (!stop.signal.aborted && !gaveUp) {
      const messages = await nextBatch(queue, batchSize, batchWaitMs, 500, stop.signal)
      if (messages.length === 0 && queue.ended && inFlight.length === 0) break
      if (messages.length > 0) {
        const batch = toBatch(messages)
        stats.firstMessageAt ||= batch.startedAt
        stats.consumed += messages.length
        options.metrics?.usersConsumed.inc(messages.length)
        const entry = { batch, done: handle(batch), settled: false }
        entry.done.finally(() => (entry.settled = true)).catch(() => {})
        inFlight.push(entry)
      }
      while (
        inFlight.length > 0 &&
        !gaveUp &&
        (inFlight.length >= maxInFlight || messages.length === 0 || inFlight[0]?.settled)
      )
        await settleHead()
      if (
        (options.drain || options.drainSignal?.aborted) &&
        inFlight.length === 0 &&
        (messages.length === 0 || Date.now() - lastDrainCheck > 2000)
      ) {
        lastDrainCheck = Date.now()
        if (await caughtUp(consumer, config)) {
          log.info({ consumed: stats.consumed }, 'drained: every partition is committed up to its end')
          break
        }
      }
    }
    // Stopping: finish (and commit) what is in hand; a batch given up on stays uncommitted for replay.
    while (inFlight.length > 0 && !gaveUp) await settleHead()
    if (gaveUp)
      log.warn({ uncommittedBatches: inFlight.length + 1 }, 'stopped with unwritten batches; they will be replayed')
    queue.end()
    await stream.close().catch((error: unknown) => log.warn({ err: errorMessage(error) }, 'closing the stream failed'))
    await pump
    if (streamFailed) throw streamFailed
  } finally {
    if (progressTimer) clearInterval(progressTimer)
    if (lagTimer) clearInterval(lagTimer)
    outer?.removeEventListener('abort', onAbort)
    await consumer
      ?.close()
      .catch((error: unknown) => log.warn({ err: errorMessage(error) }, 'closing the consumer failed'))
    await dlq?.close().catch(() => {})
    await client?.shutdown().catch(() => {})
  }
  const final = { ...stats, latency: latency.summary() }
  log.info(
    { consumed: final.consumed, written: final.written, deadLettered: final.deadLettered, latency: final.latency },
    'processor stopped'
  )
  return final
}

/** Messages behind the end, per partition, for the processor's group (committed offsets vs log end). */
async function lagOf(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, config: Config): Promise<number[]> {
  try {
    const ends = (await consumer.listOffsets({ topics: [config.kafka.topic] })).get(config.kafka.topic) ?? []
    const committed =
      (
        await consumer.listCommittedOffsets({
          topics: [{ topic: config.kafka.topic, partitions: ends.map((_, i) => i) }]
        })
      ).get(config.kafka.topic) ?? []
    return ends.map((end, i) => Number(end - ((committed[i] ?? -1n) < 0n ? 0n : (committed[i] ?? 0n))))
  } catch {
    return []
  }
}

async function caughtUp(consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, config: Config): Promise<boolean> {
  try {
    const ends = await consumer.listOffsets({ topics: [config.kafka.topic] })
    const partitions = ends.get(config.kafka.topic) ?? []
    const committed = await consumer.listCommittedOffsets({
      topics: [{ topic: config.kafka.topic, partitions: partitions.map((_, i) => i) }]
    })
    const done = committed.get(config.kafka.topic) ?? []
    return partitions.every((end, i) => end === 0n || (done[i] ?? -1n) >= end)
  } catch {
    // Not knowing is not caught up; the next check asks again.
    return false
  }
}
