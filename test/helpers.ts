// Shared test helpers: a config with names of its own per test (topic, group, keyspace), and synthetic records.
import { randomUUID } from 'node:crypto'
import { loadConfig } from '../src/config/load.ts'
import type { Config } from '../src/config/schema.ts'
import type { UserRecord } from '../src/record/user-record.ts'

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
}

/** A config on the local stack with its own topic, DLQ, group and keyspace. */
export function testConfig(flags: Record<string, unknown> = {}): Config {
  const id = uniqueName('t')
  return loadConfig({
    env: {},
    flags: {
      'log.level': process.env.TEST_LOG_LEVEL ?? 'warn',
      'kafka.topic': `users_${id}`,
      'kafka.dlqTopic': `users_${id}.dlq`,
      'kafka.groupId': `group_${id}`,
      'cassandra.keyspace': `ks_${id}`.toLowerCase(),
      ...flags
    }
  })
}

export function syntheticRecord(index: number, id: string = randomUUID()): UserRecord {
  return {
    id,
    first_name: `First${index}`,
    last_name: `Last${index}`,
    gender: index % 2 ? 'male' : 'female',
    address: `${index} Main St, Springfield, Oregon, United States`,
    post_code: String(10000 + index),
    email: `first${index}.last${index}@example.com`,
    username: `user${index}`,
    dob: '1990-01-01T00:00:00.000Z',
    registered_date: '2015-05-05T00:00:00.000Z',
    phone: '(555) 010-0000',
    picture: `https://randomuser.me/api/portraits/med/men/${index % 100}.jpg`,
    nat: 'US',
    source: 'test',
    ingested_at: new Date().toISOString()
  }
}
