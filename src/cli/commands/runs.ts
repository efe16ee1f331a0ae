import { keyspaceReplication } from '../../config/derived.ts'
import { Command } from 'commander'
import { RunStore } from '../../scheduler/history.ts'
import { connectCassandra } from '../../sink/cassandra/client.ts'
import { addSettingOptions, configFrom, parseLimit, pipelineSettings } from '../options.ts'

export function runsCommand(): Command {
  const command = new Command('runs')
    .description('the run history of the DAG user_automation, newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
  addSettingOptions(command, [...pipelineSettings]).action(
    async (opts: { limit: string; json?: boolean }, cmd: Command) => {
      const limit = parseLimit(opts.limit, 1000)
      const config = configFrom(cmd)
      const client = await connectCassandra(config)
      try {
        const store = new RunStore(client, config)
        await store.ensureTables(keyspaceReplication(config))
        const runs = await store.list(limit)
        if (opts.json) return void process.stdout.write(JSON.stringify(runs, null, 2) + '\n')
        for (const run of runs) {
          process.stdout.write(
            `${run.runId}  ${run.logicalDate}  ${run.trigger.padEnd(9)} ${run.state.padEnd(8)} start ${run.startedAt ?? '-'}  end ${run.endedAt ?? '-'}  fetched ${run.fetched} produced ${run.produced} rejected ${run.rejected}${run.error ? `  error: ${run.error}` : ''}\n`
          )
        }
      } finally {
        await client.shutdown().catch(() => {})
      }
    }
  )
  return command
}
