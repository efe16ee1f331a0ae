import { Command } from 'commander'
import { UserStreamerError } from '../../errors.ts'
import { parseDuration, runIngest } from '../../ingest/ingest.ts'
import { addSettingOptions, configFrom, loggerFor, pipelineSettings } from '../options.ts'
import { onStopSignals } from '../signals.ts'

export function ingestCommand(): Command {
  const command = new Command('ingest')
    .description('randomuser API -> Kafka users_created, for --count users or for --duration')
    .option('--count <n>', 'stop after exactly this many users')
    .option('--duration <time>', 'stream for this long, e.g. 60s, 5m')
    .option('--source <url>', 'API URL (same as --source-url)')
    .option('--page <n>', 'first page to fetch', '1')
    .option('--json', 'print the run summary as JSON')
  addSettingOptions(command, [...pipelineSettings]).action(
    async (
      opts: { count?: string; duration?: string; source?: string; page: string; json?: boolean },
      cmd: Command
    ) => {
      if ((opts.count === undefined) === (opts.duration === undefined)) {
        throw new UserStreamerError('US_ERR_USAGE', 'ingest needs exactly one of --count N or --duration TIME', {
          hint: 'e.g. `user-streamer ingest --count 1000` or `--duration 60s`'
        })
      }
      const count = opts.count === undefined ? undefined : Number(opts.count)
      if (count !== undefined && (!Number.isInteger(count) || count < 1)) {
        throw new UserStreamerError('US_ERR_USAGE', `--count: expected a whole number >= 1, got "${opts.count}"`)
      }
      const durationMs = opts.duration === undefined ? undefined : parseDuration(opts.duration)
      if (opts.duration !== undefined && (durationMs === undefined || durationMs <= 0)) {
        throw new UserStreamerError(
          'US_ERR_USAGE',
          `--duration: expected a time such as 60s, 5m or 1500ms, got "${opts.duration}"`
        )
      }
      const startPage = Number(opts.page)
      if (!Number.isInteger(startPage) || startPage < 1)
        throw new UserStreamerError('US_ERR_USAGE', `--page: expected a whole number >= 1, got "${opts.page}"`)
      if (opts.source !== undefined) cmd.setOptionValue('sourceUrl', opts.source)
      const config = configFrom(cmd)
      const logger = loggerFor(config, 'ingest')
      const { signal, dispose } = onStopSignals(logger)
      try {
        const stats = await runIngest({
          config,
          logger,
          startPage,
          signal,
          ...(count === undefined ? {} : { count }),
          ...(durationMs === undefined ? {} : { durationMs }),
          onProgress: (s) =>
            process.stderr.write(
              `ingest: fetched ${s.fetched}, produced ${s.produced}, rejected ${s.rejected}, ${Math.round(s.produced / Math.max((Date.now() - s.startedAt) / 1000, 0.001))} users/s\n`
            )
        })
        const seconds = (stats.endedAt - stats.startedAt) / 1000
        process.stdout.write(
          opts.json
            ? JSON.stringify({ ...stats, seconds }, null, 2) + '\n'
            : `ingested: ${stats.produced} users produced to ${config.kafka.topic} (${stats.rejected} rejected) from ${stats.source} seed=${stats.seed} pages ${stats.firstPage}-${stats.lastPage} in ${seconds.toFixed(1)} s\n`
        )
        if (stats.state === 'stopped') process.exitCode = 130
      } finally {
        dispose()
      }
    }
  )
  return command
}
