// One cassandra-driver Client per process, built from the config: contact points, local DC, consistency,
// PasswordAuthenticator credentials and TLS (client_encryption_options).
import cassandra from 'cassandra-driver'
import { cassandraConsistency } from '../../config/derived.ts'
import type { Config } from '../../config/schema.ts'
import { UserStreamerError, errorMessage } from '../../errors.ts'
import { diagnoseConnection } from '../../security/diagnose.ts'
import { tlsFiles } from '../../security/files.ts'

export type CassandraClient = cassandra.Client

const consistencyByName: Record<string, number> = {
  ANY: cassandra.types.consistencies.any,
  ONE: cassandra.types.consistencies.one,
  TWO: cassandra.types.consistencies.two,
  THREE: cassandra.types.consistencies.three,
  QUORUM: cassandra.types.consistencies.quorum,
  ALL: cassandra.types.consistencies.all,
  LOCAL_QUORUM: cassandra.types.consistencies.localQuorum,
  EACH_QUORUM: cassandra.types.consistencies.eachQuorum,
  LOCAL_ONE: cassandra.types.consistencies.localOne
}

/** The driver options for this config's security: credentials and TLS (also used by the stack's probe). */
export function cassandraSecurityOptions(config: Config): Pick<cassandra.ClientOptions, 'authProvider' | 'sslOptions'> {
  const { username, password, ssl } = config.cassandra
  return {
    ...(username ? { authProvider: new cassandra.auth.PlainTextAuthProvider(username, password) } : {}),
    ...(ssl.enabled
      ? {
          sslOptions: {
            ...tlsFiles('cassandra.ssl', ssl),
            rejectUnauthorized: true,
            ...(ssl.verifyHostname ? {} : { checkServerIdentity: () => undefined })
          }
        }
      : {})
  }
}

export function createCassandraClient(config: Config, options: { keyspace?: string } = {}): CassandraClient {
  return new cassandra.Client({
    contactPoints: [...config.cassandra.contactPoints],
    localDataCenter: config.cassandra.localDataCenter,
    ...(options.keyspace ? { keyspace: options.keyspace } : {}),
    ...cassandraSecurityOptions(config),
    socketOptions: { connectTimeout: 10_000, readTimeout: 12_000 },
    queryOptions: {
      consistency: consistencyByName[cassandraConsistency(config)] ?? cassandra.types.consistencies.localQuorum,
      serialConsistency: cassandra.types.consistencies.localSerial,
      prepare: true
    },
    // Keep reconnecting while a node is down; the processor's own retry loop decides when to give up on a batch.
    policies: { reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(500, 10_000, false) }
  })
}

export async function connectCassandra(config: Config, options: { keyspace?: string } = {}): Promise<CassandraClient> {
  const client = createCassandraClient(config, options)
  try {
    await client.connect()
    return client
  } catch (error) {
    await client.shutdown().catch(() => {})
    throw (
      diagnoseConnection('cassandra', config, error) ??
      new UserStreamerError(
        'US_ERR_CASSANDRA',
        `could not connect to Cassandra at ${config.cassandra.contactPoints.join(',')}: ${errorMessage(error)}`,
        {
          hint: 'check that Cassandra runs (`user-streamer services status`) and cassandra.contactPoints points at it',
          cause: error,
          retryable: true
        }
      )
    )
  }
}
