// Topics are created if missing with the configured partitions; existing ones are left as they are.
import { Admin } from '@platformatic/kafka'
import type { Config } from '../../config/schema.ts'
import { errorMessage } from '../../errors.ts'
import { kafkaConnection, kafkaError } from './connection.ts'

export interface TopicSpec {
  name: string
  partitions: number
  /** Topic-level configs, e.g. max.message.bytes. */
  configs?: Record<string, string>
}

export function createAdmin(config: Config, clientSuffix = 'admin'): Admin {
  return new Admin({
    clientId: `${config.kafka.clientId}-${clientSuffix}`,
    ...kafkaConnection(config),
    retries: 3,
    timeout: 10_000
  })
}

/** The pipeline's topics: users_created and its dead-letter topic. */
export function pipelineTopics(config: Config): TopicSpec[] {
  return [
    { name: config.kafka.topic, partitions: config.kafka.partitions },
    // The DLQ keeps the reason in headers; it must accept what the main topic accepted.
    { name: config.kafka.dlqTopic, partitions: 1 }
  ]
}

export async function ensureTopics(config: Config, topics: TopicSpec[]): Promise<string[]> {
  const admin = createAdmin(config)
  try {
    const existing = new Set(await admin.listTopics())
    const created: string[] = []
    for (const topic of topics) {
      if (existing.has(topic.name)) continue
      try {
        await admin.createTopics({
          topics: [topic.name],
          partitions: topic.partitions,
          replicas: config.kafka.replicationFactor,
          configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value }))
        })
        created.push(topic.name)
      } catch (error) {
        // Another process may have created it in between (two processors starting together).
        if (
          !/already exists/i.test(
            JSON.stringify(error, Object.getOwnPropertyNames(error as object)) + errorMessage(error)
          )
        )
          throw error
      }
    }
    return created
  } catch (error) {
    throw kafkaError(
      config,
      error,
      `could not create topics ${topics.map((t) => t.name).join(', ')} on ${config.kafka.brokers.join(',')}`,
      'check that Kafka runs (`user-streamer services status`) and kafka.brokers points at it'
    )
  } finally {
    await admin.close().catch(() => {})
  }
}

export async function deleteTopics(config: Config, names: string[]): Promise<void> {
  const admin = createAdmin(config)
  try {
    const existing = new Set(await admin.listTopics())
    const present = names.filter((name) => existing.has(name))
    if (present.length > 0) await admin.deleteTopics({ topics: present })
  } finally {
    await admin.close().catch(() => {})
  }
}

/** The log-end offset of every partition of a topic (index = partition). */
export async function topicEndOffsets(config: Config, topic: string): Promise<bigint[]> {
  const admin = createAdmin(config, 'offsets')
  try {
    const metadata = await admin.metadata({ topics: [topic] })
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0
    const partitions = Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n }))
    const [listed] = await admin.listOffsets({ topics: [{ name: topic, partitions }] })
    const ends = new Array<bigint>(count).fill(0n)
    for (const partition of listed?.partitions ?? []) ends[partition.partitionIndex] = partition.offset
    return ends
  } finally {
    await admin.close().catch(() => {})
  }
}
