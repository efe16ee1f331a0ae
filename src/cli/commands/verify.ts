import { Command } from 'commander'
import { verify } from '../../verify/verify.ts'
import { addSettingOptions, configFrom, pipelineSettings, progressPrinter } from '../options.ts'

export function verifyCommand(): Command {
  const command = new Command('verify')
    .description('produced vs stored vs dead-lettered: missing ids, duplicates, extra rows (exit 1 unless clean)')
    .option('--json', 'print the report as JSON')
  addSettingOptions(command, [...pipelineSettings]).action(async (opts: { json?: boolean }, cmd: Command) => {
    const config = configFrom(cmd)
    const report = await verify(config, { onProgress: progressPrinter() })
    if (opts.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n')
    } else {
      process.stdout.write(
        [
          `topic ${report.topic}: ${report.messages} messages, ${report.validMessages} valid (${report.distinctIds} distinct ids, ${report.duplicateMessages} re-sent), ${report.invalidMessages} invalid`,
          `dead-lettered: ${report.deadLettered}`,
          `table ${report.table}: ${report.rows} rows, ${report.missing} missing${report.missingSample.length ? ` (e.g. ${report.missingSample.join(', ')})` : ''}, ${report.extraRows} not from this topic`,
          report.ok
            ? 'verify: OK — every valid message is stored, every invalid one is dead-lettered'
            : 'verify: FAILED',
          ''
        ].join('\n')
      )
    }
    if (!report.ok) process.exitCode = 1
  })
  return command
}
