// The configuration as the Spark engine's connectors take it: options of the Structured Streaming Kafka source
// (`spark.readStream.format('kafka').options(...)`) and confs of the Spark Cassandra Connector. Pure: files are read
// only through the `readFile` given (the client key and certificate are inlined as the Kafka PEM options want).
// The Java clients cannot take every form the Node clients take; where they cannot, an error names the setting.
import { readFileSync } from 'node:fs'
import { UserStreamerError } from '../errors.ts'
import { cassandraConsistency } from './derived.ts'
import type { Config } from './schema.ts'

export interface SparkOptionsContext {
  /** Reads a PEM file named by a setting (default: fs.readFileSync). */
  readFile?: (path: string) => string
  /** Password of a PKCS12/JKS trust or key store given to the Cassandra connector, if it has one. */
  storePassword?: string
}

/** A JAAS option value: double-quoted, with backslashes and quotes escaped. */
export function jaasQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

const loginModules = {
  plain: 'org.apache.kafka.common.security.plain.PlainLoginModule',
  'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule',
  'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule'
} as const

/** Options of the Spark Kafka source/sink (every Kafka client property prefixed with `kafka.`). */
export function sparkKafkaOptions(config: Config, context: SparkOptionsContext = {}): Record<string, string> {
  const read = context.readFile ?? ((path: string) => readFileSync(path, 'utf8'))
  const { ssl, sasl } = config.kafka
  const protocol = ssl.enabled
    ? sasl.mechanism === 'none'
      ? 'SSL'
      : 'SASL_SSL'
    : sasl.mechanism === 'none'
      ? 'PLAINTEXT'
      : 'SASL_PLAINTEXT'
  const options: Record<string, string> = {
    'kafka.bootstrap.servers': config.kafka.brokers.join(','),
    'kafka.security.protocol': protocol
  }
  if (sasl.mechanism === 'oauthbearer') {
    throw new UserStreamerError(
      'US_ERR_CONFIG',
      'kafka.sasl.mechanism oauthbearer: the Spark Kafka source (Java client) takes no static token',
      {
        hint: 'give the Spark job kafka.sasl.oauthbearer.token.endpoint.url and a login callback handler instead'
      }
    )
  }
  if (sasl.mechanism !== 'none') {
    options['kafka.sasl.mechanism'] = sasl.mechanism.toUpperCase()
    options['kafka.sasl.jaas.config'] =
      `${loginModules[sasl.mechanism]} required username=${jaasQuote(sasl.username)} password=${jaasQuote(sasl.password)};`
  }
  if (ssl.enabled) {
    if (ssl.ca) {
      // PEM trust stores (Kafka 2.7+) read the CA bundle file as it is.
      options['kafka.ssl.truststore.type'] = 'PEM'
      options['kafka.ssl.truststore.location'] = ssl.ca
    }
    if (ssl.cert && ssl.key) {
      options['kafka.ssl.keystore.type'] = 'PEM'
      options['kafka.ssl.keystore.certificate.chain'] = read(ssl.cert)
      options['kafka.ssl.keystore.key'] = read(ssl.key)
      if (ssl.keyPassword) options['kafka.ssl.key.password'] = ssl.keyPassword
    }
    // The Java client checks the broker's host name by default; an SNI override means the name is not the address.
    options['kafka.ssl.endpoint.identification.algorithm'] = 'https'
  }
  return options
}

function storeType(path: string, setting: string): string {
  if (/\.(p12|pfx)$/i.test(path)) return 'PKCS12'
  if (/\.jks$/i.test(path)) return 'JKS'
  throw new UserStreamerError(
    'US_ERR_CONFIG',
    `${setting} ${path}: the Spark Cassandra Connector reads trust and key stores (PKCS12 or JKS), not PEM files`,
    {
      hint: `convert it, e.g. keytool -importcert -noprompt -storetype PKCS12 -alias ca -file ${path} -keystore ca.p12 -storepass <password>, and give the .p12 to the Spark job`
    }
  )
}

/** Spark confs of the Spark Cassandra Connector (`spark.cassandra.*`). */
export function sparkCassandraConf(config: Config, context: SparkOptionsContext = {}): Record<string, string> {
  const { cassandra } = config
  const consistency = cassandraConsistency(config)
  const conf: Record<string, string> = {
    // Ports may be given per host (connector 3.x).
    'spark.cassandra.connection.host': cassandra.contactPoints.join(','),
    'spark.cassandra.connection.localDC': cassandra.localDataCenter,
    'spark.cassandra.output.consistency.level': consistency,
    'spark.cassandra.input.consistency.level': consistency
  }
  if (cassandra.username) {
    conf['spark.cassandra.auth.username'] = cassandra.username
    conf['spark.cassandra.auth.password'] = cassandra.password
  }
  if (cassandra.ssl.enabled) {
    conf['spark.cassandra.connection.ssl.enabled'] = 'true'
    if (cassandra.ssl.ca) {
      conf['spark.cassandra.connection.ssl.trustStore.path'] = cassandra.ssl.ca
      conf['spark.cassandra.connection.ssl.trustStore.type'] = storeType(cassandra.ssl.ca, 'cassandra.ssl.ca')
      if (context.storePassword) conf['spark.cassandra.connection.ssl.trustStore.password'] = context.storePassword
    }
    if (cassandra.ssl.cert) {
      conf['spark.cassandra.connection.ssl.clientAuth.enabled'] = 'true'
      conf['spark.cassandra.connection.ssl.keyStore.path'] = cassandra.ssl.cert
      conf['spark.cassandra.connection.ssl.keyStore.type'] = storeType(cassandra.ssl.cert, 'cassandra.ssl.cert')
      if (context.storePassword) conf['spark.cassandra.connection.ssl.keyStore.password'] = context.storePassword
    }
  }
  return conf
}
