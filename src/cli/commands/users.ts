import { Command } from 'commander'
import { toSampleOutput } from '../../record/user-record.ts'
import { connectCassandra } from '../../sink/cassandra/client.ts'
import { latestRecords } from '../../sink/cassandra/reader.ts'
import { addSettingOptions, configFrom, parseLimit, pipelineSettings } from '../options.ts'

export function usersCommand(): Command {
  const command = new Command('users')
    .description("the latest stored users, in the seed design's sample-output JSON shape")
    .option('--limit <n>', 'how many', '10')
    .option('--json', 'one JSON array instead of one JSON object per line')
  addSettingOptions(command, [...pipelineSettings]).action(
    async (opts: { limit: string; json?: boolean }, cmd: Command) => {
      const limit = parseLimit(opts.limit, 10_000)
      const config = configFrom(cmd)
      const client = await connectCassandra(config)
      try {
        const rows = (await latestRecords(client, config, limit)).map(toSampleOutput)
        process.stdout.write(
          opts.json
            ? JSON.stringify(rows, null, 2) + '\n'
            : rows.map((row) => JSON.stringify(row)).join('\n') + (rows.length ? '\n' : '')
        )
      } finally {
        await client.shutdown().catch(() => {})
      }
    }
  )
  return command
}
