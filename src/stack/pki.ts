// A throwaway certificate authority for the secured local stack, made with the openssl CLI (Node's crypto cannot
// sign X.509 certificates): a CA, a server certificate for 127.0.0.1/localhost signed by it (PEM, and PKCS12 for the
// JVMs), a client certificate, and the CA as a PKCS12 trust store (for JVM clients such as Spark).
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { UserStreamerError, errorMessage } from '../errors.ts'

const run = promisify(execFile)

export interface Pki {
  dir: string
  caCert: string
  serverCert: string
  serverKey: string
  /** server key + chain, PKCS12, protected by the store password. */
  serverStore: string
  /** The CA alone as a PKCS12 trust store. */
  trustStore: string
  clientCert: string
  clientKey: string
}

export function pkiPaths(dir: string): Pki {
  return {
    dir,
    caCert: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    serverStore: join(dir, 'server.p12'),
    trustStore: join(dir, 'truststore.p12'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key')
  }
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await run('openssl', args, { cwd })
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new UserStreamerError(
      missing ? 'US_ERR_SERVICE_START' : 'US_ERR_SERVICE_START',
      missing
        ? 'the secured stack needs the openssl CLI to make its throwaway CA, and it is not on PATH'
        : `openssl ${args[0]} failed: ${errorMessage(error)}`,
      { hint: missing ? 'install it (Debian/Ubuntu: apt-get install openssl; macOS ships one)' : `look in ${cwd}` }
    )
  }
}

/** Makes a new CA and certificates in `dir` (replacing any there). Valid 30 days. */
export async function makePki(dir: string, storePassword: string, subject = 'user-streamer'): Promise<Pki> {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const paths = pkiPaths(dir)
  const days = '30'
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      days,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      `/CN=${subject} throwaway CA`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign'
    ],
    dir
  )
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n'
  )
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n')
  for (const [name, cn] of [
    ['server', 'localhost'],
    ['client', `${subject}-client`]
  ] as const) {
    await openssl(
      ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`],
      dir
    )
    await openssl(
      [
        'x509',
        '-req',
        '-sha256',
        '-days',
        days,
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-extfile',
        `${name}.ext`
      ],
      dir
    )
  }
  await openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      'server.pem',
      '-inkey',
      'server.key',
      '-certfile',
      'ca.pem',
      '-name',
      'server',
      '-out',
      'server.p12',
      '-passout',
      `pass:${storePassword}`
    ],
    dir
  )
  // A trust store holding only the CA: Java reads certificate-only PKCS12 stores when the entry is marked trusted,
  // which `keytool -importcert` does (openssl's pkcs12 -nokeys does not).
  await run('keytool', [
    '-importcert',
    '-noprompt',
    '-alias',
    'ca',
    '-file',
    paths.caCert,
    '-storetype',
    'PKCS12',
    '-keystore',
    paths.trustStore,
    '-storepass',
    storePassword
  ]).catch((error: unknown) => {
    throw new UserStreamerError('US_ERR_SERVICE_START', `keytool -importcert failed: ${errorMessage(error)}`, {
      hint: 'keytool comes with the JDK (Java 17+)'
    })
  })
  // Only the CA's certificate leaves this directory in spirit: the CA key is removed once it has signed.
  rmSync(join(dir, 'ca.key'))
  for (const file of ['server.key', 'client.key', 'server.p12']) chmodSync(join(dir, file), 0o600)
  if (!existsSync(paths.serverStore)) throw new UserStreamerError('US_ERR_SERVICE_START', 'no server.p12 was made')
  return paths
}
