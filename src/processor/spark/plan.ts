// Pure: the config and the one record schema -> the Spark Connect command that starts the streaming query
//   readStream kafka -> CAST(value AS STRING) -> from_json(<schema DDL>) -> observe(messages, rejected)
//   -> filter(valid) -> the table's columns -> writeStream org.apache.spark.sql.cassandra (checkpointed).
// The DDL, the validity test and the column list all come from userFields, as the native engine's do.
import { isAbsolute, join, resolve } from 'node:path'
import type { Config } from '../../config/schema.ts'
import { sparkCassandraConf, sparkKafkaOptions } from '../../config/spark-options.ts'
import { PRIMARY_KEY, columnNames, sparkSchema, userFields } from '../../record/user-record.ts'
import type { Message } from './connect.ts'

/** Name of the observed metrics in the query progress (observedMetrics.<name>.messages / .rejected). */
export const OBSERVATION = 'user_streamer'
/** What Cassandra accepts as a uuid. */
const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

const expr = (expression: string): Message => ({ expression_string: { expression } })
const sqlString = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/**
 * A row is written only when its JSON parsed into every field of the schema and its id is a uuid; the rest are
 * counted (observedMetrics) and left out, so one bad message never fails the query.
 */
export function validRowPredicate(): string {
  const present = userFields.map((field) => `data.${field.name} IS NOT NULL`)
  return [`data IS NOT NULL`, ...present, `data.${PRIMARY_KEY} RLIKE ${sqlString(UUID_PATTERN)}`].join(' AND ')
}

/** Where the checkpoint lives: the setting, or (for a local server) a directory per topic and table in the stack dir. */
export function checkpointLocation(config: Config): string {
  if (config.spark.checkpoint) return config.spark.checkpoint
  const name = `${config.kafka.topic}-${config.cassandra.keyspace}.${config.cassandra.table}`
  const dir = join(config.stack.dir, 'spark', 'checkpoints', name)
  return isAbsolute(dir) ? dir : resolve(dir)
}

/** The query's name on the server: one per topic and table, so two engines never race on one checkpoint. */
export function queryName(config: Config): string {
  return `user_streamer_${config.kafka.topic}_${config.cassandra.keyspace}_${config.cassandra.table}`.replace(
    /[^A-Za-z0-9_]/g,
    '_'
  )
}

export function kafkaSourceOptions(config: Config): Record<string, string> {
  const options: Record<string, string> = {
    // Brokers, TLS and SASL as the Java client takes them.
    ...sparkKafkaOptions(config),
    subscribe: config.kafka.topic,
    // Only for the very first run: afterwards the checkpoint says where to resume.
    startingOffsets: 'earliest',
    // Messages gone before they were read (retention, a re-created topic) fail the query loudly, never silently.
    failOnDataLoss: 'true'
  }
  if (config.spark.maxOffsetsPerTrigger > 0) options.maxOffsetsPerTrigger = String(config.spark.maxOffsetsPerTrigger)
  return options
}

export function cassandraSinkOptions(config: Config): Record<string, string> {
  return {
    keyspace: config.cassandra.keyspace,
    table: config.cassandra.table,
    checkpointLocation: checkpointLocation(config),
    // Per-query connection settings (contact points, DC, auth, TLS, consistency): the connector merges options
    // prefixed spark.cassandra. over the server's own conf.
    ...sparkCassandraConf(config)
  }
}

/** The WriteStreamOperationStart command (Command.write_stream_operation_start). */
export function streamingQueryCommand(config: Config): Message {
  const kafka: Message = {
    read: { data_source: { format: 'kafka', options: kafkaSourceOptions(config) }, is_streaming: true }
  }
  const json: Message = { project: { input: kafka, expressions: [expr('CAST(value AS STRING) AS json')] } }
  const parsed: Message = {
    project: { input: json, expressions: [expr(`from_json(json, ${sqlString(sparkSchema())}) AS data`)] }
  }
  const valid = validRowPredicate()
  const observed: Message = {
    collect_metrics: {
      input: parsed,
      name: OBSERVATION,
      metrics: [expr('count(1) AS messages'), expr(`count_if(NOT coalesce(${valid}, false)) AS rejected`)]
    }
  }
  const filtered: Message = { filter: { input: observed, condition: expr(valid) } }
  const columns: Message = {
    project: { input: filtered, expressions: columnNames.map((name) => expr(`data.${name} AS ${name}`)) }
  }
  return {
    write_stream_operation_start: {
      input: columns,
      format: 'org.apache.spark.sql.cassandra',
      options: cassandraSinkOptions(config),
      processing_time_interval: config.spark.trigger,
      output_mode: 'append',
      query_name: queryName(config)
    }
  }
}

/** A StreamingQueryCommand about a running query (status, last_progress, stop, exception ...). */
export function queryCommand(
  query: { id: string; run_id: string },
  command: 'status' | 'last_progress' | 'recent_progress' | 'stop' | 'exception'
): Message {
  return { streaming_query_command: { query_id: query, [command]: true } }
}
