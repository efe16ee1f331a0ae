import { Command, Option } from 'commander'
import { UserStreamerError } from '../../errors.ts'
import { runProcessor } from '../../processor/engine.ts'
import { addSettingOptions, configFrom, loggerFor, pipelineSettings } from '../options.ts'
import { onStopSignals } from '../signals.ts'

export function processCommand(): Command {
  const command = new Command('process')
    .description('Kafka users_created -> Cassandra spark_streams.created_users (consumer group; bad records -> DLQ)')
    .addOption(new Option('--engine <engine>', 'processing engine').choices(['native', 'spark']).default('native'))
    .option('--drain', 'exit once every partition is committed up to its end')
    .option('--json', 'print the final figures as JSON')
  addSettingOptions(command, [...pipelineSettings]).action(
    async (opts: { engine: string; drain?: boolean; json?: boolean }, cmd: Command) => {
      const config = configFrom(cmd)
      if (opts.engine !== 'native') {
        throw new UserStreamerError('US_ERR_USAGE', 'the spark engine is not available in this version', {
          hint: 'use --engine native'
        })
      }
      const logger = loggerFor(config, 'process')
      const { signal, dispose } = onStopSignals(logger)
      try {
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
