// The spark engine: the same Kafka -> Cassandra job as the native engine, run as a Structured Streaming query on a
// real Spark through Spark Connect. Spark owns the data path and its checkpoint (offsets + commit log), so a stop or
// crash at any moment resumes exactly where the last committed micro-batch ended; upserts by id make the replay of
// an interrupted batch harmless. This process defines the query, watches it (status + progress; the polls also keep
// the server-side session alive), surfaces a failure as a coded error and stops the query on a stop signal.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Config } from '../../config/schema.ts'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import type { Logger } from '../../observability/logger.ts'
import type { Metrics } from '../../observability/metrics.ts'
import { ensureTopics, pipelineTopics, topicEndOffsets } from '../../broker/kafka/topics.ts'
import { connectCassandra } from '../../sink/cassandra/client.ts'
import { ensureSchema } from '../../sink/cassandra/ddl.ts'
import { LatencyRecorder } from '../latency.ts'
import { type QueryInstanceId, SparkConnectSession, type StreamingQueryCommandResult } from './connect.ts'
import { checkpointLocation, queryCommand, queryName, streamingQueryCommand } from './plan.ts'
import { type BatchProgress, coversEnd, parseProgress } from './progress.ts'

export interface SparkProcessorOptions {
  config: Config
  logger: Logger
  /** Stop the query and return once it has read every partition up to the end it had when checked. */
  drain?: boolean
  /** Stop the query and return. */
  signal?: AbortSignal
  /** Called after each completed micro-batch. */
  onProgress?: (stats: SparkProcessorStats, batch: BatchProgress) => void
  metrics?: Metrics
}

export interface SparkProcessorStats {
  sparkVersion: string
  queryId: string
  runId: string
  checkpoint: string
  /** Micro-batches completed by this run (with data or not). */
  batches: number
  /** Kafka messages read by this run. */
  consumed: number
  /** Rows written: messages that parsed into a valid record. */
  written: number
  /** Messages not written: not JSON, wrong shape or no valid id (counted by the query's observed metrics). */
  rejected: number
  startedAt: number
  /** First and last completed batch that had data (ms since epoch), for throughput. */
  firstBatchAt: number
  lastBatchAt: number
  /** Micro-batch wall time percentiles over batches with data. */
  batchMs: { p50: number; p95: number; p99: number; count: number }
  lastBatch?: BatchProgress
}

/** Consecutive failed polls before the server is given up on (with pollMs between them). */
const MAX_POLL_FAILURES = 5

function resultOf(responses: { streaming_query_command_result?: StreamingQueryCommandResult }[]) {
  return responses.find((response) => response.streaming_query_command_result)?.streaming_query_command_result
}

/** How long a start waits for Spark's connector to see a keyspace or table that was just created. */
const SCHEMA_WAIT_MS = 20_000

/**
 * Starts the query. The connector's driver on the Spark side learns about schema changes by events, a second or so
 * after they happen, so a keyspace created just before may still be "not found" there: that one error is retried.
 */
async function startQuery(session: SparkConnectSession, config: Config, log: Logger) {
  const deadline = Date.now() + SCHEMA_WAIT_MS
  for (;;) {
    try {
      return await session.executeCommand(streamingQueryCommand(config), 'the streaming query')
    } catch (error) {
      const unseen = /Couldn't find (keyspace|table)/i.test(errorMessage(error))
      if (!unseen || Date.now() > deadline) throw error
      log.info({ err: errorMessage(error) }, 'Spark does not see the new table yet; retrying')
      await sleep(1000)
    }
  }
}

export async function runSparkProcessor(options: SparkProcessorOptions): Promise<SparkProcessorStats> {
  const { config, metrics } = options
  const log = options.logger.child({ component: 'processor', engine: 'spark' })

  // The same preconditions as the native engine: the topics and the table exist (Spark does not create them).
  await ensureTopics(config, pipelineTopics(config))
  const cassandra = await connectCassandra(config)
  try {
    await ensureSchema(cassandra, config)
  } finally {
    await cassandra.shutdown().catch(() => {})
  }

  const session = new SparkConnectSession(config.spark.remote)
  try {
    const sparkVersion = await session.sparkVersion()
    const started = await startQuery(session, config, log)
    const result = started.find((r) => r.write_stream_operation_start_result)?.write_stream_operation_start_result
    const query: QueryInstanceId | undefined = result?.query_id
    if (!query?.id) {
      throw new UserStreamerError('US_ERR_SPARK_QUERY', 'Spark accepted the streaming query but returned no query id', {
        hint: 'check that the server is Spark 3.5 or newer (streaming over Spark Connect starts with 3.5)'
      })
    }
    const stats: SparkProcessorStats = {
      sparkVersion,
      queryId: query.id,
      runId: query.run_id,
      checkpoint: checkpointLocation(config),
      batches: 0,
      consumed: 0,
      written: 0,
      rejected: 0,
      startedAt: Date.now(),
      firstBatchAt: 0,
      lastBatchAt: 0,
      batchMs: { p50: 0, p95: 0, p99: 0, count: 0 }
    }
    log.info(
      { sparkVersion, queryId: query.id, runId: query.run_id, name: queryName(config), checkpoint: stats.checkpoint },
      'streaming query started'
    )
    const batchMs = new LatencyRecorder(10_000)
    const command = (what: Parameters<typeof queryCommand>[1]) =>
      session.executeCommand(queryCommand(query, what), `${what.replace('_', ' ')} of the query`, 30_000)

    let counted = -1 // highest micro-batch id with data already counted
    const account = (batch: BatchProgress): void => {
      if (batch.numInputRows === 0 || batch.batchId <= counted) return
      counted = batch.batchId
      const written = batch.numInputRows - batch.rejected
      stats.batches++
      stats.lastBatch = batch
      stats.consumed += batch.numInputRows
      stats.rejected += batch.rejected
      stats.written += written
      stats.firstBatchAt ||= Date.now()
      stats.lastBatchAt = Date.now()
      batchMs.record(batch.batchDurationMs)
      stats.batchMs = batchMs.summary()
      metrics?.usersConsumed.inc(batch.numInputRows)
      metrics?.usersWritten.inc(written)
      metrics?.batchSize.observe({ stage: 'spark' }, batch.numInputRows)
      if (batch.rejected > 0) {
        metrics?.usersRejected.inc({ stage: 'spark' }, batch.rejected)
        log.warn({ batchId: batch.batchId, rejected: batch.rejected }, 'messages not written: not a valid user record')
      }
      options.onProgress?.(stats, batch)
    }
    /** Counts every retained report not counted yet: batches can finish faster than the polls. */
    const catchUp = async (): Promise<void> => {
      const reports = resultOf(await command('recent_progress'))?.recent_progress?.recent_progress_json ?? []
      for (const json of reports) account(parseProgress(json))
    }
    const stopQuery = async (why: string): Promise<void> => {
      await command('stop')
      // A stopped query stays queryable: count what finished between the last poll and the stop.
      await catchUp().catch((error: unknown) =>
        log.warn({ err: errorMessage(error) }, 'reading the final progress failed')
      )
      log.info({ queryId: query.id, why, consumed: stats.consumed }, 'streaming query stopped')
    }

    let failures = 0
    for (;;) {
      if (options.signal?.aborted) {
        await stopQuery('stop signal')
        break
      }
      try {
        const status = resultOf(await command('status'))?.status
        if (status && !status.is_active) {
          const exception = resultOf(await command('exception'))?.exception
          throw new UserStreamerError(
            'US_ERR_SPARK_QUERY',
            `the streaming query stopped with an error: ${(exception?.exception_message ?? status.status_message).split('\n')[0]}`,
            {
              hint: 'read the Spark server log; restart the engine to resume from the checkpoint once fixed',
              details: { errorClass: exception?.error_class, queryId: query.id }
            }
          )
        }
        const json = resultOf(await command('last_progress'))?.recent_progress?.recent_progress_json.at(-1)
        failures = 0
        if (json) {
          const batch = parseProgress(json)
          if (batch.numInputRows > 0 && batch.batchId > counted + 1) await catchUp()
          account(batch)
          // Only an idle query can be drained, so the topic's end offsets are asked for only then.
          if (
            options.drain &&
            !status?.is_data_available &&
            coversEnd(batch.endOffsets, config.kafka.topic, await topicEndOffsets(config, config.kafka.topic))
          ) {
            await stopQuery('drained: every partition read up to its end')
            break
          }
        }
      } catch (error) {
        if (error instanceof UserStreamerError && error.code === 'US_ERR_SPARK_QUERY') throw error
        failures++
        log.warn({ err: errorMessage(error), failures }, 'polling the streaming query failed')
        if (failures >= MAX_POLL_FAILURES) throw error
      }
      await sleep(config.spark.pollMs, undefined, { signal: options.signal }).catch(() => {})
    }
    return stats
  } finally {
    session.close()
  }
}
