// Reading rows back: every id (for verify) and the latest rows (for `user-streamer users`).
import type { Config } from '../../config/schema.ts'
import { type UserRecord, columnNames } from '../../record/user-record.ts'
import type { CassandraClient } from './client.ts'

function toRecord(row: { get(name: string): unknown }): UserRecord {
  const out = {} as Record<string, string>
  for (const name of columnNames) {
    const value = row.get(name)
    out[name] = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value)
  }
  return out as UserRecord
}

/** Streams every id in the table (paged), calling `onId` for each. */
export async function forEachStoredId(
  client: CassandraClient,
  config: Config,
  onId: (id: string) => void
): Promise<number> {
  const { keyspace, table } = config.cassandra
  let count = 0
  let pageState: string | undefined
  do {
    const result = await client.execute(`SELECT id FROM ${keyspace}.${table}`, [], {
      prepare: true,
      fetchSize: 5000,
      ...(pageState ? { pageState } : {})
    })
    for (const row of result.rows) {
      onId(String(row.get('id')))
      count++
    }
    pageState = result.pageState ?? undefined
  } while (pageState)
  return count
}

/** The `limit` most recently ingested rows (a full paged scan: fine for a CLI, not for a hot path). */
export async function latestRecords(client: CassandraClient, config: Config, limit: number): Promise<UserRecord[]> {
  const { keyspace, table } = config.cassandra
  const top: UserRecord[] = []
  let pageState: string | undefined
  do {
    const result = await client.execute(`SELECT ${columnNames.join(', ')} FROM ${keyspace}.${table}`, [], {
      prepare: true,
      fetchSize: 5000,
      ...(pageState ? { pageState } : {})
    })
    for (const row of result.rows) {
      top.push(toRecord(row))
      if (top.length > limit * 4) {
        top.sort((a, b) => b.ingested_at.localeCompare(a.ingested_at))
        top.length = limit
      }
    }
    pageState = result.pageState ?? undefined
  } while (pageState)
  top.sort((a, b) => b.ingested_at.localeCompare(a.ingested_at) || a.id.localeCompare(b.id))
  return top.slice(0, limit)
}

export async function countRows(client: CassandraClient, config: Config): Promise<number> {
  return forEachStoredId(client, config, () => {})
}
