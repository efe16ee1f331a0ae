// What serve, schedule and start share: a Cassandra session, the run history tables and the run executor.
import type { Config } from '../config/schema.ts'
import type { Logger } from '../observability/logger.ts'
import { RunExecutor } from '../scheduler/executor.ts'
import { RunStore } from '../scheduler/history.ts'
import { type CassandraClient, connectCassandra } from '../sink/cassandra/client.ts'

export interface Runtime {
  client: CassandraClient
  store: RunStore
  executor: RunExecutor
  close(): Promise<void>
}

export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  const client = await connectCassandra(config)
  const store = new RunStore(client, config)
  await store.ensureTables(config.cassandra.replicationFactor)
  const executor = new RunExecutor({ config, logger, store })
  return {
    client,
    store,
    executor,
    async close() {
      await executor.close()
      await client.shutdown().catch(() => {})
    }
  }
}
