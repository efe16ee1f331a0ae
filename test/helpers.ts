// Shared test helpers: a config with names of its own per test (topic, group, keyspace), and synthetic records.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/config/load.ts'
import type { Config } from '../src/config/schema.ts'
import type { UserRecord } from '../src/record/user-record.ts'
import { deleteTopics } from '../src/broker/kafka/topics.ts'
import { connectCassandra } from '../src/sink/cassandra/client.ts'
import { dropKeyspace } from '../src/sink/cassandra/ddl.ts'

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`
}

/**
 * A config on the local stack with its own topic, DLQ, group and keyspace. USER_STREAMER_* variables still apply,
 * so a suite can be pointed at another stack (its own stack.dir, ports, brokers and contact points).
 */
export function testConfig(flags: Record<string, unknown> = {}): Config {
  const id = uniqueName('t')
  return loadConfig({
    env: process.env,
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

export const repoRoot = fileURLToPath(new URL('..', import.meta.url))
export const cliPath = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the real CLI in a child process (no stdin), as a user would. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: repoRoot,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 250
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value !== undefined && value !== false) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
}

/** CLI flags that point a child process at this config's own topic, DLQ, group and keyspace. */
export function namesAsFlags(config: Config): string[] {
  const flags: [string, string][] = [
    ['--kafka-topic', config.kafka.topic],
    ['--kafka-dlq-topic', config.kafka.dlqTopic],
    ['--kafka-group-id', config.kafka.groupId],
    ['--cassandra-keyspace', config.cassandra.keyspace],
    ['--log-level', config.log.level]
  ]
  return flags.flat()
}

/** Removes what a test config created: its topic, DLQ and keyspace. */
export async function dropPipeline(config: Config): Promise<void> {
  await deleteTopics(config, [config.kafka.topic, config.kafka.dlqTopic]).catch(() => {})
  const client = await connectCassandra(config)
  await dropKeyspace(client, config.cassandra.keyspace).catch(() => {})
  await client.shutdown()
}
