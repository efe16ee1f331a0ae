// Keyspace and table are created if missing, from the one record schema. A table created by the original
// (seed) design is upgraded in place: the columns it lacks (dob, lineage) are added.
import { type KeyspaceReplication, keyspaceReplication } from '../../config/derived.ts'
import type { Config } from '../../config/schema.ts'
import { tableDdl, userFields } from '../../record/user-record.ts'
import type { CassandraClient } from './client.ts'

/** A number: SimpleStrategy with that factor; per-DC factors: NetworkTopologyStrategy. */
export function keyspaceDdl(keyspace: string, replication: KeyspaceReplication): string {
  if (typeof replication === 'number') {
    return `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replication}}`
  }
  const dcs = Object.entries(replication)
    .map(([dc, factor]) => `'${dc.replace(/'/g, "''")}': ${factor}`)
    .join(', ')
  return `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'NetworkTopologyStrategy', ${dcs}}`
}

export async function ensureSchema(client: CassandraClient, config: Config): Promise<{ addedColumns: string[] }> {
  const { keyspace, table } = config.cassandra
  await client.execute(keyspaceDdl(keyspace, keyspaceReplication(config)), [], { prepare: false })
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
