// PEM files named by settings (CA bundles, client certificates and keys): read once, with an error naming the
// setting when a file cannot be read.
import { readFileSync } from 'node:fs'
import { envName } from '../config/schema.ts'
import { UserStreamerError, errorMessage } from '../errors.ts'

export function readSettingFile(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new UserStreamerError('US_ERR_CONFIG', `${setting}: cannot read ${path}: ${errorMessage(error)}`, {
      hint: `set ${setting} (${envName(setting)}) to a readable PEM file`
    })
  }
}

export interface TlsFiles {
  ca?: string
  cert?: string
  key?: string
  passphrase?: string
}

/** The PEM contents of a `<prefix>.ssl` block (kafka.ssl, cassandra.ssl), as Node's tls options. */
export function tlsFiles(
  prefix: 'kafka.ssl' | 'cassandra.ssl',
  ssl: { ca: string; cert: string; key: string; keyPassword: string }
): TlsFiles {
  return {
    ...(ssl.ca ? { ca: readSettingFile(ssl.ca, `${prefix}.ca`) } : {}),
    ...(ssl.cert ? { cert: readSettingFile(ssl.cert, `${prefix}.cert`) } : {}),
    ...(ssl.key ? { key: readSettingFile(ssl.key, `${prefix}.key`) } : {}),
    ...(ssl.keyPassword ? { passphrase: ssl.keyPassword } : {})
  }
}
