// Keyspace and table are created if missing, from the one record schema. A table created by the original
// (seed) design is upgraded in place: the columns it lacks (dob, lineage) are added.
import type { Config } from '../../config/schema.ts'
import { tableDdl, userFields } from '../../record/user-record.ts'
import type { CassandraClient } from './client.ts'

export function keyspaceDdl(keyspace: string, replicationFactor: number): string {
  return `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replicationFactor}}`
}

export async function ensureSchema(client: CassandraClient, config: Config): Promise<{ addedColumns: string[] }> {
  const { keyspace, table, replicationFactor } = config.cassandra
  await client.execute(keyspaceDdl(keyspace, replicationFactor), [], { prepare: false })
  await client.execute(tableDdl(keyspace, table), [], { prepare: false })
  const existing = await client.execute(
    'SELECT column_name FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
    [keyspace, table]
  )
  const present = new Set(existing.rows.map((row) => String(row.get('column_name'))))
  const addedColumns: string[] = []
  for (const field of userFields) {
    if (present.has(field.name)) continue
    await client.execute(`ALTER TABLE ${keyspace}.${table} ADD ${field.name} ${field.cql}`, [], { prepare: false })
    addedColumns.push(field.name)
  }
  return { addedColumns }
}

export async function dropKeyspace(client: CassandraClient, keyspace: string): Promise<void> {
  await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`, [], { prepare: false })
}
