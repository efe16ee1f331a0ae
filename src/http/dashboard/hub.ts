// The dashboard's in-process event hub: the processor (users written, dead letters), the run executor (run changes)
// and a stats tick (read from the Prometheus metrics) publish here; every open dashboard (an SSE stream) subscribes.
// Bursts are coalesced: users and run changes are flushed a few times a second, stats once per tick, so a 4000-row
// batch costs one small event, not 4000. Recent users, the stats history and the latest DLQ reasons are kept, so a
// dashboard opened late starts with the last minutes (the `snapshot` event).
import type { Metrics } from '../../observability/metrics.ts'
import type { DeadLetterInfo } from '../../processor/engine.ts'
import type { UserRecord } from '../../record/user-record.ts'
import type { RunRecord } from '../../scheduler/history.ts'

/** A user card: what the dashboard shows of a row just written to Cassandra. */
export interface DashboardUser {
  id: string
  first_name: string
  last_name: string
  email: string
  nat: string
  /** The last part of the address ("…, <city>, <state>, <country>"). */
  country: string
  city: string
  picture: string
  ingested_at: string
  /** When the hub saw the row written (ms since the epoch). */
  written_at: number
}

/** One point of the charts. */
export interface StatsPoint {
  /** ms since the epoch */
  at: number
  /** Rows written since the previous point, per second. */
  rowsPerSecond: number
  /** Consumer lag by partition (the last sample of user_streamer_consumer_lag). */
  lag: Record<string, number>
}

/** The payload of a `stats` event: the newest point, the totals and the dead letters. */
export interface DashboardStats {
  point: StatsPoint
  totals: {
    fetched: number
    produced: number
    consumed: number
    written: number
    deadLettered: number
    rejected: number
    lag: number
  }
  deadLetteredByKind: Record<string, number>
  /** The latest dead letters, newest first. */
  deadLetters: DeadLetterInfo[]
}

/** The payload of the `snapshot` event, sent first on every new stream. */
export interface DashboardSnapshot {
  users: DashboardUser[]
  history: StatsPoint[]
  stats: DashboardStats
}

/** The payload of a `users` event: the newest users of the rows written since the last flush. */
export interface DashboardUsersEvent {
  /** Rows written since the last `users` event (the list holds at most the newest `usersPerEvent`). */
  count: number
  users: DashboardUser[]
}

export interface HubSubscriber {
  /** One event; `data` is already JSON. */
  send(event: string, data: string): void
  close(): void
}

export interface DashboardHubOptions {
  metrics?: Metrics
  /** Stats tick. */
  tickMs?: number
  /** How often buffered users and run changes are sent. */
  flushMs?: number
  /** Points kept for the charts (tickMs * historySize: the last 10 minutes by default). */
  historySize?: number
  /** Users kept for a new dashboard. */
  recentUsers?: number
  /** Users sent per `users` event at most. */
  usersPerEvent?: number
  /** Dead letters kept (the latest reasons). */
  recentDeadLetters?: number
}

const MAX_FIELD = 200

function clip(value: string | undefined): string {
  const text = value ?? ''
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD - 1)}…` : text
}

export function toDashboardUser(row: UserRecord, writtenAt: number): DashboardUser {
  const parts = row.address.split(',').map((part) => part.trim())
  return {
    id: row.id,
    first_name: clip(row.first_name),
    last_name: clip(row.last_name),
    email: clip(row.email),
    nat: clip(row.nat),
    country: clip(parts.at(-1)),
    city: clip(parts.length >= 3 ? parts.at(-3) : ''),
    picture: /^https?:\/\//.test(row.picture) ? clip(row.picture) : '',
    ingested_at: row.ingested_at,
    written_at: writtenAt
  }
}

async function sumOf(metric: { get(): Promise<{ values: { value: number }[] }> } | undefined): Promise<number> {
  if (!metric) return 0
  return (await metric.get()).values.reduce((total, sample) => total + sample.value, 0)
}

export class DashboardHub {
  readonly #metrics: Metrics | undefined
  readonly #tickMs: number
  readonly #flushMs: number
  readonly #historySize: number
  readonly #recentUsers: number
  readonly #usersPerEvent: number
  readonly #recentDeadLetters: number
  readonly #subscribers = new Set<HubSubscriber>()
  #users: DashboardUser[] = []
  #pendingUsers: DashboardUser[] = []
  #pendingCount = 0
  readonly #pendingRuns = new Map<string, RunRecord>()
  #deadLetters: DeadLetterInfo[] = []
  #history: StatsPoint[] = []
  #stats: DashboardStats
  // Without metrics (a bare buildApp), the hub counts what it is told.
  #ownWritten = 0
  #ownDeadLettered = 0
  readonly #ownByKind: Record<string, number> = {}
  #lastWritten: { at: number; written: number } | undefined
  #tickTimer: NodeJS.Timeout | undefined
  #flushTimer: NodeJS.Timeout | undefined
  #ticking = false
  #closed = false

  constructor(options: DashboardHubOptions = {}) {
    this.#metrics = options.metrics
    this.#tickMs = options.tickMs ?? 1000
    this.#flushMs = options.flushMs ?? 250
    this.#historySize = options.historySize ?? 600
    this.#recentUsers = options.recentUsers ?? 60
    this.#usersPerEvent = options.usersPerEvent ?? 24
    this.#recentDeadLetters = options.recentDeadLetters ?? 10
    this.#stats = {
      point: { at: Date.now(), rowsPerSecond: 0, lag: {} },
      totals: { fetched: 0, produced: 0, consumed: 0, written: 0, deadLettered: 0, rejected: 0, lag: 0 },
      deadLetteredByKind: {},
      deadLetters: []
    }
  }

  get subscriberCount(): number {
    return this.#subscribers.size
  }

  /** Starts the stats tick (the dashboard does, when it is served). */
  start(): void {
    if (this.#tickTimer || this.#closed) return
    void this.tick()
    this.#tickTimer = setInterval(() => void this.tick(), this.#tickMs)
    this.#tickTimer.unref()
  }

  /** Rows just written to Cassandra (the processor's onBatch). */
  users(rows: readonly UserRecord[]): void {
    if (this.#closed || rows.length === 0) return
    this.#ownWritten += rows.length
    const now = Date.now()
    const keep = Math.max(this.#recentUsers, this.#usersPerEvent)
    const newest = rows.slice(-keep).map((row) => toDashboardUser(row, now))
    newest.reverse()
    this.#users = [...newest, ...this.#users].slice(0, this.#recentUsers)
    this.#pendingUsers = [...newest.slice(0, this.#usersPerEvent), ...this.#pendingUsers].slice(0, this.#usersPerEvent)
    this.#pendingCount += rows.length
    this.#scheduleFlush()
  }

  /** A run changed (the executor's onChange). */
  run(run: RunRecord): void {
    if (this.#closed) return
    this.#pendingRuns.set(run.runId, { ...run })
    this.#scheduleFlush()
  }

  /** A message went to the DLQ (the processor's onDeadLetter). */
  deadLetter(dead: DeadLetterInfo): void {
    if (this.#closed) return
    this.#ownDeadLettered++
    this.#ownByKind[dead.kind] = (this.#ownByKind[dead.kind] ?? 0) + 1
    this.#deadLetters = [{ ...dead, reason: clip(dead.reason) }, ...this.#deadLetters].slice(0, this.#recentDeadLetters)
  }

  snapshot(): DashboardSnapshot {
    return { users: [...this.#users], history: [...this.#history], stats: this.#stats }
  }

  /** Adds a subscriber; it gets the snapshot at once. Returns the unsubscribe function. */
  subscribe(subscriber: HubSubscriber): () => void {
    if (this.#closed) {
      subscriber.close()
      return () => {}
    }
    this.#subscribers.add(subscriber)
    subscriber.send('snapshot', JSON.stringify(this.snapshot()))
    return () => void this.#subscribers.delete(subscriber)
  }

  /** Reads the metrics into a new point and sends it (every tickMs; exposed for tests). */
  async tick(): Promise<DashboardStats | undefined> {
    if (this.#ticking || this.#closed) return undefined
    this.#ticking = true
    try {
      const metrics = this.#metrics
      const at = Date.now()
      const [fetched, produced, consumed, written, rejected, lagValues, deadValues] = metrics
        ? await Promise.all([
            sumOf(metrics.usersFetched),
            sumOf(metrics.usersProduced),
            sumOf(metrics.usersConsumed),
            sumOf(metrics.usersWritten),
            sumOf(metrics.usersRejected),
            metrics.consumerLag.get().then((m) => m.values),
            metrics.usersDeadLettered.get().then((m) => m.values)
          ])
        : [0, 0, this.#ownWritten, this.#ownWritten, 0, [], []]
      const lag: Record<string, number> = {}
      for (const sample of lagValues) lag[String(sample.labels.partition ?? '?')] = sample.value
      const byKind: Record<string, number> = metrics ? {} : { ...this.#ownByKind }
      for (const sample of deadValues) byKind[String(sample.labels.kind ?? 'unknown')] = sample.value
      const previous = this.#lastWritten
      const seconds = previous ? (at - previous.at) / 1000 : 0
      const rowsPerSecond = previous && seconds > 0 ? Math.max(0, written - previous.written) / seconds : 0
      this.#lastWritten = { at, written }
      const point: StatsPoint = { at, rowsPerSecond: Math.round(rowsPerSecond * 10) / 10, lag }
      this.#history.push(point)
      if (this.#history.length > this.#historySize) this.#history.splice(0, this.#history.length - this.#historySize)
      this.#stats = {
        point,
        totals: {
          fetched,
          produced,
          consumed,
          written,
          deadLettered: metrics ? Object.values(byKind).reduce((a, b) => a + b, 0) : this.#ownDeadLettered,
          rejected,
          lag: Object.values(lag).reduce((a, b) => a + b, 0)
        },
        deadLetteredByKind: byKind,
        deadLetters: [...this.#deadLetters]
      }
      this.#broadcast('stats', this.#stats)
      return this.#stats
    } catch {
      return undefined // a metric read failing is not worth a dashboard outage: the next tick tries again
    } finally {
      this.#ticking = false
    }
  }

  /** Stops the timers and ends every stream. */
  close(): void {
    if (this.#closed) return
    this.#flush()
    this.#closed = true
    if (this.#tickTimer) clearInterval(this.#tickTimer)
    if (this.#flushTimer) clearTimeout(this.#flushTimer)
    for (const subscriber of this.#subscribers) subscriber.close()
    this.#subscribers.clear()
  }

  #scheduleFlush(): void {
    if (this.#flushTimer) return
    this.#flushTimer = setTimeout(() => this.#flush(), this.#flushMs)
    this.#flushTimer.unref()
  }

  #flush(): void {
    this.#flushTimer = undefined
    if (this.#pendingCount > 0) {
      const event: DashboardUsersEvent = { count: this.#pendingCount, users: this.#pendingUsers }
      this.#pendingUsers = []
      this.#pendingCount = 0
      this.#broadcast('users', event)
    }
    for (const run of this.#pendingRuns.values()) this.#broadcast('run', run)
    this.#pendingRuns.clear()
  }

  #broadcast(event: string, payload: unknown): void {
    if (this.#subscribers.size === 0) return
    const data = JSON.stringify(payload)
    for (const subscriber of this.#subscribers) subscriber.send(event, data)
  }
}
