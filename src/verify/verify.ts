// `verify`: what was produced vs what is stored vs what was dead-lettered. Reads the whole topic (up to its end
// when verify starts) and every id in the table; nothing is sampled.
import { Consumer } from '@platformatic/kafka'
import type { Config } from '../config/schema.ts'
import { UserStreamerError, errorMessage } from '../errors.ts'
import { decodeUserMessage } from '../processor/decode.ts'
import { connectCassandra } from '../sink/cassandra/client.ts'
import { forEachStoredId } from '../sink/cassandra/reader.ts'
import { uniqueSuffix } from './unique.ts'
import { kafkaConnection, kafkaError } from '../broker/kafka/connection.ts'

export interface VerifyReport {
  topic: string
  table: string
  messages: number
  validMessages: number
  invalidMessages: number
  distinctIds: number
  /** Messages whose id was already produced (a re-fetch): stored once, by design. */
  duplicateMessages: number
  deadLettered: number
  rows: number
  /** Produced ids with no row. */
  missing: number
  missingSample: string[]
  /** Rows whose id was never produced to this topic (another writer, or a truncated topic). */
  extraRows: number
  ok: boolean
}

async function endOffsets(
  consumer: Consumer<Buffer, Buffer, Buffer, Buffer>,
  topic: string
): Promise<{ earliest: bigint[]; latest: bigint[] }> {
  const latest = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? []
  const earliest = (await consumer.listOffsets({ topics: [topic], timestamp: -2n })).get(topic) ?? []
  return { earliest, latest }
}

export async function verify(
  config: Config,
  options: { onProgress?: (line: string) => void } = {}
): Promise<VerifyReport> {
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: `${config.kafka.clientId}-verify`,
    groupId: `user-streamer-verify-${uniqueSuffix()}`,
    ...kafkaConnection(config),
    retries: 5
  })
  const ids = new Set<string>()
  let messages = 0
  let valid = 0
  let invalid = 0
  let duplicates = 0
  let deadLettered = 0
  try {
    const { earliest, latest } = await endOffsets(consumer, config.kafka.topic)
    const total = latest.reduce((sum, end, i) => sum + (end - (earliest[i] ?? 0n)), 0n)
    const dlq = await endOffsets(consumer, config.kafka.dlqTopic).catch(() => ({ earliest: [], latest: [] }))
    deadLettered = Number(dlq.latest.reduce((sum, end, i) => sum + (end - (dlq.earliest[i] ?? 0n)), 0n))
    if (total > 0n) {
      const stream = await consumer.consume({
        topics: [config.kafka.topic],
        mode: 'earliest',
        autocommit: false,
        maxWaitTime: 200
      })
      const remaining = new Map(latest.map((end, partition) => [partition, end]))
      for (const [partition, end] of remaining) if (end <= (earliest[partition] ?? 0n)) remaining.delete(partition)
      let lastReport = Date.now()
      for await (const message of stream) {
        const end = remaining.get(message.partition)
        if (end === undefined || message.offset >= end) continue
        messages++
        const decoded = decodeUserMessage(message.value)
        if (decoded.ok) {
          valid++
          if (ids.has(decoded.record.id)) duplicates++
          else ids.add(decoded.record.id)
        } else invalid++
        if (message.offset + 1n >= end) remaining.delete(message.partition)
        if (remaining.size === 0) break
        if (options.onProgress && Date.now() - lastReport > 2000) {
          lastReport = Date.now()
          options.onProgress(`verify: read ${messages} of ${total} messages`)
        }
      }
      await stream.close()
    }
  } catch (error) {
    throw kafkaError(
      config,
      error,
      `could not read ${config.kafka.topic}`,
      'check that Kafka runs and kafka.brokers points at it'
    )
  } finally {
    await consumer.close(true).catch(() => {})
  }

  const client = await connectCassandra(config)
  let rows = 0
  let extraRows = 0
  const seen = new Set<string>()
  try {
    const table = await client.execute(
      'SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
      [config.cassandra.keyspace, config.cassandra.table]
    )
    // No table yet (the processor creates it): nothing is stored.
    if (table.rowLength > 0)
      rows = await forEachStoredId(client, config, (id) => {
        if (ids.has(id)) seen.add(id)
        else extraRows++
      })
  } catch (error) {
    throw new UserStreamerError(
      'US_ERR_CASSANDRA',
      `could not read ${config.cassandra.keyspace}.${config.cassandra.table}: ${errorMessage(error)}`,
      {
        hint: 'has the processor run yet? It creates the table',
        cause: error
      }
    )
  } finally {
    await client.shutdown().catch(() => {})
  }
  const missingSample: string[] = []
  let missing = 0
  for (const id of ids) {
    if (seen.has(id)) continue
    missing++
    if (missingSample.length < 5) missingSample.push(id)
  }
  return {
    topic: config.kafka.topic,
    table: `${config.cassandra.keyspace}.${config.cassandra.table}`,
    messages,
    validMessages: valid,
    invalidMessages: invalid,
    distinctIds: ids.size,
    duplicateMessages: duplicates,
    deadLettered,
    rows,
    missing,
    missingSample,
    extraRows,
    ok: missing === 0 && deadLettered >= invalid
  }
}
