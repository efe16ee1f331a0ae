import { Command } from 'commander'
import { UserStreamerError } from '../../errors.ts'
import { parseDuration } from '../../ingest/ingest.ts'
import { runScheduler } from '../../scheduler/schedule.ts'
import { addSettingOptions, configFrom, loggerFor, pipelineSettings } from '../options.ts'
import { openRuntime } from '../runtime.ts'
import { onStopSignals } from '../signals.ts'

export function scheduleCommand(): Command {
  const command = new Command('schedule')
    .description(
      'the built-in DAG user_automation: runs stream_data_from_api on a cron schedule (one run per tick, even with several schedulers)'
    )
    .option('--cron <expression>', 'schedule (same as --scheduler-cron), e.g. "*/1 * * * *" or @daily')
    .option('--duration <time>', 'length of each run (same as --scheduler-run-duration-ms), e.g. 10s')
    .option('--catchup', 'run the ticks missed while no scheduler was running')
    .option('--trigger-now', 'also start one run right away (a manual trigger)')
  addSettingOptions(command, [
    ...pipelineSettings,
    'scheduler.cron',
    'scheduler.runDurationMs',
    'scheduler.catchup',
    'scheduler.retries'
  ]).action(
    async (opts: { cron?: string; duration?: string; catchup?: boolean; triggerNow?: boolean }, cmd: Command) => {
      if (opts.cron) cmd.setOptionValue('schedulerCron', opts.cron)
      if (opts.catchup) cmd.setOptionValue('schedulerCatchup', 'true')
      if (opts.duration !== undefined) {
        const ms = parseDuration(opts.duration)
        if (!ms)
          throw new UserStreamerError(
            'US_ERR_USAGE',
            `--duration: expected a time such as 10s or 1m, got "${opts.duration}"`
          )
        cmd.setOptionValue('schedulerRunDurationMs', String(ms))
      }
      const config = configFrom(cmd)
      const logger = loggerFor(config, 'schedule')
      const { signal, dispose } = onStopSignals(logger)
      const runtime = await openRuntime(config, logger)
      try {
        process.stderr.write(
          `schedule: DAG user_automation on "${config.scheduler.cron}" (UTC), runs of ${config.scheduler.runDurationMs / 1000} s${config.scheduler.catchup ? ', catchup on' : ''}\n`
        )
        if (opts.triggerNow) await runtime.executor.trigger({ trigger: 'manual' })
        await runScheduler({ config, logger, store: runtime.store, executor: runtime.executor, signal })
      } finally {
        await runtime.close()
        dispose()
      }
    }
  )
  return command
}
