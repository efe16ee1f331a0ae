import { Command } from 'commander'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import { parseDuration, runIngest } from '../../ingest/ingest.ts'
import { runProcessor } from '../../processor/engine.ts'
import { startRandomuserServer } from '../../source/randomuser/server.ts'
import { servicesUp } from '../../stack/stack.ts'
import type { Config } from '../../config/schema.ts'
import { settingsByPath } from '../../config/schema.ts'
import {
  addSettingOptions,
  cassandraSettings,
  commonSettings,
  configFrom,
  kafkaSettings,
  loggerFor,
  progressPrinter,
  sourceSettings,
  stackSettings
} from '../options.ts'
import { onStopSignals } from '../signals.ts'

const defaultOf = (path: string): unknown => settingsByPath.get(path)?.defaultValue

/** Kafka and Cassandra are the local stack's unless the user pointed them elsewhere. */
function usesLocalStack(config: Config): boolean {
  return (
    JSON.stringify(config.kafka.brokers) === JSON.stringify([`127.0.0.1:${config.stack.kafka.port}`]) &&
    JSON.stringify(config.cassandra.contactPoints) === JSON.stringify([`127.0.0.1:${config.stack.cassandra.port}`])
  )
}

async function reachable(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}results=1`, {
      signal: AbortSignal.timeout(8000)
    })
    await response.body?.cancel()
    return response.ok ? undefined : `HTTP ${response.status}`
  } catch (error) {
    return errorMessage((error as Error).cause ?? error)
  }
}

export function startCommand(): Command {
  const command = new Command('start')
    .description(
      'the main job: local Kafka + Cassandra (unless configured elsewhere), the processor, and an ingest run like the original DAG task (stream from the API for 60 s); then keeps processing until Ctrl-C'
    )
    .option('--duration <time>', 'length of the ingest run', '60s')
    .option('--once', 'exit once the ingest run has been processed (instead of processing until Ctrl-C)')
  addSettingOptions(command, [
    ...commonSettings,
    ...kafkaSettings,
    ...cassandraSettings,
    ...sourceSettings,
    ...stackSettings
  ]).action(async (opts: { duration: string; once?: boolean }, cmd: Command) => {
    const durationMs = parseDuration(opts.duration)
    if (durationMs === undefined || durationMs <= 0)
      throw new UserStreamerError(
        'US_ERR_USAGE',
        `--duration: expected a time such as 60s or 5m, got "${opts.duration}"`
      )
    let config = configFrom(cmd)
    const logger = loggerFor(config, 'start')
    const say = progressPrinter()
    const { signal, dispose } = onStopSignals(logger)
    let fallback: Awaited<ReturnType<typeof startRandomuserServer>> | undefined
    try {
      if (usesLocalStack(config)) {
        for (const line of await servicesUp({ config, logger, progress: say })) say(line)
      }
      if (config.source.url === defaultOf('source.url')) {
        const problem = await reachable(config.source.url)
        if (problem) {
          fallback = await startRandomuserServer({ port: 0, logger })
          say(
            `WARNING: ${config.source.url} cannot be reached (${problem}); using the built-in randomuser-compatible server at ${fallback.apiUrl} instead — its users are generated locally. Set --source-url to choose another API.`
          )
          config = { ...config, source: { ...config.source, url: fallback.apiUrl } }
        }
      }
      const ingestEnded = new AbortController()
      const processing = runProcessor({
        config,
        logger,
        signal,
        drainSignal: opts.once ? ingestEnded.signal : undefined,
        onProgress: (s) =>
          say(`process: written ${s.written}, dead-lettered ${s.deadLettered}, p99 ${Math.round(s.latency.p99)} ms`)
      })
      processing.catch(() => {})
      say(`ingest: streaming users from ${config.source.url} for ${opts.duration}`)
      try {
        const run = await runIngest({
          config,
          logger,
          durationMs,
          signal,
          onProgress: (s) => say(`ingest: produced ${s.produced}, rejected ${s.rejected}`)
        })
        say(
          `ingest: run ${run.state}: ${run.produced} users produced (${run.rejected} rejected), seed ${run.seed}, pages ${run.firstPage}-${run.lastPage}`
        )
      } finally {
        ingestEnded.abort()
      }
      if (!opts.once && !signal.aborted)
        say(
          'process: running until Ctrl-C; see the users with `npx user-streamer users` (or `node src/cli/main.ts users`)'
        )
      const stats = await processing
      say(`process: stopped after writing ${stats.written} rows (${stats.deadLettered} dead-lettered)`)
    } finally {
      await fallback?.close()
      dispose()
    }
  })
  return command
}
