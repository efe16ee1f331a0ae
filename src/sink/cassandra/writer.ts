// Idempotent upserts by id with a prepared INSERT and a bounded number of concurrent requests
// (the driver's executeConcurrent). A replayed record rewrites the same row.
import cassandra from 'cassandra-driver'
import type { Config } from '../../config/schema.ts'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import { type UserRecord, columnNames, userFields } from '../../record/user-record.ts'
import type { CassandraClient } from './client.ts'

export interface UserSink {
  /** Resolves once every row is written; rejects (retryable) if any write failed. */
  write(records: readonly UserRecord[]): Promise<void>
}

export function insertStatement(keyspace: string, table: string): string {
  return `INSERT INTO ${keyspace}.${table} (${columnNames.join(', ')}) VALUES (${columnNames.map(() => '?').join(', ')})`
}

/** Driver parameter values, in column order. */
export function toParams(record: UserRecord): unknown[] {
  return userFields.map((field) => {
    const value = record[field.name]
    if (field.cql === 'uuid') return cassandra.types.Uuid.fromString(value)
    if (field.cql === 'timestamp') return new Date(value)
    return value
  })
}

export function createUserSink(
  client: CassandraClient,
  config: Config,
  options: { concurrency?: number } = {}
): UserSink {
  const query = insertStatement(config.cassandra.keyspace, config.cassandra.table)
  const concurrencyLevel = options.concurrency ?? 512
  return {
    async write(records) {
      if (records.length === 0) return
      try {
        await cassandra.concurrent.executeConcurrent(client, query, records.map(toParams), {
          concurrencyLevel,
          raiseOnFirstError: true
        })
      } catch (error) {
        throw new UserStreamerError(
          'US_ERR_SINK_WRITE',
          `writing ${records.length} row(s) to ${config.cassandra.keyspace}.${config.cassandra.table} failed: ${errorMessage(error)}`,
          {
            hint: 'the offsets are not committed; the rows will be written again when Cassandra answers',
            cause: error,
            retryable: true
          }
        )
      }
    }
  }
}
