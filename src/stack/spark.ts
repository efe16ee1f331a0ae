// Apache Spark 3.5 in local mode running the Spark Connect server, with the Kafka source and the Spark Cassandra
// Connector on its classpath: the jars come from Maven Central (stack/spark/pom.xml), so no Spark distribution,
// Python or Docker is needed. Started only by `services up --with spark`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from '../config/schema.ts'
import { SparkConnectSession } from '../processor/spark/connect.ts'
import { pomProperty } from './maven.ts'
import { packageRoot } from './paths.ts'
import type { Launch, LaunchContext, ServiceSpec } from './service.ts'

const pom = join(packageRoot(), 'stack', 'spark', 'pom.xml')

/** What Spark's launcher (JavaModuleOptions) adds on Java 17; needed because the JVM is started without it. */
export const sparkJavaOptions = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  ...[
    'java.lang',
    'java.lang.invoke',
    'java.lang.reflect',
    'java.io',
    'java.net',
    'java.nio',
    'java.util',
    'java.util.concurrent',
    'java.util.concurrent.atomic',
    'jdk.internal.ref',
    'sun.nio.ch',
    'sun.nio.cs',
    'sun.security.action',
    'sun.util.calendar'
  ].map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
  '-Djdk.reflect.useDirectMethodHandle=false',
  '-Dio.netty.tryReflectionSetAccessible=true'
]

/** Spark settings as system properties (SparkConf reads every spark.* property). */
export function sparkConf(config: Config, home: string): Record<string, string> {
  return {
    'spark.master': 'local[2]',
    'spark.app.name': 'user-streamer Spark Connect',
    'spark.connect.grpc.binding.port': String(config.stack.spark.port),
    'spark.driver.host': '127.0.0.1',
    'spark.driver.bindAddress': '127.0.0.1',
    'spark.local.dir': join(home, 'tmp'),
    'spark.ui.enabled': 'false',
    // Two cores: a handful of partitions, not the default 200.
    'spark.sql.shuffle.partitions': '2',
    'spark.sql.extensions': 'com.datastax.spark.connector.CassandraSparkExtensions',
    'spark.cassandra.connection.host': '127.0.0.1',
    'spark.cassandra.connection.port': String(config.stack.cassandra.port),
    'spark.sql.streaming.checkpointLocation': join(home, 'checkpoints'),
    'spark.log.callerContext': 'user-streamer'
  }
}

const log4j2 = (logDir: string): string =>
  [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logDir}/spark.log`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    // The Kafka client and block manager are chatty at INFO; streaming progress and errors are what matter.
    'logger.kafka.name = org.apache.kafka',
    'logger.kafka.level = WARN',
    'logger.storage.name = org.apache.spark.storage',
    'logger.storage.level = WARN',
    'logger.executor.name = org.apache.spark.executor',
    'logger.executor.level = WARN',
    'logger.scheduler.name = org.apache.spark.scheduler',
    'logger.scheduler.level = WARN',
    ''
  ].join('\n')

export const sparkService: ServiceSpec = {
  name: 'spark',
  mainClass: 'org.apache.spark.sql.connect.service.SparkConnectServer',
  pom,
  version: pomProperty(pom, 'spark.version'),
  ports: (config) => [{ port: config.stack.spark.port, setting: 'stack.spark.port', what: 'Spark Connect' }],
  logFile: (home) => join(home, 'logs', 'spark.log'),
  dataDir: (home) => join(home, 'checkpoints'),

  async prepare({ config, home, lib }: LaunchContext): Promise<Launch> {
    const logDir = join(home, 'logs')
    const confDir = join(home, 'conf')
    for (const dir of [logDir, confDir, join(home, 'tmp'), join(home, 'checkpoints')])
      mkdirSync(dir, { recursive: true })
    const log4jFile = join(confDir, 'log4j2.properties')
    writeFileSync(log4jFile, log4j2(logDir))
    const heap = config.stack.spark.heap
    return {
      logFile: join(logDir, 'stdout.log'),
      args: [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        ...sparkJavaOptions,
        `-Djava.io.tmpdir=${join(home, 'tmp')}`,
        `-Dlog4j2.configurationFile=${log4jFile}`,
        ...Object.entries(sparkConf(config, home)).map(([key, value]) => `-D${key}=${value}`),
        '-cp',
        join(lib, '*'),
        'org.apache.spark.sql.connect.service.SparkConnectServer'
      ]
    }
  },

  async probe(config: Config, timeoutMs: number): Promise<string> {
    const session = new SparkConnectSession(`sc://127.0.0.1:${config.stack.spark.port}`)
    try {
      return `Spark ${await session.sparkVersion(timeoutMs)} (Spark Connect)`
    } finally {
      session.close()
    }
  }
}
