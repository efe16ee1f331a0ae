// Runs of the DAG's one task, stream_data_from_api: an ingest run, recorded in the history. Manual, scheduled and
// Airflow-triggered runs all go through here; the Cassandra lease keeps them one at a time across processes.
import { randomBytes } from 'node:crypto'
import type { Config } from '../config/schema.ts'
import { errorMessage } from '../errors.ts'
import { type IngestStats, runIngest } from '../ingest/ingest.ts'
import type { Logger } from '../observability/logger.ts'
import type { Metrics } from '../observability/metrics.ts'
import { backoffDelay, pause } from '../retry.ts'
import { DAG_ID, type RunRecord, type RunStore, TASK_ID } from './history.ts'

export interface RunRequest {
  trigger: string
  logicalDate?: Date
  durationMs?: number
  count?: number
  source?: string
  seed?: string
}

export interface RunExecutorOptions {
  config: Config
  logger: Logger
  store: RunStore
  /** Called whenever a run changes state (dashboard, metrics). */
  onChange?: (run: RunRecord) => void
  metrics?: Metrics
}

export class RunExecutor {
  readonly owner = `${process.pid}-${randomBytes(4).toString('hex')}`
  readonly #options: RunExecutorOptions
  readonly #log: Logger
  readonly #stop = new AbortController()
  readonly #active = new Set<Promise<void>>()

  constructor(options: RunExecutorOptions) {
    this.#options = options
    this.#log = options.logger.child({ component: 'scheduler', dagId: DAG_ID })
  }

  /** Records a queued run and starts it in the background; resolves with the queued record. */
  async trigger(request: RunRequest): Promise<RunRecord> {
    const { store, config } = this.#options
    const run: RunRecord = {
      runId: store.newRunId(),
      dagId: DAG_ID,
      taskId: TASK_ID,
      logicalDate: (request.logicalDate ?? new Date()).toISOString(),
      trigger: request.trigger,
      state: 'queued',
      attempt: 0,
      startedAt: null,
      endedAt: null,
      fetched: 0,
      produced: 0,
      rejected: 0,
      error: null,
      params: {
        ...(request.count === undefined
          ? { durationMs: request.durationMs ?? config.scheduler.runDurationMs }
          : { count: request.count }),
        ...(request.count !== undefined && request.durationMs !== undefined ? { durationMs: request.durationMs } : {}),
        ...(request.source ? { source: request.source } : {}),
        ...(request.seed ? { seed: request.seed } : {})
      }
    }
    await store.save(run)
    this.#emit(run)
    this.#options.metrics?.runState.inc({ state: 'queued' })
    this.#log.info({ runId: run.runId, trigger: run.trigger, logicalDate: run.logicalDate }, 'run queued')
    const task = this.#execute(run, request).catch((error: unknown) =>
      this.#log.error({ runId: run.runId, err: errorMessage(error) }, 'run bookkeeping failed')
    )
    this.#active.add(task)
    void task.finally(() => this.#active.delete(task))
    return { ...run }
  }

  /** Stops waiting runs and the running one (its produced users stay produced), then waits for them. */
  async close(): Promise<void> {
    this.#stop.abort()
    await Promise.allSettled([...this.#active])
  }

  /** Waits for every run started so far to end. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#active])
  }

  #emit(run: RunRecord): void {
    this.#options.onChange?.({ ...run })
  }

  async #execute(run: RunRecord, request: RunRequest): Promise<void> {
    const { store, config } = this.#options
    // Never two runs at once, across processes: wait for the lease.
    while (!(await store.acquireLease(this.owner, run.runId))) {
      if (!(await pause(1000, this.#stop.signal))) return this.#finish(run, 'failed', 'stopped before it could start')
    }
    const renew = setInterval(() => {
      store
        .renewLease(this.owner, run.runId)
        .catch((error: unknown) => this.#log.warn({ err: errorMessage(error) }, 'lease renewal failed'))
    }, 10_000)
    renew.unref()
    this.#options.metrics?.runState.dec({ state: 'queued' })
    this.#options.metrics?.runState.inc({ state: 'running' })
    try {
      run.state = 'running'
      run.startedAt = new Date().toISOString()
      const runConfig: Config = {
        ...config,
        source: {
          ...config.source,
          ...(request.source ? { url: request.source } : {}),
          ...(request.seed ? { seed: request.seed } : {})
        }
      }
      for (let attempt = 1; ; attempt++) {
        run.attempt = attempt
        await store.save(run)
        this.#emit(run)
        this.#log.info({ runId: run.runId, attempt }, 'run started')
        try {
          const stats = await runIngest({
            config: runConfig,
            logger: this.#options.logger,
            ...(this.#options.metrics ? { metrics: this.#options.metrics } : {}),
            signal: this.#stop.signal,
            ...(run.params.count === undefined ? {} : { count: run.params.count as number }),
            ...(run.params.durationMs === undefined ? {} : { durationMs: run.params.durationMs as number }),
            onProgress: (s) => {
              this.#count(run, s)
              this.#emit(run)
              store.save(run).catch(() => {}) // progress in the history is best-effort; the final save is not
            }
          })
          this.#count(run, stats)
          return await this.#finish(
            run,
            stats.state === 'success' ? 'success' : 'failed',
            stats.state === 'stopped' ? 'stopped by shutdown' : null
          )
        } catch (error) {
          const stats = (error as { stats?: IngestStats }).stats
          if (stats) this.#count(run, stats)
          run.error = errorMessage(error)
          if (attempt > config.scheduler.retries || this.#stop.signal.aborted)
            return await this.#finish(run, 'failed', run.error)
          const delay = backoffDelay(attempt, { baseMs: 2000, maxMs: 60_000 })
          this.#log.warn({ runId: run.runId, attempt, delayMs: delay, err: run.error }, 'run failed; retrying')
          if (!(await pause(delay, this.#stop.signal))) return await this.#finish(run, 'failed', run.error)
        }
      }
    } finally {
      this.#options.metrics?.runState.dec({ state: 'running' })
      clearInterval(renew)
      await store.releaseLease(this.owner).catch(() => {})
    }
  }

  #count(run: RunRecord, stats: IngestStats): void {
    // Across attempts the counts add up: each attempt's users were produced (and are upserted by id).
    run.fetched = stats.fetched
    run.produced = stats.produced
    run.rejected = stats.rejected
  }

  async #finish(run: RunRecord, state: 'success' | 'failed', error: string | null): Promise<void> {
    if (run.state === 'queued') this.#options.metrics?.runState.dec({ state: 'queued' })
    this.#options.metrics?.runs.inc({ state, trigger: run.trigger })
    run.state = state
    run.error = state === 'success' ? null : error
    run.endedAt = new Date().toISOString()
    await this.#options.store.save(run)
    this.#emit(run)
    this.#log.info({ runId: run.runId, state, produced: run.produced, error: run.error }, 'run ended')
  }
}
