import { Command } from 'commander'
import { settings } from '../../config/schema.ts'
import { redactConfig } from '../../config/secrets.ts'
import { addSettingOptions, configFrom } from '../options.ts'

export function configCommand(): Command {
  const command = new Command('config')
    .description(
      'show the effective configuration (defaults < USER_STREAMER_* env vars < flags), or list every setting'
    )
    .option('--list', 'list every setting with its env var, flag and default')
    .option('--print', 'print the effective configuration, secrets redacted (the default)')
  addSettingOptions(
    command,
    settings.map((s) => s.path)
  ).action((opts: { list?: boolean }, cmd: Command) => {
    if (opts.list) {
      for (const s of settings) {
        process.stdout.write(
          `${s.env.padEnd(42)} ${(s.secret ? `(secret: env or ${s.env}_FILE)` : s.flag).padEnd(34)} ${JSON.stringify(s.defaultValue).padEnd(22)} ${s.description}\n`
        )
      }
      return
    }
    process.stdout.write(JSON.stringify(redactConfig(configFrom(cmd)), null, 2) + '\n')
  })
  return command
}
