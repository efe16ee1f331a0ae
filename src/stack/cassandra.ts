// Apache Cassandra 5.0, one node on loopback. cassandra-all ships no conf files, so they are written here.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import cassandra from 'cassandra-driver'
import type { Config } from '../config/schema.ts'
import { pomProperty } from './maven.ts'
import { packageRoot } from './paths.ts'
import type { Launch, LaunchContext, ServiceSpec } from './service.ts'

const pom = join(packageRoot(), 'stack', 'cassandra', 'pom.xml')

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
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
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
    writeFileSync(join(confDir, 'cassandra.yaml'), cassandraYaml(config))
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
        '-cp',
        `${confDir}:${join(lib, '*')}`,
        'org.apache.cassandra.service.CassandraDaemon'
      ]
    }
  },

  async probe(config: Config, timeoutMs: number): Promise<string> {
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
