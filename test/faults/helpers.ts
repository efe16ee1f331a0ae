// Helpers of the fault-injection suite: the real stack's services stopped and started, CLI processes spawned and
// killed, committed offsets read from the real broker, and the one summary line per scenario.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Consumer } from '@platformatic/kafka'
import { loadConfig } from '../../src/config/load.ts'
import type { Config } from '../../src/config/schema.ts'
import { createLogger } from '../../src/observability/logger.ts'
import { serviceStart, serviceStop } from '../../src/stack/stack.ts'
import { type VerifyReport, verify } from '../../src/verify/verify.ts'
import { cliPath, namesAsFlags, repoRoot } from '../helpers.ts'

export const logger = createLogger({ log: { level: 'warn', pretty: false } })

/** Where the runner collects the summary lines (one JSON object a line). */
export const summaryFile = join(repoRoot, 'test-artifacts', 'faults-summary.jsonl')

export interface Summary {
  scenario: string
  usersIn: number
  rowsOut: number
  duplicates: number
  deadLettered: number
  /** Human text, e.g. "max 21.3 s over 5 restarts". */
  recover: string
}

export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** Prints the scenario's one line and keeps it for the suite's table. */
export function report(summary: Summary): void {
  const line = [
    summary.scenario,
    `users in ${summary.usersIn}`,
    `rows out ${summary.rowsOut}`,
    `duplicates ${summary.duplicates}`,
    `dead-lettered ${summary.deadLettered}`,
    `time to recover ${summary.recover}`
  ].join(' | ')
  process.stdout.write(`FAULTS ${line}\n`)
  mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true })
  appendFileSync(summaryFile, JSON.stringify(summary) + '\n')
}

export function readSummaries(): Summary[] {
  try {
    return readFileSync(summaryFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Summary)
  } catch {
    return []
  }
}

/** The stack's own options (stack.dir and ports from USER_STREAMER_* like every other test). */
function stackOptions(): { config: Config; logger: typeof logger } {
  return { config: loadConfig({ env: process.env }), logger }
}

/** Stops one real service (SIGTERM, as `services down` does); resolves once its process is gone. */
export async function stopService(name: 'kafka' | 'cassandra'): Promise<void> {
  const line = await serviceStop(stackOptions(), name)
  assert.match(line, /stopped/, line)
}

/** Starts one real service again and resolves once it answers as a client would. */
export async function startService(name: 'kafka' | 'cassandra'): Promise<void> {
  await serviceStart(stackOptions(), name)
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export interface CliChild {
  child: ChildProcess
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  exited: Promise<number | string>
  readonly stdout: string
  readonly stderr: string
  /** Highest VmRSS seen by sampleRss(), in MB. */
  peakRssMb: number
  sampleRss(): number
}

const children = new Set<ChildProcess>()

/** SIGKILLs every CLI child a scenario left running (a failed assertion), so the suite never hangs on one. */
export async function killLeftovers(): Promise<void> {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  children.clear()
  await sleep(200)
}

/** Starts the real CLI with this config's names; stdout and stderr are kept. */
export function spawnCli(config: Config, args: string[]): CliChild {
  const child = spawn(process.execPath, [cliPath, ...args, ...namesAsFlags(config)], {
    cwd: repoRoot,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.add(child)
  child.once('close', () => children.delete(child))
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    if (stderr.length > 200_000) stderr = stderr.slice(-100_000)
  })
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal ?? 'unknown'))
  )
  const handle: CliChild = {
    child,
    exited,
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    peakRssMb: 0,
    sampleRss() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
        handle.peakRssMb = Math.max(handle.peakRssMb, kb / 1024)
        return kb / 1024
      } catch {
        return 0
      }
    }
  }
  return handle
}

/** Ends a child: with SIGTERM it must exit by itself (a graceful stop); with SIGKILL it is gone at once. */
export async function killCli(cli: CliChild, signal: 'SIGTERM' | 'SIGKILL'): Promise<number | string> {
  cli.child.kill(signal)
  return cli.exited
}

/** Committed offsets of the config's group on its topic, per partition (-1: none) — read from the broker. */
export async function committedOffsets(config: Config): Promise<bigint[]> {
  const consumer = offsetsReader(config)
  try {
    const ends = (await consumer.listOffsets({ topics: [config.kafka.topic] })).get(config.kafka.topic) ?? []
    const committed = await consumer.listCommittedOffsets({
      topics: [{ topic: config.kafka.topic, partitions: ends.map((_, i) => i) }]
    })
    return committed.get(config.kafka.topic) ?? []
  } finally {
    await consumer.close(true).catch(() => {})
  }
}

/** The end offsets of the topic, per partition. */
export async function endOffsets(config: Config, topic = config.kafka.topic): Promise<bigint[]> {
  const consumer = offsetsReader(config)
  try {
    return (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? []
  } finally {
    await consumer.close(true).catch(() => {})
  }
}

function offsetsReader(config: Config): Consumer<Buffer, Buffer, Buffer, Buffer> {
  // Same group id as the processor, but it never joins the group: it only asks the coordinator for offsets.
  return new Consumer({
    clientId: 'faults-offsets',
    groupId: config.kafka.groupId,
    bootstrapBrokers: [...config.kafka.brokers],
    retries: 2,
    retryDelay: 250
  })
}

export const total = (offsets: readonly bigint[]): number =>
  offsets.reduce((sum, o) => sum + Number(o < 0n ? 0n : o), 0)

/** Polls the group's committed offsets until `done` says so; resolves with the offsets then. */
export async function waitForCommitted(
  config: Config,
  what: string,
  done: (committed: bigint[]) => boolean,
  timeoutMs = 120_000,
  everyMs = 100
): Promise<bigint[]> {
  const deadline = Date.now() + timeoutMs
  let last: bigint[] = []
  while (Date.now() < deadline) {
    last = await committedOffsets(config).catch(() => last)
    if (last.length > 0 && done(last)) return last
    await sleep(everyMs)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; committed ${last.join(',')}`)
}

/** True once every partition is committed up to the end of the topic. */
export async function caughtUp(config: Config): Promise<boolean> {
  const [ends, committed] = await Promise.all([endOffsets(config), committedOffsets(config)])
  return ends.every((end, i) => end === 0n || (committed[i] ?? -1n) >= end)
}

export interface RawTopicMessage {
  partition: number
  offset: bigint
  key: Buffer | undefined
  value: Buffer | undefined
  headers: Map<string, string>
}

/** Every message of a topic, up to its end when called. */
export async function readTopic(config: Config, topic: string): Promise<RawTopicMessage[]> {
  const ends = await endOffsets(config, topic)
  const remaining = new Map(ends.map((end, partition) => [partition, end]))
  for (const [partition, end] of remaining) if (end === 0n) remaining.delete(partition)
  const out: RawTopicMessage[] = []
  if (remaining.size === 0) return out
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: 'faults-reader',
    groupId: `faults-reader-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    bootstrapBrokers: [...config.kafka.brokers]
  })
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'earliest',
      autocommit: false,
      maxWaitTime: 200,
      maxBytes: 8 * 1024 * 1024
    })
    for await (const message of stream) {
      const end = remaining.get(message.partition)
      if (end === undefined || message.offset >= end) continue
      const headers = new Map<string, string>()
      for (const [key, value] of message.headers) headers.set(key.toString(), value.toString())
      out.push({
        partition: message.partition,
        offset: message.offset,
        key: message.key ?? undefined,
        value: message.value ?? undefined,
        headers
      })
      if (message.offset + 1n >= end) remaining.delete(message.partition)
      if (remaining.size === 0) break
    }
    await stream.close()
  } finally {
    await consumer.close(true).catch(() => {})
  }
  return out
}

/**
 * The end-of-scenario check: `verify`, then exactly `expected` rows, one per distinct id in the topic, no id
 * missing, no row that was never produced and (unless a scenario re-sends on purpose) no duplicate message.
 */
export async function verifyExact(config: Config, expected: number, options: { invalid?: number } = {}) {
  const result: VerifyReport = await verify(config)
  const context = JSON.stringify(result)
  assert.equal(result.distinctIds, expected, `distinct ids in the topic: ${context}`)
  assert.equal(result.duplicateMessages, 0, `duplicate messages in the topic: ${context}`)
  assert.equal(result.rows, expected, `rows in Cassandra: ${context}`)
  assert.equal(result.missing, 0, `ids with no row: ${context}`)
  assert.equal(result.extraRows, 0, `rows never produced: ${context}`)
  assert.equal(result.invalidMessages, options.invalid ?? 0, `invalid messages: ${context}`)
  assert.equal(result.ok, true, context)
  return { ...result, duplicates: result.duplicateMessages + Math.max(0, result.rows - result.distinctIds) }
}
