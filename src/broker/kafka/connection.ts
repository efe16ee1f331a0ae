// How every Kafka client of user-streamer connects: bootstrap brokers, TLS (CA bundle, optional client certificate)
// and SASL (PLAIN, SCRAM-SHA-256/512, OAUTHBEARER) from kafka.*. Producers, consumers and admins all spread this.
import type { ConnectionOptions, SASLOptions } from '@platformatic/kafka'
import type { Config } from '../../config/schema.ts'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import { diagnoseConnection } from '../../security/diagnose.ts'
import { tlsFiles } from '../../security/files.ts'

const mechanisms = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
  oauthbearer: 'OAUTHBEARER'
} as const

export interface KafkaConnection {
  bootstrapBrokers: string[]
  tls?: ConnectionOptions['tls']
  tlsServerName?: string
  sasl?: SASLOptions
}

export function kafkaConnection(config: Config): KafkaConnection {
  const { ssl, sasl } = config.kafka
  const out: KafkaConnection = { bootstrapBrokers: [...config.kafka.brokers] }
  if (ssl.enabled) {
    out.tls = { ...tlsFiles('kafka.ssl', ssl) }
    if (ssl.serverName) out.tlsServerName = ssl.serverName
  }
  if (sasl.mechanism !== 'none') {
    const mechanism = mechanisms[sasl.mechanism]
    out.sasl =
      sasl.mechanism === 'oauthbearer'
        ? { mechanism, token: sasl.token }
        : { mechanism, username: sasl.username, password: sasl.password }
  }
  return out
}

/**
 * A Kafka failure as user-streamer reports it: a setting-naming error when the cause is credentials or TLS,
 * otherwise US_ERR_KAFKA with the given message and hint.
 */
export function kafkaError(config: Config, error: unknown, message: string, hint: string): UserStreamerError {
  if (error instanceof UserStreamerError) return error
  return (
    diagnoseConnection('kafka', config, error) ??
    new UserStreamerError('US_ERR_KAFKA', `${message}: ${errorMessage(error)}`, { hint, cause: error, retryable: true })
  )
}
