// `user-streamer services up|down|status`: the real Kafka and Cassandra (and, on request, a Spark Connect server)
// as background JVMs on loopback, with their artifacts, data and logs under one project-local directory (stack.dir).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Config } from '../config/schema.ts'
import { UserStreamerError, errorMessage } from '../errors.ts'
import type { Logger } from '../observability/logger.ts'
import { cassandraService } from './cassandra.ts'
import { findJava } from './java.ts'
import { kafkaService } from './kafka.ts'
import { resolveClasspath } from './maven.ts'
import { stackDir } from './paths.ts'
import { makePki } from './pki.ts'
import { secureCredentials, secureHome, securePaths, writeClientEnv } from './secure.ts'
import { assertPortFree } from './ports.ts'
import { commandLine, isAlive, spawnDetached, stopProcess } from './process.ts'
import type { ServiceSpec } from './service.ts'
import { sparkService } from './spark.ts'

/** Always part of the stack. */
export const coreServices: readonly ServiceSpec[] = [kafkaService, cassandraService]
/** Started only when asked for (`--with spark`); stopped by `down` like the rest. */
export const optionalServices: readonly ServiceSpec[] = [sparkService]
export const optionalServiceNames: readonly string[] = optionalServices.map((service) => service.name)
const allServices: readonly ServiceSpec[] = [...coreServices, ...optionalServices]

interface ServiceState {
  pid: number
  version: string
  ports: number[]
  logFile: string
  stdoutFile: string
  dataDir: string
  startedAt: string
}

export interface ServiceStatus {
  name: string
  version: string
  state: 'ready' | 'running' | 'stopped'
  pid: number | null
  ports: number[]
  logFile: string
  dataDir: string
  startedAt: string | null
  detail: string
}

export interface StackOptions {
  config: Config
  logger: Logger
  /** Human progress lines (downloads, waiting). */
  progress?: (line: string) => void
  env?: NodeJS.ProcessEnv
  /** Optional services to include (e.g. ['spark']). */
  with?: readonly string[]
}

/** The core services plus the optional ones asked for, or (for status) already running. */
function selected(options: StackOptions, includeRunning = false): ServiceSpec[] {
  const unknown = (options.with ?? []).filter((name) => !optionalServiceNames.includes(name))
  if (unknown.length > 0) {
    throw new UserStreamerError('US_ERR_USAGE', `--with: unknown service "${unknown.join(', ')}"`, {
      hint: `choose from ${optionalServiceNames.join(', ')}`
    })
  }
  return [
    ...coreServices,
    ...optionalServices.filter(
      (service) =>
        options.with?.includes(service.name) || (includeRunning && runningPid(options.config, service) !== undefined)
    )
  ]
}

/** <stack.dir>/<service>, or <stack.dir>/secure/<service> for the secured variant (data of its own). */
function home(config: Config, service: ServiceSpec): string {
  return config.stack.secure ? join(secureHome(config), service.name) : join(stackDir(config.stack.dir), service.name)
}

function stateFile(config: Config, service: ServiceSpec): string {
  return join(home(config, service), 'state.json')
}

function readState(config: Config, service: ServiceSpec): ServiceState | undefined {
  const file = stateFile(config, service)
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServiceState
  } catch {
    return undefined
  }
}

/** The recorded pid, if that process is alive and still our JVM (pids get reused). */
function runningPid(config: Config, service: ServiceSpec): number | undefined {
  const state = readState(config, service)
  if (!state || !isAlive(state.pid)) return undefined
  const cmd = commandLine(state.pid)
  return cmd === undefined || cmd.includes(service.mainClass) ? state.pid : undefined
}

function lastErrorLine(file: string): string | undefined {
  if (!existsSync(file)) return undefined
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  const error = lines.findLast((line) => /\b(ERROR|Exception|Error:)\b/.test(line))
  return (error ?? lines.at(-1))?.slice(0, 300)
}

async function waitReady(
  service: ServiceSpec,
  options: StackOptions,
  pid: number,
  state: ServiceState
): Promise<string> {
  const { config } = options
  const deadline = Date.now() + config.stack.startTimeoutMs
  let lastError = ''
  let lastNotice = Date.now()
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      const reason = lastErrorLine(state.logFile) ?? lastErrorLine(state.stdoutFile) ?? 'no log output'
      throw new UserStreamerError('US_ERR_SERVICE_START', `${service.name} exited during start-up: ${reason}`, {
        hint: `read ${state.logFile} and ${state.stdoutFile}`
      })
    }
    try {
      return await service.probe(config, 3000)
    } catch (error) {
      lastError = errorMessage(error)
    }
    if (Date.now() - lastNotice > 10_000) {
      lastNotice = Date.now()
      options.progress?.(`${service.name}: still starting (${Math.round((deadline - Date.now()) / 1000)} s left)`)
    }
    await sleep(500)
  }
  throw new UserStreamerError(
    'US_ERR_SERVICE_NOT_READY',
    `${service.name} did not become ready within ${config.stack.startTimeoutMs} ms (last probe: ${lastError})`,
    { hint: `read ${state.logFile}; raise stack.startTimeoutMs if the machine is slow` }
  )
}

async function startService(
  service: ServiceSpec,
  options: StackOptions,
  java: ReturnType<typeof findJava>
): Promise<string> {
  const { config, logger } = options
  const dir = home(config, service)
  const existing = runningPid(config, service)
  const state0 = readState(config, service)
  if (existing !== undefined && state0) {
    const detail = await waitReady(service, options, existing, state0)
    logger.info({ service: service.name, servicePid: existing }, 'already running')
    return `${service.name} ${service.version} already running (pid ${existing}): ${detail}`
  }
  for (const { port, setting, what } of service.ports(config)) await assertPortFree(port, setting, what)

  const lib = await resolveClasspath({
    component: service.name,
    pom: service.pom,
    libDir: join(stackDir(config.stack.dir), 'lib', `${service.name}-${service.version}`),
    env: options.env ?? process.env,
    ...(options.progress ? { onProgress: options.progress } : {})
  })
  mkdirSync(dir, { recursive: true })
  const launch = await service.prepare({ config, java, home: dir, lib })
  const pid = spawnDetached(java.bin, launch.args, { cwd: dir, logFile: launch.logFile })
  const state: ServiceState = {
    pid,
    version: service.version,
    ports: service.ports(config).map((p) => p.port),
    logFile: service.logFile(dir),
    stdoutFile: launch.logFile,
    dataDir: service.dataDir(dir),
    startedAt: new Date().toISOString()
  }
  writeFileSync(stateFile(config, service), JSON.stringify(state, null, 2))
  logger.info({ service: service.name, servicePid: pid, ports: state.ports }, 'started, waiting for readiness')
  const started = Date.now()
  const detail = await waitReady(service, options, pid, state)
  logger.info({ service: service.name, servicePid: pid, ms: Date.now() - started }, 'ready')
  return `${service.name} ${service.version} ready on 127.0.0.1:${state.ports[0]} (pid ${pid}, ${((Date.now() - started) / 1000).toFixed(1)} s): ${detail}`
}

/** Starts every service not already running and waits until each answers as a client would. */
export async function servicesUp(options: StackOptions): Promise<string[]> {
  const wanted = selected(options)
  const java = findJava(options.env ?? process.env)
  const toStart = wanted.filter((service) => runningPid(options.config, service) === undefined)
  // Check every port before starting anything, so a conflict leaves nothing half-started.
  for (const service of toStart) {
    for (const { port, setting, what } of service.ports(options.config)) await assertPortFree(port, setting, what)
  }
  // A new throwaway CA only when no core service of the secured stack runs (a running one uses the current certs).
  if (options.config.stack.secure)
    await prepareSecure(
      options,
      coreServices.every((service) => toStart.includes(service))
    )
  const results = await Promise.allSettled(wanted.map((service) => startService(service, options, java)))
  const failure = results.find((result) => result.status === 'rejected')
  if (failure) {
    // Leave nothing half-started behind a failed `up`, but keep what was already running before it.
    await stopServices(options, toStart).catch(() => {})
    throw failure.reason
  }
  const lines = results.map((result) => (result as PromiseFulfilledResult<string>).value)
  if (options.config.stack.secure) {
    lines.push(
      `secured stack: Kafka SASL_SSL (SCRAM-SHA-512/256, PLAIN), Cassandra TLS + PasswordAuthenticator; CA ${securePaths(options.config).pki.caCert}`,
      `clients: set -a; . ${writeClientEnv(options.config)}; set +a`
    )
  }
  return lines
}

/** Credentials (made once) and a new throwaway CA when nothing of the secured stack runs (its certs are in use). */
async function prepareSecure(options: StackOptions, nothingRunning: boolean): Promise<void> {
  const credentials = secureCredentials(options.config)
  const paths = securePaths(options.config)
  if (nothingRunning || !existsSync(paths.pki.serverStore)) {
    options.progress?.(`secured stack: making a throwaway CA and certificates in ${paths.pki.dir}`)
    await makePki(paths.pki.dir, credentials.storePassword)
  }
  writeClientEnv(options.config)
}

/** Stops every service of the stack that runs, optional ones included (or only the `names` given). */
export function servicesDown(options: StackOptions, names?: readonly string[]): Promise<string[]> {
  return stopServices(
    options,
    names
      ? names.map(serviceNamed)
      : allServices.filter(
          (service) => coreServices.includes(service) || runningPid(options.config, service) !== undefined
        )
  )
}

/** The local service of this name (`kafka`, `cassandra`, `spark`). */
export function serviceNamed(name: string): ServiceSpec {
  const service = allServices.find((s) => s.name === name)
  if (!service)
    throw new UserStreamerError('US_ERR_USAGE', `unknown service "${name}"`, {
      hint: `one of ${allServices.map((s) => s.name).join(', ')}`
    })
  return service
}

/** Stops one local service (SIGTERM, then SIGKILL after 60 s), leaving the others running: for fault injection. */
export async function serviceStop(options: StackOptions, name: string): Promise<string> {
  const [line] = await stopServices(options, [serviceNamed(name)])
  return line ?? `${name}: not running`
}

/** Starts one local service (if not running) and waits until it answers as a client would. */
export function serviceStart(options: StackOptions, name: string): Promise<string> {
  return startService(serviceNamed(name), options, findJava(options.env ?? process.env))
}

async function stopServices(options: StackOptions, which: readonly ServiceSpec[]): Promise<string[]> {
  const lines = await Promise.all(
    which.map(async (service) => {
      const pid = runningPid(options.config, service)
      if (pid === undefined) return `${service.name}: not running`
      // Cassandra flushes memtables on TERM; give it time before KILL.
      const outcome = await stopProcess(pid, 60_000)
      rmSync(stateFile(options.config, service), { force: true })
      if (outcome === 'killed') {
        throw new UserStreamerError(
          'US_ERR_SERVICE_STOP',
          `${service.name} (pid ${pid}) ignored SIGTERM for 60 s and was killed`,
          {
            hint: `read ${service.logFile(home(options.config, service))}`
          }
        )
      }
      options.logger.info({ service: service.name, servicePid: pid }, 'stopped')
      return `${service.name}: stopped (pid ${pid})`
    })
  )
  return lines
}

export async function servicesStatus(options: StackOptions): Promise<ServiceStatus[]> {
  return Promise.all(
    selected(options, true).map(async (service): Promise<ServiceStatus> => {
      const dir = home(options.config, service)
      const state = readState(options.config, service)
      const pid = runningPid(options.config, service)
      const base = {
        name: service.name,
        version: state?.version ?? service.version,
        ports: state?.ports ?? service.ports(options.config).map((p) => p.port),
        logFile: state?.logFile ?? service.logFile(dir),
        dataDir: state?.dataDir ?? service.dataDir(dir),
        startedAt: pid === undefined ? null : (state?.startedAt ?? null)
      }
      if (pid === undefined) return { ...base, state: 'stopped', pid: null, detail: 'not running' }
      try {
        const detail = await service.probe(options.config, 3000)
        return { ...base, state: 'ready', pid, detail }
      } catch (error) {
        return { ...base, state: 'running', pid, detail: `not answering yet: ${errorMessage(error)}` }
      }
    })
  )
}

/** True when every local service answers its probe. */
export async function stackReady(options: StackOptions): Promise<boolean> {
  const statuses = await servicesStatus(options)
  return statuses.every((status) => status.state === 'ready')
}
