// Apache Cassandra 5.0, one node on loopback. cassandra-all ships no conf files, so they are written here.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import cassandra from 'cassandra-driver'
import type { Config } from '../config/schema.ts'
import { cassandraSecurityOptions } from '../sink/cassandra/client.ts'
import { pomProperty } from './maven.ts'
import { packageRoot } from './paths.ts'
import { APP_USER, CASSANDRA_SUPERUSER, secureClientConfig, secureCredentials, securePaths } from './secure.ts'
import type { Launch, LaunchContext, ServiceSpec } from './service.ts'

const pom = join(packageRoot(), 'stack', 'cassandra', 'pom.xml')

/** PasswordAuthenticator and TLS-only client connections with the throwaway CA's server key pair. */
function secureYaml(config: Config): string {
  const paths = securePaths(config)
  const credentials = secureCredentials(config)
  return `authenticator: PasswordAuthenticator
authorizer: AllowAllAuthorizer
role_manager: CassandraRoleManager
client_encryption_options:
  enabled: true
  optional: false
  keystore: ${paths.pki.serverStore}
  keystore_password: "${credentials.storePassword}"
  store_type: PKCS12
  require_client_auth: false`
}

export function cassandraYaml(config: Config): string {
  const { port, storagePort } = config.stack.cassandra
  return `# written by user-streamer on every start; edit the config (stack.cassandra.*) instead
cluster_name: 'user-streamer'
num_tokens: 1
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
commitlog_sync: periodic
commitlog_sync_period: 10000ms
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:${storagePort}"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: ${storagePort}
native_transport_port: ${port}
start_native_transport: true
${config.stack.secure ? secureYaml(config) : 'authenticator: AllowAllAuthenticator\nauthorizer: AllowAllAuthorizer'}
auto_snapshot: false
# two cores: keep background work small
concurrent_compactors: 1
concurrent_writes: 32
`
}

const logback = `<configuration scan="false">
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>\${cassandra.logdir}/system.log</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
`

// From Cassandra's conf/jvm17-server.options and bin/cassandra.in.sh: the module flags Java 17 needs.
const java17Flags = [
  '-Djdk.attach.allowAttachSelf=true',
  ...[
    'java.base/jdk.internal.misc',
    'java.management.rmi/com.sun.jmx.remote.internal.rmi',
    'java.management/com.sun.jmx.remote.security',
    'java.rmi/sun.rmi.registry',
    'java.rmi/sun.rmi.server',
    'java.sql/java.sql',
    'java.base/java.lang.ref',
    'jdk.unsupported/sun.misc',
    'jdk.attach/sun.tools.attach',
    'jdk.compiler/com.sun.tools.javac.file'
  ].flatMap((pkg) => ['--add-exports', `${pkg}=ALL-UNNAMED`]),
  ...[
    'java.base/java.lang.module',
    'java.base/jdk.internal.loader',
    'java.base/jdk.internal.ref',
    'java.base/jdk.internal.reflect',
    'java.base/jdk.internal.math',
    'java.base/jdk.internal.module',
    'java.base/jdk.internal.util.jar',
    'jdk.management/com.sun.management.internal',
    'java.base/sun.nio.ch',
    'java.base/java.io',
    'java.base/java.lang.reflect',
    'java.base/java.lang',
    'java.base/java.util',
    'java.base/java.nio',
    'jdk.compiler/com.sun.tools.javac'
  ].flatMap((pkg) => ['--add-opens', `${pkg}=ALL-UNNAMED`])
]

export const cassandraService: ServiceSpec = {
  name: 'cassandra',
  mainClass: 'org.apache.cassandra.service.CassandraDaemon',
  pom,
  version: pomProperty(pom, 'cassandra.version'),
  ports: (config) => [
    { port: config.stack.cassandra.port, setting: 'stack.cassandra.port', what: 'Cassandra CQL' },
    { port: config.stack.cassandra.storagePort, setting: 'stack.cassandra.storagePort', what: 'Cassandra storage' }
  ],
  logFile: (home) => join(home, 'logs', 'system.log'),
  dataDir: (home) => join(home, 'data'),

  async prepare({ config, home, lib }: LaunchContext): Promise<Launch> {
    const confDir = join(home, 'conf')
    const dataDir = join(home, 'data')
    const logDir = join(home, 'logs')
    const tmpDir = join(home, 'tmp')
    for (const dir of [confDir, dataDir, logDir, tmpDir]) mkdirSync(dir, { recursive: true })
    // The secured variant's file holds the key store password: readable by this user only.
    writeFileSync(join(confDir, 'cassandra.yaml'), cassandraYaml(config), { mode: 0o600 })
    writeFileSync(join(confDir, 'logback.xml'), logback)
    const jamm = readdirSync(lib).find((file) => /^jamm-.*\.jar$/.test(file))
    const heap = config.stack.cassandra.heap
    return {
      logFile: join(logDir, 'stdout.log'),
      args: [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-ea',
        '-da:net.openhft...',
        '-Xss256k',
        '-XX:+UseG1GC',
        '-XX:+ParallelRefProcEnabled',
        '-XX:MaxTenuringThreshold=1',
        '-XX:MaxGCPauseMillis=300',
        '-XX:InitiatingHeapOccupancyPercent=70',
        '-XX:+HeapDumpOnOutOfMemoryError',
        `-XX:HeapDumpPath=${tmpDir}`,
        '-XX:+PerfDisableSharedMem',
        '-Djava.net.preferIPv4Stack=true',
        '-Dchronicle.analytics.disable=true',
        '-Dio.netty.tryReflectionSetAccessible=true',
        '-Dio.netty.allocator.useCacheForAllThreads=true',
        '-Dio.netty.allocator.maxOrder=11',
        ...java17Flags,
        ...(jamm ? [`-javaagent:${join(lib, jamm)}`] : []),
        `-Djna.tmpdir=${tmpDir}`,
        `-Dcassandra.config=file://${join(confDir, 'cassandra.yaml')}`,
        `-Dcassandra.storagedir=${dataDir}`,
        `-Dcassandra.logdir=${logDir}`,
        `-Dlogback.configurationFile=${join(confDir, 'logback.xml')}`,
        '-Dcassandra-foreground=yes',
        '-Dcassandra.skip_wait_for_gossip_to_settle=0',
        // The default superuser exists as soon as the node is up (the secured variant replaces its password).
        '-Dcassandra.superuser_setup_delay_ms=0',
        '-cp',
        `${confDir}:${join(lib, '*')}`,
        'org.apache.cassandra.service.CassandraDaemon'
      ]
    }
  },

  async probe(config: Config, timeoutMs: number): Promise<string> {
    if (config.stack.secure) return secureProbe(config, timeoutMs)
    const client = new cassandra.Client({
      contactPoints: [`127.0.0.1:${config.stack.cassandra.port}`],
      localDataCenter: 'datacenter1',
      socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
      pooling: { warmup: false }
    })
    try {
      await client.connect()
      const result = await client.execute('SELECT release_version FROM system.local')
      return `release ${String(result.first()?.get('release_version'))}`
    } finally {
      await client.shutdown().catch(() => {})
    }
  }
}

async function probeAs(config: Config, timeoutMs: number, user: string, password: string): Promise<cassandra.Client> {
  const client = new cassandra.Client({
    contactPoints: [`127.0.0.1:${config.stack.cassandra.port}`],
    localDataCenter: 'datacenter1',
    ...cassandraSecurityOptions(secureClientConfig(config)),
    authProvider: new cassandra.auth.PlainTextAuthProvider(user, password),
    socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
    pooling: { warmup: false }
  })
  try {
    await client.connect()
    return client
  } catch (error) {
    await client.shutdown().catch(() => {})
    throw error
  }
}

const isAuthFailure = (error: unknown): boolean =>
  /authenticat|password|credentials/i.test(
    JSON.stringify(error, Object.getOwnPropertyNames(error as object)) + String(error)
  )

/**
 * Over TLS as the app user. On the first start that user does not exist yet: as the default superuser
 * (cassandra/cassandra), create it (a superuser: it creates keyspaces) and replace the default password.
 */
async function secureProbe(config: Config, timeoutMs: number): Promise<string> {
  const credentials = secureCredentials(config)
  let client: cassandra.Client
  try {
    client = await probeAs(config, timeoutMs, APP_USER, credentials.cassandraAppPassword)
  } catch (error) {
    if (!isAuthFailure(error)) throw error
    let admin: cassandra.Client
    try {
      admin = await probeAs(config, timeoutMs, CASSANDRA_SUPERUSER, CASSANDRA_SUPERUSER)
    } catch {
      admin = await probeAs(config, timeoutMs, CASSANDRA_SUPERUSER, credentials.cassandraAdminPassword)
    }
    try {
      const options = { prepare: false, consistency: cassandra.types.consistencies.one }
      await admin.execute(
        `CREATE ROLE IF NOT EXISTS ${APP_USER} WITH PASSWORD = '${credentials.cassandraAppPassword}' AND LOGIN = true AND SUPERUSER = true`,
        [],
        options
      )
      await admin.execute(
        `ALTER ROLE ${CASSANDRA_SUPERUSER} WITH PASSWORD = '${credentials.cassandraAdminPassword}'`,
        [],
        options
      )
    } finally {
      await admin.shutdown().catch(() => {})
    }
    client = await probeAs(config, timeoutMs, APP_USER, credentials.cassandraAppPassword)
  }
  try {
    const result = await client.execute('SELECT release_version FROM system.local')
    return `release ${String(result.first()?.get('release_version'))}, TLS, user ${APP_USER}`
  } finally {
    await client.shutdown().catch(() => {})
  }
}
