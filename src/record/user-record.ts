// The one record schema. Validation of Kafka messages, the Kafka JSON, the Cassandra DDL and the Spark schema
// string are all derived from this table; a column is never declared twice.
import { z } from 'zod'

type CqlType = 'uuid' | 'text' | 'timestamp'
type SparkType = 'STRING' | 'TIMESTAMP'

interface FieldSpec {
  name: string
  cql: CqlType
  spark: SparkType
  schema: z.ZodType
  doc: string
}

const text = z.string()
const isoInstant = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 timestamp' })

/**
 * Column order = the seed's sample output, then what the seed table forgot (dob) and lineage.
 * Names are the seed table's, so anything written against spark_streams.created_users keeps working.
 */
export const userFields = [
  {
    name: 'id',
    cql: 'uuid',
    spark: 'STRING',
    schema: z.uuid({ message: 'expected a uuid' }),
    doc: 'login.uuid of the API: stable across re-fetches'
  },
  { name: 'first_name', cql: 'text', spark: 'STRING', schema: text, doc: 'name.first' },
  { name: 'last_name', cql: 'text', spark: 'STRING', schema: text, doc: 'name.last' },
  { name: 'gender', cql: 'text', spark: 'STRING', schema: text, doc: 'gender' },
  {
    name: 'address',
    cql: 'text',
    spark: 'STRING',
    schema: text,
    doc: '"<number> <street>, <city>, <state>, <country>"'
  },
  {
    name: 'post_code',
    cql: 'text',
    spark: 'STRING',
    schema: text,
    doc: 'location.postcode as text (numeric for most nationalities)'
  },
  { name: 'email', cql: 'text', spark: 'STRING', schema: text, doc: 'email' },
  { name: 'username', cql: 'text', spark: 'STRING', schema: text, doc: 'login.username' },
  { name: 'dob', cql: 'text', spark: 'STRING', schema: text, doc: 'dob.date (ISO-8601)' },
  { name: 'registered_date', cql: 'text', spark: 'STRING', schema: text, doc: 'registered.date (ISO-8601)' },
  { name: 'phone', cql: 'text', spark: 'STRING', schema: text, doc: 'phone' },
  { name: 'picture', cql: 'text', spark: 'STRING', schema: text, doc: 'picture.medium URL' },
  { name: 'nat', cql: 'text', spark: 'STRING', schema: text, doc: 'lineage: nationality code of the API result' },
  {
    name: 'source',
    cql: 'text',
    spark: 'STRING',
    schema: text,
    doc: 'lineage: where it was fetched (host, seed, page)'
  },
  { name: 'ingested_at', cql: 'timestamp', spark: 'TIMESTAMP', schema: isoInstant, doc: 'lineage: when it was fetched' }
] as const satisfies readonly FieldSpec[]

export type UserField = (typeof userFields)[number]['name']

/** A user as published to Kafka and stored in Cassandra. */
export type UserRecord = { [K in UserField]: string }

export const PRIMARY_KEY: UserField = 'id'

export const userRecordSchema = z.object(
  Object.fromEntries(userFields.map((field) => [field.name, field.schema])) as unknown as {
    [K in UserField]: z.ZodType<string>
  }
)

export const columnNames: readonly UserField[] = userFields.map((field) => field.name)

export type RecordCheck = { ok: true; record: UserRecord } | { ok: false; reason: string }

/** Validates a parsed Kafka value; the reason is one line naming the field. */
export function checkUserRecord(value: unknown): RecordCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      reason: `expected a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`
    }
  }
  const result = userRecordSchema.safeParse(value)
  if (result.success) return { ok: true, record: result.data as UserRecord }
  const issue = result.error.issues[0]
  const path = issue?.path.join('.') || '(root)'
  const got = issue && issue.path.length > 0 ? (value as Record<string, unknown>)[String(issue.path[0])] : value
  const gotText = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 60)
  return { ok: false, reason: `${path}: ${issue?.message ?? 'invalid'}, got ${gotText}` }
}

/** CQL DDL of the table, derived from the fields. */
export function tableDdl(keyspace: string, table: string): string {
  const columns = userFields.map(
    (field) => `  ${field.name} ${field.cql}${field.name === PRIMARY_KEY ? ' PRIMARY KEY' : ''}`
  )
  return `CREATE TABLE IF NOT EXISTS ${keyspace}.${table} (\n${columns.join(',\n')}\n)`
}

/** The Spark DDL schema string for from_json, derived from the fields. */
export function sparkSchema(): string {
  return userFields.map((field) => `${field.name} ${field.spark}`).join(', ')
}

/** The seed's sample-output shape (what `user-streamer users` prints): its fields in its order, then the rest. */
export function toSampleOutput(record: UserRecord): Record<string, string> {
  return Object.fromEntries(columnNames.map((name) => [name, record[name]]))
}
