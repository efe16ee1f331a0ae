// Apache Kafka 4.x, one combined broker+controller node in KRaft mode, static quorum on loopback.
import { randomBytes } from 'node:crypto'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Admin } from '@platformatic/kafka'
import { kafkaConnection } from '../broker/kafka/connection.ts'
import type { Config } from '../config/schema.ts'
import { UserStreamerError } from '../errors.ts'
import { pomProperty } from './maven.ts'
import { packageRoot } from './paths.ts'
import { APP_USER, KAFKA_ADMIN_USER, secureClientConfig, secureCredentials, securePaths } from './secure.ts'
import type { Launch, LaunchContext, ServiceSpec } from './service.ts'

const run = promisify(execFile)
const pom = join(packageRoot(), 'stack', 'kafka', 'pom.xml')

/** A Kafka cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url')
}

/** A JAAS option value, double-quoted and escaped. */
const jaas = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`

/**
 * The secured listener: SASL_SSL with SCRAM-SHA-512/256 (credentials in the metadata log, added at format time)
 * and PLAIN (users in the JAAS config), the broker's own key pair from the throwaway CA. The controller listener
 * stays plaintext on loopback: only the node itself talks to it.
 */
function secureListener(config: Config): string[] {
  const { port } = config.stack.kafka
  const paths = securePaths(config)
  const credentials = secureCredentials(config)
  const prefix = 'listener.name.sasl_ssl'
  return [
    `listeners=SASL_SSL://127.0.0.1:${port},CONTROLLER://127.0.0.1:${config.stack.kafka.controllerPort}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${port}`,
    'inter.broker.listener.name=SASL_SSL',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN',
    'sasl.mechanism.inter.broker.protocol=PLAIN',
    `${prefix}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=${jaas(KAFKA_ADMIN_USER)} password=${jaas(credentials.kafkaAdminPassword)} user_${KAFKA_ADMIN_USER}=${jaas(credentials.kafkaAdminPassword)} user_${APP_USER}=${jaas(credentials.kafkaAppPassword)};`,
    `${prefix}.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    `${prefix}.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${paths.pki.serverStore}`,
    `ssl.keystore.password=${credentials.storePassword}`,
    `ssl.key.password=${credentials.storePassword}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${paths.pki.caCert}`,
    'ssl.client.auth=none',
    'ssl.endpoint.identification.algorithm=https'
  ]
}

export function serverProperties(config: Config, dataDir: string): string {
  const { port, controllerPort } = config.stack.kafka
  return [
    '# written by user-streamer on every start; edit the config (stack.kafka.*) instead',
    'process.roles=broker,controller',
    'node.id=1',
    // Static quorum: the voter is not baked into the storage at format time, so ports may change between runs.
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    ...(config.stack.secure
      ? secureListener(config)
      : [
          `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
          'inter.broker.listener.name=PLAINTEXT',
          'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'
        ]),
    'controller.listener.names=CONTROLLER',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=3',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=3',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Two cores: fewer threads than the shipped defaults.
    'num.network.threads=2',
    'num.io.threads=2',
    'auto.create.topics.enable=false',
    ''
  ].join('\n')
}

const log4j2 = (logDir: string): string =>
  [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = FILE',
    `appender.file.fileName = ${logDir}/server.log`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = INFO',
    'rootLogger.appenderRef.file.ref = FILE',
    'logger.kafka.name = kafka',
    'logger.kafka.level = INFO',
    'logger.state.name = state.change.logger',
    'logger.state.level = WARN',
    ''
  ].join('\n')

/** `kafka-storage format --add-scram`: the app user's SCRAM credentials, in the metadata log from the start. */
function scramArgs(config: Config): string[] {
  const password = secureCredentials(config).kafkaAppPassword
  return ['SCRAM-SHA-512', 'SCRAM-SHA-256'].flatMap((mechanism) => [
    '--add-scram',
    `${mechanism}=[name=${APP_USER},password=${password}]`
  ])
}

export const kafkaService: ServiceSpec = {
  name: 'kafka',
  mainClass: 'kafka.Kafka',
  pom,
  version: pomProperty(pom, 'kafka.version'),
  ports: (config) => [
    { port: config.stack.kafka.port, setting: 'stack.kafka.port', what: 'Kafka broker' },
    { port: config.stack.kafka.controllerPort, setting: 'stack.kafka.controllerPort', what: 'Kafka KRaft controller' }
  ],
  logFile: (home) => join(home, 'logs', 'server.log'),
  dataDir: (home) => join(home, 'data'),

  async prepare({ config, java, home, lib }: LaunchContext): Promise<Launch> {
    const dataDir = join(home, 'data')
    const logDir = join(home, 'logs')
    mkdirSync(dataDir, { recursive: true })
    mkdirSync(logDir, { recursive: true })
    const properties = join(home, 'server.properties')
    const log4jFile = join(home, 'log4j2.properties')
    // The secured variant's file holds passwords: readable by this user only.
    writeFileSync(properties, serverProperties(config, dataDir), { mode: 0o600 })
    writeFileSync(log4jFile, log4j2(logDir))
    const classpath = join(lib, '*')
    const logProps = [`-Dlog4j2.configurationFile=${log4jFile}`, `-Dkafka.logs.dir=${logDir}`]

    if (!existsSync(join(dataDir, 'meta.properties'))) {
      const idFile = join(home, 'cluster-id')
      if (!existsSync(idFile)) writeFileSync(idFile, newClusterId())
      const clusterId = readFileSync(idFile, 'utf8').trim()
      try {
        await run(java.bin, [
          ...logProps,
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '-g',
          '-t',
          clusterId,
          '-c',
          properties,
          ...(config.stack.secure ? scramArgs(config) : [])
        ])
      } catch (error) {
        throw new UserStreamerError(
          'US_ERR_SERVICE_START',
          `formatting Kafka storage in ${dataDir} failed: ${(error as Error).message}`,
          {
            hint: `remove ${home} to start from scratch`,
            cause: error
          }
        )
      }
    }

    const heap = config.stack.kafka.heap
    return {
      logFile: join(logDir, 'stdout.log'),
      args: [
        `-Xms${heap}`,
        `-Xmx${heap}`,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        '-XX:InitiatingHeapOccupancyPercent=35',
        '-XX:+ExplicitGCInvokesConcurrent',
        '-Djava.awt.headless=true',
        ...logProps,
        '-cp',
        classpath,
        'kafka.Kafka',
        properties
      ]
    }
  },

  async probe(config: Config, timeoutMs: number): Promise<string> {
    const admin = new Admin({
      clientId: 'user-streamer-probe',
      ...(config.stack.secure
        ? kafkaConnection(secureClientConfig(config))
        : { bootstrapBrokers: [`127.0.0.1:${config.stack.kafka.port}`] }),
      timeout: timeoutMs,
      retries: 0
    })
    try {
      const metadata = await admin.metadata({ topics: [] })
      return `cluster ${metadata.id}, ${metadata.brokers.size} broker(s)`
    } finally {
      await admin.close().catch(() => {})
    }
  }
}
