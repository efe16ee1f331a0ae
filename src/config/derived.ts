// Values derived from several settings, shared by the native clients and the Spark connector options.
import type { Config } from './schema.ts'

/** Replication of a created keyspace: NetworkTopologyStrategy per DC when cassandra.replication is set. */
export type KeyspaceReplication = number | Readonly<Record<string, number>>

export function keyspaceReplication(config: Config): KeyspaceReplication {
  const { replication, replicationFactor } = config.cassandra
  if (replication.length === 0) return replicationFactor
  return Object.fromEntries(
    replication.map((pair) => {
      const at = pair.lastIndexOf(':')
      return [pair.slice(0, at), Number(pair.slice(at + 1))]
    })
  )
}

/** The largest number of replicas in any DC. */
export function maxReplicas(config: Config): number {
  const replication = keyspaceReplication(config)
  return typeof replication === 'number' ? replication : Math.max(...Object.values(replication))
}

/**
 * Consistency level of reads and writes, upper case as CQL and the Spark connector spell it. `auto` means
 * LOCAL_QUORUM when a DC keeps more than one replica (a node can be down and reads still see every acknowledged
 * write), LOCAL_ONE otherwise (with one replica the two are the same).
 */
export function cassandraConsistency(config: Config): string {
  const level = config.cassandra.consistency
  if (level !== 'auto') return level.toUpperCase()
  return maxReplicas(config) > 1 ? 'LOCAL_QUORUM' : 'LOCAL_ONE'
}
