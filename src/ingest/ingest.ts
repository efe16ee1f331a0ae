// One ingest run (the seed DAG's task `stream_data_from_api`): fetch pages of users from the randomuser API,
// turn each into a UserRecord and publish it to users_created, for a count of users or for a duration.
// Each run pins a seed, so page p of a run is reproducible and re-ingesting it upserts the same rows.
// Memory stays bounded: one page is being published while at most one more is being fetched.
import { randomBytes } from 'node:crypto'
import { Producer, ProduceAcks, stringSerializers } from '@platformatic/kafka'
import type { Config } from '../config/schema.ts'
import { errorMessage } from '../errors.ts'
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { UserRecord } from '../record/user-record.ts'
import { createUserProducer, type UserProducer } from '../broker/kafka/producer.ts'
import { kafkaRetryOptions } from '../broker/kafka/retry.ts'
import { ensureTopics, pipelineTopics } from '../broker/kafka/topics.ts'
import { createRandomuserClient, type FetchedBatch, type SourceEvent } from '../source/randomuser/client.ts'
import { toUserRecord } from '../transform/to-record.ts'
import { kafkaConnection } from '../broker/kafka/connection.ts'

export interface IngestOptions {
  config: Config
  logger: Logger
  /** Stop after this many users (exactly). */
  count?: number
  /** Stop starting new requests after this long. */
  durationMs?: number
  /** First page to fetch (default 1). */
  startPage?: number
  signal?: AbortSignal
  onProgress?: (stats: IngestStats) => void
  progressEveryMs?: number
  onSourceEvent?: (event: SourceEvent) => void
  metrics?: Metrics
}

export interface IngestStats {
  seed: string
  source: string
  firstPage: number
  lastPage: number
  requests: number
  fetched: number
  produced: number
  /** Results that failed v1.4 validation, quarantined in the DLQ with the reason. */
  rejected: number
  startedAt: number
  endedAt: number
  state: 'running' | 'success' | 'failed' | 'stopped'
  error?: string
}

const MAX_PAGE = 10_000

function sourceLabel(url: string, seed: string, page: number): string {
  const parsed = new URL(url)
  return `${parsed.host}${parsed.pathname} seed=${seed} page=${page}`
}

export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim())
  if (!match) return undefined
  const unit = match[2] ?? 's'
  return Math.round(Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'])
}

export async function runIngest(options: IngestOptions): Promise<IngestStats> {
  const { config } = options
  const log = options.logger.child({ component: 'ingest' })
  if (options.count === undefined && options.durationMs === undefined)
    throw new Error('runIngest needs a count or a duration')
  const seed = config.source.seed || randomBytes(8).toString('hex')
  const firstPage = options.startPage ?? 1
  const stats: IngestStats = {
    seed,
    source: config.source.url,
    firstPage,
    lastPage: firstPage - 1,
    requests: 0,
    fetched: 0,
    produced: 0,
    rejected: 0,
    startedAt: Date.now(),
    endedAt: 0,
    state: 'running'
  }
  const deadline = options.durationMs === undefined ? Infinity : stats.startedAt + options.durationMs
  const stop = new AbortController()
  const onAbort = (): void => stop.abort()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) stop.abort()
  const client = createRandomuserClient({
    url: config.source.url,
    timeoutMs: config.source.timeoutMs,
    retries: config.source.retries,
    backoffMs: config.source.backoffMs,
    backoffMaxMs: config.source.backoffMaxMs,
    requestsPerSecond: config.source.requestsPerSecond,
    logger: options.logger,
    onEvent: (event) => {
      if (event.type === 'request') {
        stats.requests++
        options.metrics?.sourceResponses.inc({ status: String(event.status) })
      }
      if (event.type === 'retry')
        options.metrics?.retries.inc({ stage: 'source', reason: event.reason.split(':')[0]?.slice(0, 40) ?? 'unknown' })
      options.onSourceEvent?.(event)
    }
  })

  await ensureTopics(config, pipelineTopics(config))
  const producer: UserProducer = createUserProducer(config, 'ingest')
  const quarantine = new Producer({
    clientId: `${config.kafka.clientId}-quarantine`,
    ...kafkaConnection(config),
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: false,
    ...kafkaRetryOptions
  })
  let progressTimer: NodeJS.Timeout | undefined
  if (options.onProgress) {
    progressTimer = setInterval(() => options.onProgress?.({ ...stats }), options.progressEveryMs ?? 2000)
    progressTimer.unref()
  }
  log.info(
    { seed, source: config.source.url, count: options.count, durationMs: options.durationMs },
    'ingest run started'
  )

  let planned = 0
  let page = firstPage
  const nextRequest = (): { page: number; results: number } | undefined => {
    if (stop.signal.aborted || Date.now() >= deadline) return undefined
    const remaining = options.count === undefined ? Infinity : options.count - planned
    if (remaining <= 0) return undefined
    const results = Math.min(config.source.batchSize, remaining)
    planned += results
    return { page: page++, results }
  }
  const fetchPage = (request: { page: number; results: number }): Promise<FetchedBatch> => {
    // Past the API's last page, continue under a derived seed so pages stay reproducible.
    const round = Math.floor((request.page - 1) / MAX_PAGE)
    const pageSeed = round === 0 ? seed : `${seed}-${round}`
    const apiPage = ((request.page - 1) % MAX_PAGE) + 1
    return client.fetchBatch(
      {
        results: request.results,
        page: apiPage,
        seed: pageSeed,
        ...(config.source.nat.length > 0 ? { nat: [...config.source.nat] } : {}),
        ...(config.source.gender !== 'any' ? { gender: config.source.gender } : {})
      },
      stop.signal
    )
  }

  try {
    let request = nextRequest()
    let inFlight = request ? fetchPage(request) : undefined
    while (inFlight && request) {
      const batch = await inFlight
      const current = request
      // Prefetch the next page while this one is published.
      request = nextRequest()
      inFlight = request ? fetchPage(request) : undefined
      inFlight?.catch(() => {}) // observed when awaited; avoids an unhandled rejection while we publish

      const ingestedAt = new Date()
      const label = sourceLabel(config.source.url, seed, current.page)
      const records: UserRecord[] = []
      const rejected: { reason: string; raw: unknown }[] = [...batch.rejected]
      for (const user of batch.users) {
        const result = toUserRecord(user, { source: label, ingestedAt })
        if (result.ok) records.push(result.record)
        else rejected.push({ reason: result.reason, raw: user })
      }
      await producer.publish(records)
      if (rejected.length > 0) {
        await quarantine.send({
          messages: rejected.map(({ reason, raw }) => ({
            topic: config.kafka.dlqTopic,
            value: JSON.stringify(raw) ?? 'null',
            headers: new Map([
              ['x-error-kind', 'source-invalid'],
              ['x-error-reason', reason],
              ['x-source-url', label],
              ['x-failed-at', new Date().toISOString()]
            ])
          }))
        })
        for (const { reason } of rejected) log.warn({ reason, page: current.page }, 'quarantined an invalid API result')
      }
      stats.fetched += batch.users.length + batch.rejected.length
      stats.produced += records.length
      stats.rejected += rejected.length
      const metrics = options.metrics
      if (metrics) {
        metrics.usersFetched.inc(
          { source: new URL(config.source.url).host },
          batch.users.length + batch.rejected.length
        )
        metrics.usersProduced.inc(records.length)
        if (rejected.length > 0) metrics.usersRejected.inc({ stage: 'source' }, rejected.length)
        metrics.batchSize.observe({ stage: 'ingest' }, records.length)
      }
      stats.lastPage = current.page
    }
    stats.state = stop.signal.aborted ? 'stopped' : 'success'
  } catch (error) {
    stats.state = stop.signal.aborted ? 'stopped' : 'failed'
    stats.error = errorMessage(error)
    options.metrics?.errors.inc({ stage: 'source', code: (error as { code?: string }).code ?? 'unknown' })
    if (stats.state === 'failed') throw Object.assign(error as object, { stats })
  } finally {
    stats.endedAt = Date.now()
    if (progressTimer) clearInterval(progressTimer)
    options.signal?.removeEventListener('abort', onAbort)
    await producer
      .close()
      .catch((error: unknown) => log.warn({ err: errorMessage(error) }, 'closing the producer failed'))
    await quarantine.close().catch(() => {})
    log.info({ ...stats }, 'ingest run ended')
  }
  return stats
}
