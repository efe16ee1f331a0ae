// What serve, schedule and start share: a Cassandra session, the run history tables and the run executor.
import type { Config } from '../config/schema.ts'
import type { Logger } from '../observability/logger.ts'
import { type Metrics, createMetrics } from '../observability/metrics.ts'
import { RunExecutor } from '../scheduler/executor.ts'
import { RunStore } from '../scheduler/history.ts'
import { type CassandraClient, connectCassandra } from '../sink/cassandra/client.ts'

export interface Runtime {
  client: CassandraClient
  store: RunStore
  executor: RunExecutor
  metrics: Metrics
  close(): Promise<void>
}

export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const client = await connectCassandra(config)
  const store = new RunStore(client, config)
  await store.ensureTables(config.cassandra.replicationFactor)
  const metrics = createMetrics()
  const executor = new RunExecutor({ config, logger, store, metrics })
  return {
    client,
    store,
    executor,
    metrics,
    async close() {
      await executor.close()
      await client.shutdown().catch(() => {})
    }
  }
}
