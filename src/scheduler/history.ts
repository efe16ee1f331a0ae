// Run history, the run lease and schedule-tick claims, kept in Cassandra so they survive restarts and are shared
// by every scheduler: a lightweight transaction (IF NOT EXISTS / IF owner = ?) with a TTL makes sure two processes
// never run the DAG at once, and that each schedule tick is claimed by exactly one of them.
import cassandra from 'cassandra-driver'
import type { Config } from '../config/schema.ts'
import type { CassandraClient } from '../sink/cassandra/client.ts'
import type { KeyspaceReplication } from '../config/derived.ts'
import { keyspaceDdl } from '../sink/cassandra/ddl.ts'

export const DAG_ID = 'user_automation'
export const TASK_ID = 'stream_data_from_api'

export type RunState = 'queued' | 'running' | 'success' | 'failed'

export interface RunRecord {
  runId: string
  dagId: string
  taskId: string
  logicalDate: string
  trigger: string
  state: RunState
  attempt: number
  startedAt: string | null
  endedAt: string | null
  fetched: number
  produced: number
  rejected: number
  error: string | null
  /** What was asked for: duration, count, source, seed. */
  params: Record<string, unknown>
}

const LEASE_TTL_SECONDS = 30

export class RunStore {
  readonly #client: CassandraClient
  readonly #ks: string

  constructor(client: CassandraClient, config: Config) {
    this.#client = client
    this.#ks = config.cassandra.keyspace
  }

  async ensureTables(replication: KeyspaceReplication): Promise<void> {
    const ks = this.#ks
    await this.#client.execute(keyspaceDdl(ks, replication), [], { prepare: false })
    await this.#client.execute(
      `CREATE TABLE IF NOT EXISTS ${ks}.dag_runs (dag_id text, run_id timeuuid, logical_date timestamp, trigger text, state text, attempt int, started_at timestamp, ended_at timestamp, fetched bigint, produced bigint, rejected bigint, error text, params text, PRIMARY KEY (dag_id, run_id)) WITH CLUSTERING ORDER BY (run_id DESC)`,
      [],
      { prepare: false }
    )
    await this.#client.execute(
      `CREATE TABLE IF NOT EXISTS ${ks}.dag_leases (dag_id text PRIMARY KEY, owner text, run_id text)`,
      [],
      { prepare: false }
    )
    await this.#client.execute(
      `CREATE TABLE IF NOT EXISTS ${ks}.dag_ticks (dag_id text, logical_date timestamp, claimed_by text, PRIMARY KEY (dag_id, logical_date)) WITH CLUSTERING ORDER BY (logical_date DESC)`,
      [],
      { prepare: false }
    )
  }

  newRunId(): string {
    return cassandra.types.TimeUuid.now().toString()
  }

  async save(run: RunRecord): Promise<void> {
    await this.#client.execute(
      `INSERT INTO ${this.#ks}.dag_runs (dag_id, run_id, logical_date, trigger, state, attempt, started_at, ended_at, fetched, produced, rejected, error, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        run.dagId,
        cassandra.types.TimeUuid.fromString(run.runId),
        new Date(run.logicalDate),
        run.trigger,
        run.state,
        run.attempt,
        run.startedAt ? new Date(run.startedAt) : null,
        run.endedAt ? new Date(run.endedAt) : null,
        cassandra.types.Long.fromNumber(run.fetched),
        cassandra.types.Long.fromNumber(run.produced),
        cassandra.types.Long.fromNumber(run.rejected),
        run.error,
        JSON.stringify(run.params)
      ],
      { prepare: true }
    )
  }

  async get(runId: string): Promise<RunRecord | undefined> {
    let id: cassandra.types.TimeUuid
    try {
      id = cassandra.types.TimeUuid.fromString(runId)
    } catch {
      return undefined
    }
    const result = await this.#client.execute(
      `SELECT * FROM ${this.#ks}.dag_runs WHERE dag_id = ? AND run_id = ?`,
      [DAG_ID, id],
      { prepare: true }
    )
    const row = result.first()
    return row ? toRecord(row) : undefined
  }

  async list(limit: number): Promise<RunRecord[]> {
    const result = await this.#client.execute(
      `SELECT * FROM ${this.#ks}.dag_runs WHERE dag_id = ? LIMIT ?`,
      [DAG_ID, limit],
      { prepare: true }
    )
    return result.rows.map(toRecord)
  }

  /** Takes the DAG's run lease if nobody holds it (it expires by itself if the holder dies). */
  async acquireLease(owner: string, runId: string): Promise<boolean> {
    const result = await this.#client.execute(
      `INSERT INTO ${this.#ks}.dag_leases (dag_id, owner, run_id) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ${LEASE_TTL_SECONDS}`,
      [DAG_ID, owner, runId],
      { prepare: true }
    )
    return applied(result)
  }

  async renewLease(owner: string, runId: string): Promise<boolean> {
    const result = await this.#client.execute(
      `UPDATE ${this.#ks}.dag_leases USING TTL ${LEASE_TTL_SECONDS} SET owner = ?, run_id = ? WHERE dag_id = ? IF owner = ?`,
      [owner, runId, DAG_ID, owner],
      { prepare: true }
    )
    return applied(result)
  }

  async releaseLease(owner: string): Promise<void> {
    await this.#client.execute(`DELETE FROM ${this.#ks}.dag_leases WHERE dag_id = ? IF owner = ?`, [DAG_ID, owner], {
      prepare: true
    })
  }

  /** Claims a schedule tick; exactly one scheduler gets true for a given logical date. */
  async claimTick(logicalDate: Date, owner: string): Promise<boolean> {
    const result = await this.#client.execute(
      `INSERT INTO ${this.#ks}.dag_ticks (dag_id, logical_date, claimed_by) VALUES (?, ?, ?) IF NOT EXISTS`,
      [DAG_ID, logicalDate, owner],
      { prepare: true }
    )
    return applied(result)
  }

  async lastTick(): Promise<Date | undefined> {
    const result = await this.#client.execute(
      `SELECT logical_date FROM ${this.#ks}.dag_ticks WHERE dag_id = ? LIMIT 1`,
      [DAG_ID],
      { prepare: true }
    )
    const value = result.first()?.get('logical_date') as Date | undefined
    return value ?? undefined
  }
}

function applied(result: cassandra.types.ResultSet): boolean {
  return result.first()?.get('[applied]') === true
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : null
}

function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value.toString())
}

function toRecord(row: cassandra.types.Row): RunRecord {
  return {
    runId: String(row.get('run_id')),
    dagId: String(row.get('dag_id')),
    taskId: TASK_ID,
    logicalDate: iso(row.get('logical_date')) ?? '',
    trigger: String(row.get('trigger') ?? ''),
    state: String(row.get('state')) as RunState,
    attempt: num(row.get('attempt')),
    startedAt: iso(row.get('started_at')),
    endedAt: iso(row.get('ended_at')),
    fetched: num(row.get('fetched')),
    produced: num(row.get('produced')),
    rejected: num(row.get('rejected')),
    error: (row.get('error') as string | null) ?? null,
    params: JSON.parse(String(row.get('params') ?? '{}')) as Record<string, unknown>
  }
}
