import { Command } from 'commander'
import { optionalServiceNames, servicesDown, servicesStatus, servicesUp } from '../../stack/stack.ts'
import { addSettingOptions, commonSettings, configFrom, loggerFor, progressPrinter, stackSettings } from '../options.ts'

const secureHelp =
  'the secured variant (same as --stack-secure true): Kafka SASL_SSL, Cassandra TLS + passwords, throwaway CA; in <stack.dir>/secure'
const secureFlag = (opts: { secure?: boolean }): Record<string, unknown> =>
  opts.secure ? { 'stack.secure': true } : {}

export function servicesCommand(): Command {
  const services = new Command('services').description(
    'the real local stack: Apache Kafka (KRaft) and Apache Cassandra (and a Spark Connect server) on loopback, no Docker'
  )

  const up = new Command('up')
    .description('start Kafka and Cassandra in the background and wait until both answer clients')
    .option(
      '--with <services>',
      `optional services to start too, comma-separated (${optionalServiceNames.join(', ')}: Spark Connect server for process --engine spark)`,
      (value: string) =>
        value
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean)
    )
    .option('--secure', secureHelp)
  addSettingOptions(up, [...commonSettings, ...stackSettings]).action(
    async (opts: { with?: string[]; secure?: boolean }, command: Command) => {
      const config = configFrom(command, secureFlag(opts))
      const lines = await servicesUp({
        config,
        logger: loggerFor(config, 'services up'),
        progress: progressPrinter(),
        with: opts.with ?? []
      })
      for (const line of lines) process.stdout.write(`${line}\n`)
    }
  )

  const down = new Command('down').description('stop the local services, Spark included (data is kept)')
  addSettingOptions(down.option('--secure', secureHelp), [...commonSettings, 'stack.secure']).action(
    async (opts: { secure?: boolean }, command: Command) => {
      const config = configFrom(command, secureFlag(opts))
      const lines = await servicesDown({ config, logger: loggerFor(config, 'services down') })
      for (const line of lines) process.stdout.write(`${line}\n`)
    }
  )

  const status = new Command('status')
    .description('what runs where: state, pid, ports, version, log and data paths')
    .option('--json', 'print JSON')
  addSettingOptions(status.option('--secure', secureHelp), [
    ...commonSettings,
    'stack.secure',
    'stack.kafka.port',
    'stack.cassandra.port',
    'stack.spark.port'
  ]).action(async (opts: { json?: boolean; secure?: boolean }, command: Command) => {
    const config = configFrom(command, secureFlag(opts))
    const statuses = await servicesStatus({ config, logger: loggerFor(config, 'services status') })
    if (opts.json) {
      process.stdout.write(JSON.stringify(statuses, null, 2) + '\n')
    } else {
      for (const s of statuses) {
        process.stdout.write(
          `${s.name.padEnd(10)} ${s.state.padEnd(8)} ${s.version.padEnd(7)} pid ${String(s.pid ?? '-').padEnd(8)} ports ${s.ports.join(',').padEnd(11)} log ${s.logFile}\n` +
            `${''.padEnd(10)} ${s.detail}; data ${s.dataDir}\n`
        )
      }
    }
    if (statuses.some((s) => s.state !== 'ready')) process.exitCode = 3
  })

  return services.addCommand(up).addCommand(down).addCommand(status)
}
