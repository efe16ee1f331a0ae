// Publishes UserRecords to users_created: key = id (so one user always lands on one partition), JSON value,
// idempotent with acks=all, lz4-compressed, one produce request per batch.
import { Producer, ProduceAcks, compatibilityPartitioner, stringSerializers } from '@platformatic/kafka'
import type { Config } from '../../config/schema.ts'
import type { UserRecord } from '../../record/user-record.ts'
import { kafkaConnection, kafkaError } from './connection.ts'
import { kafkaRetryOptions } from './retry.ts'

export interface UserProducer {
  /** Resolves once every record is acknowledged by all in-sync replicas. */
  publish(records: readonly UserRecord[]): Promise<void>
  /** Sends raw messages (tests, DLQ replays): value may be any string. */
  publishRaw(
    topic: string,
    messages: { key?: string; value: string; headers?: Record<string, string> }[]
  ): Promise<void>
  close(): Promise<void>
}

export function createUserProducer(config: Config, clientSuffix = 'producer'): UserProducer {
  const producer = new Producer({
    clientId: `${config.kafka.clientId}-${clientSuffix}`,
    ...kafkaConnection(config),
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    compression: 'lz4',
    // Java's murmur2 placement: a key lands on the partition any other Kafka client would choose.
    partitioner: compatibilityPartitioner,
    autocreateTopics: false,
    // Rides out a broker restart inside the client, where a re-send keeps its sequence numbers (no duplicate).
    ...kafkaRetryOptions
  })
  const send = async (messages: Parameters<typeof producer.send>[0]['messages'], count: number): Promise<void> => {
    try {
      await producer.send({ messages })
    } catch (error) {
      throw kafkaError(
        config,
        error,
        `producing ${count} message(s) to Kafka failed`,
        'check that Kafka runs and the topic exists; the records were not acknowledged and will be re-sent on retry'
      )
    }
  }
  return {
    async publish(records) {
      if (records.length === 0) return
      const topic = config.kafka.topic
      await send(
        records.map((record) => ({ topic, key: record.id, value: JSON.stringify(record) })),
        records.length
      )
    },
    async publishRaw(topic, messages) {
      if (messages.length === 0) return
      await send(
        messages.map((m) => ({
          topic,
          value: m.value,
          ...(m.key === undefined ? {} : { key: m.key }),
          ...(m.headers ? { headers: new Map(Object.entries(m.headers)) } : {})
        })),
        messages.length
      )
    },
    async close() {
      await producer.close()
    }
  }
}
