// services up -> status (both ready) -> down (no process left, ports free) -> up again (data kept) -> down,
// on a stack of its own (own directory and ports) so the shared test stack is not disturbed.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import cassandra from 'cassandra-driver'
import { Admin } from '@platformatic/kafka'
import { isPortFree } from '../../src/stack/ports.ts'
import { isAlive } from '../../src/stack/process.ts'
import { freePort, runCli } from '../helpers.ts'

const dir = mkdtempSync(join(tmpdir(), 'us-stack-'))
const ports = {
  kafka: await freePort(),
  controller: await freePort(),
  cql: await freePort(),
  storage: await freePort()
}
const args = [
  '--stack-dir',
  dir,
  '--stack-kafka-port',
  String(ports.kafka),
  '--stack-kafka-controller-port',
  String(ports.controller),
  '--stack-cassandra-port',
  String(ports.cql),
  '--stack-cassandra-storage-port',
  String(ports.storage)
]
const env = { ...process.env, USER_STREAMER_LOG_LEVEL: 'warn' }

after(async () => {
  await runCli(['services', 'down', '--stack-dir', dir], { env })
  rmSync(dir, { recursive: true, force: true })
})

interface Status {
  name: string
  state: string
  pid: number | null
  ports: number[]
  version: string
  logFile: string
}

async function status(): Promise<Status[]> {
  const result = await runCli(
    [
      'services',
      'status',
      '--json',
      ...args.slice(0, 2),
      '--stack-kafka-port',
      String(ports.kafka),
      '--stack-cassandra-port',
      String(ports.cql)
    ],
    { env }
  )
  return JSON.parse(result.stdout) as Status[]
}

async function withCassandra<T>(fn: (client: cassandra.Client) => Promise<T>): Promise<T> {
  const client = new cassandra.Client({ contactPoints: [`127.0.0.1:${ports.cql}`], localDataCenter: 'datacenter1' })
  try {
    await client.connect()
    return await fn(client)
  } finally {
    await client.shutdown()
  }
}

async function topics(): Promise<string[]> {
  const admin = new Admin({ clientId: 'lifecycle-test', bootstrapBrokers: [`127.0.0.1:${ports.kafka}`] })
  try {
    return await admin.listTopics()
  } finally {
    await admin.close()
  }
}

test('up, status, down, up again keeps the data', { timeout: 600_000 }, async () => {
  const up = await runCli(['services', 'up', ...args], { env, timeoutMs: 400_000 })
  assert.equal(up.code, 0, up.stderr)
  assert.match(up.stdout, /^kafka 4\.\d+\.\d+ ready on 127\.0\.0\.1:\d+/m)
  assert.match(up.stdout, /^cassandra 5\.0\.\d+ ready on 127\.0\.0\.1:\d+/m)

  const first = await status()
  assert.deepEqual(
    first.map((s) => [s.name, s.state]),
    [
      ['kafka', 'ready'],
      ['cassandra', 'ready']
    ]
  )
  for (const s of first) {
    assert.ok(s.pid && isAlive(s.pid), `${s.name} pid is alive`)
    assert.ok(s.logFile.startsWith(dir), `${s.name} logs under the stack dir`)
  }
  assert.deepEqual(first[0]?.ports, [ports.kafka, ports.controller])
  assert.deepEqual(first[1]?.ports, [ports.cql, ports.storage])

  // Some data in each.
  const admin = new Admin({ clientId: 'lifecycle-test', bootstrapBrokers: [`127.0.0.1:${ports.kafka}`] })
  await admin.createTopics({ topics: ['kept_topic'], partitions: 1, replicas: 1 })
  await admin.close()
  await withCassandra(async (client) => {
    await client.execute("CREATE KEYSPACE kept WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
    await client.execute('CREATE TABLE kept.t (k int PRIMARY KEY, v text)')
    await client.execute("INSERT INTO kept.t (k, v) VALUES (1, 'still here')")
  })

  const down = await runCli(['services', 'down', '--stack-dir', dir], { env })
  assert.equal(down.code, 0, down.stderr)
  for (const s of first) assert.equal(isAlive(s.pid as number), false, `${s.name} (pid ${s.pid}) is gone`)
  for (const port of Object.values(ports)) assert.ok(await isPortFree(port), `port ${port} is free again`)
  const stopped = await status()
  assert.deepEqual(
    stopped.map((s) => s.state),
    ['stopped', 'stopped']
  )

  const again = await runCli(['services', 'up', ...args], { env, timeoutMs: 400_000 })
  assert.equal(again.code, 0, again.stderr)
  assert.ok((await topics()).includes('kept_topic'), 'the Kafka topic survived')
  const value = await withCassandra(async (client) =>
    (await client.execute('SELECT v FROM kept.t WHERE k = 1')).first()?.get('v')
  )
  assert.equal(value, 'still here', 'the Cassandra row survived')
})
