// One cassandra-driver Client per process, built from the config.
import cassandra from 'cassandra-driver'
import type { Config } from '../../config/schema.ts'
import { UserStreamerError, errorMessage } from '../../errors.ts'

export type CassandraClient = cassandra.Client

export function createCassandraClient(config: Config, options: { keyspace?: string } = {}): CassandraClient {
  return new cassandra.Client({
    contactPoints: [...config.cassandra.contactPoints],
    localDataCenter: config.cassandra.localDataCenter,
    ...(options.keyspace ? { keyspace: options.keyspace } : {}),
    socketOptions: { connectTimeout: 10_000, readTimeout: 12_000 },
    queryOptions: { consistency: cassandra.types.consistencies.localQuorum, prepare: true },
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
    throw new UserStreamerError(
      'US_ERR_CASSANDRA',
      `could not connect to Cassandra at ${config.cassandra.contactPoints.join(',')}: ${errorMessage(error)}`,
      {
        hint: 'check that Cassandra runs (`user-streamer services status`) and cassandra.contactPoints points at it',
        cause: error,
        retryable: true
      }
    )
  }
}
