// The built-in DAG user_automation: a cron schedule (croner) whose every tick is claimed by exactly one scheduler
// (an LWT in Cassandra) and becomes a run of stream_data_from_api. Catchup runs the ticks missed while no scheduler
// was up, starting from the last claimed one.
import { Cron } from 'croner'
import type { Config } from '../config/schema.ts'
import { UserStreamerError, errorMessage } from '../errors.ts'
import type { Logger } from '../observability/logger.ts'
import { pause } from '../retry.ts'
import type { RunExecutor } from './executor.ts'
import type { RunStore } from './history.ts'

export function parseSchedule(expression: string): Cron {
  try {
    return new Cron(expression, { paused: true, timezone: 'UTC' })
  } catch (error) {
    throw new UserStreamerError(
      'US_ERR_CONFIG',
      `scheduler.cron: "${expression}" is not a cron expression (${errorMessage(error)})`,
      {
        hint: 'use five fields such as "*/5 * * * *", six with seconds, or @daily / @hourly'
      }
    )
  }
}

export interface SchedulerOptions {
  config: Config
  logger: Logger
  store: RunStore
  executor: RunExecutor
  signal: AbortSignal
  onTick?: (logicalDate: Date, claimed: boolean) => void
}

export async function runScheduler(options: SchedulerOptions): Promise<void> {
  const { config, store, executor, signal } = options
  const log = options.logger.child({ component: 'scheduler' })
  const cron = parseSchedule(config.scheduler.cron)
  let cursor = new Date()
  if (config.scheduler.catchup) {
    const last = await store.lastTick()
    if (last) cursor = last
  }
  log.info(
    { cron: config.scheduler.cron, catchup: config.scheduler.catchup, from: cursor.toISOString() },
    'scheduler started'
  )
  while (!signal.aborted) {
    const next = cron.nextRun(cursor)
    if (!next) break
    const wait = next.getTime() - Date.now()
    if (wait > 0 && !(await pause(wait, signal))) break
    let claimed = false
    try {
      claimed = await store.claimTick(next, executor.owner)
      if (claimed) await executor.trigger({ trigger: 'scheduled', logicalDate: next })
    } catch (error) {
      // Cassandra unreachable at a tick: say so, and try the next tick.
      log.error({ logicalDate: next.toISOString(), err: errorMessage(error) }, 'could not claim or start the tick')
    }
    options.onTick?.(next, claimed)
    log.debug({ logicalDate: next.toISOString(), claimed }, 'tick')
    cursor = next
  }
  log.info('scheduler stopped')
}
