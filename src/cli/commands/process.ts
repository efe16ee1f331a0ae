import { Command, Option } from 'commander'
import type { Config } from '../../config/schema.ts'
import type { Logger } from '../../observability/logger.ts'
import { runProcessor } from '../../processor/engine.ts'
import { runSparkProcessor } from '../../processor/spark/engine.ts'
import { addSettingOptions, configFrom, loggerFor, pipelineSettings, sparkSettings } from '../options.ts'
import { onStopSignals } from '../signals.ts'

interface ProcessOptions {
  engine: string
  drain?: boolean
  json?: boolean
  checkpoint?: string
  trigger?: string
}

/** The spark engine: one Structured Streaming query on a Spark Connect server, watched until stopped. */
async function processWithSpark(config: Config, logger: Logger, opts: ProcessOptions, signal: AbortSignal) {
  const stats = await runSparkProcessor({
    config,
    logger,
    drain: opts.drain ?? false,
    signal,
    onProgress: (s, batch) => {
      if (batch.numInputRows === 0) return
      process.stderr.write(
        `process[spark]: batch ${batch.batchId}: ${batch.numInputRows} rows in ${batch.batchDurationMs} ms ` +
          `(${Math.round(batch.inputRowsPerSecond)} rows/s in, ${Math.round(batch.processedRowsPerSecond)} rows/s processed); ` +
          `total written ${s.written}, rejected ${s.rejected}\n`
      )
    }
  })
  const busySeconds = stats.lastBatchAt ? (stats.lastBatchAt - stats.firstBatchAt) / 1000 : 0
  const summary = {
    engine: 'spark',
    sparkVersion: stats.sparkVersion,
    queryId: stats.queryId,
    checkpoint: stats.checkpoint,
    batches: stats.batches,
    consumed: stats.consumed,
    written: stats.written,
    rejected: stats.rejected,
    batchMs: stats.batchMs,
    seconds: (Date.now() - stats.startedAt) / 1000,
    busySeconds
  }
  process.stdout.write(
    opts.json
      ? JSON.stringify(summary, null, 2) + '\n'
      : `processed (spark ${stats.sparkVersion}): consumed ${summary.consumed}, written ${summary.written}, rejected ${summary.rejected} in ${summary.seconds.toFixed(1)} s\n`
  )
}

export function processCommand(): Command {
  const command = new Command('process')
    .description('Kafka users_created -> Cassandra spark_streams.created_users (consumer group; bad records -> DLQ)')
    .addOption(new Option('--engine <engine>', 'processing engine').choices(['native', 'spark']).default('native'))
    .option('--drain', 'exit once every partition is committed up to its end')
    .option('--json', 'print the final figures as JSON')
    .option('--checkpoint <dir>', 'spark engine: checkpoint location on the Spark server (same as --spark-checkpoint)')
    .option('--trigger <interval>', 'spark engine: processing-time trigger, e.g. "1 second" (same as --spark-trigger)')
  addSettingOptions(command, [...pipelineSettings, ...sparkSettings]).action(
    async (opts: ProcessOptions, cmd: Command) => {
      const config = configFrom(cmd, { 'spark.checkpoint': opts.checkpoint, 'spark.trigger': opts.trigger })
      const logger = loggerFor(config, 'process')
      const { signal, dispose } = onStopSignals(logger)
      try {
        if (opts.engine === 'spark') return await processWithSpark(config, logger, opts, signal)
        const stats = await runProcessor({
          config,
          logger,
          drain: opts.drain ?? false,
          signal,
          onProgress: (s) => {
            const seconds = (Date.now() - s.startedAt) / 1000
            process.stderr.write(
              `process: consumed ${s.consumed}, written ${s.written}, dead-lettered ${s.deadLettered}, ${Math.round(s.written / Math.max(seconds, 0.001))} rows/s, p99 ${Math.round(s.latency.p99)} ms\n`
            )
          }
        })
        const summary = {
          consumed: stats.consumed,
          written: stats.written,
          deadLettered: stats.deadLettered,
          deadLetteredByKind: stats.deadLetteredByKind,
          writeRetries: stats.writeRetries,
          commitFailures: stats.commitFailures,
          latencyMs: stats.latency,
          seconds: (Date.now() - stats.startedAt) / 1000,
          busySeconds: stats.lastWriteAt ? (stats.lastWriteAt - stats.firstMessageAt) / 1000 : 0
        }
        process.stdout.write(
          opts.json
            ? JSON.stringify(summary, null, 2) + '\n'
            : `processed: consumed ${summary.consumed}, written ${summary.written}, dead-lettered ${summary.deadLettered} in ${summary.seconds.toFixed(1)} s\n`
        )
      } finally {
        dispose()
      }
    }
  )
  return command
}
