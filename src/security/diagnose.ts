// Connection failures that a setting fixes — wrong credentials, TLS expected or not, a certificate nobody trusts —
// become one non-retryable error naming that setting, instead of a retry loop or a driver's stack of causes.
import type { Config } from '../config/schema.ts'
import { envName } from '../config/schema.ts'
import { UserStreamerError } from '../errors.ts'

type Service = 'kafka' | 'cassandra'

/** Every error reachable from this one: causes, aggregated errors, the driver's per-host errors. */
function errorGraph(root: unknown): Record<string, unknown>[] {
  const seen = new Set<unknown>()
  const out: Record<string, unknown>[] = []
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || seen.has(node) || depth > 8) return
    seen.add(node)
    const record = node as Record<string, unknown>
    out.push(record)
    visit(record.cause, depth + 1)
    if (Array.isArray(record.errors)) for (const child of record.errors) visit(child, depth + 1)
    if (record.innerErrors && typeof record.innerErrors === 'object') {
      for (const child of Object.values(record.innerErrors)) visit(child, depth + 1)
    }
  }
  visit(root, 0)
  return out
}

const untrustedCodes = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE'
])

const env = (path: string): string => envName(path)
const secretEnv = (path: string): string => `${envName(path)} (or ${envName(path)}_FILE)`

type Kind =
  | 'auth'
  | 'no-auth'
  | 'maybe-no-auth'
  | 'untrusted'
  | 'expired'
  | 'hostname'
  | 'needs-tls'
  | 'maybe-needs-tls'
  | 'not-tls'
  | 'client-cert'

interface Facts {
  code: string
  name: string
  message: string
}

/** The most specific explanation wins: certificate problems, then TLS mismatches, then credentials. */
function classify(
  error: unknown,
  context: { tlsEnabled: boolean; authConfigured: boolean }
): { kind: Kind; detail: string } | undefined {
  const facts: Facts[] = errorGraph(error).map((n) => ({
    code: typeof n.code === 'string' ? n.code : '',
    name: typeof n.name === 'string' ? n.name : '',
    message: typeof n.message === 'string' ? n.message : ''
  }))
  const find = (test: (f: Facts) => boolean): Facts | undefined => facts.find(test)
  let f: Facts | undefined
  if ((f = find((x) => untrustedCodes.has(x.code)))) return { kind: 'untrusted', detail: `${f.code}: ${f.message}` }
  if ((f = find((x) => x.code === 'CERT_HAS_EXPIRED' || x.code === 'CERT_NOT_YET_VALID')))
    return { kind: 'expired', detail: f.message }
  if ((f = find((x) => x.code === 'ERR_TLS_CERT_ALTNAME_INVALID'))) return { kind: 'hostname', detail: f.message }
  if ((f = find((x) => /requires TLS/i.test(x.message)))) return { kind: 'needs-tls', detail: f.message }
  if ((f = find((x) => /certificate required|alert number 116|bad certificate|alert number 42/i.test(x.message))))
    return { kind: 'client-cert', detail: f.message }
  if (context.tlsEnabled) {
    f = find(
      (x) =>
        x.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
        /wrong version number|packet length too long|TLS handshake failed|before secure TLS connection/i.test(x.message)
    )
    if (f) return { kind: 'not-tls', detail: f.message }
  }
  if ((f = find((x) => /requires authentication, but no authenticator/i.test(x.message))))
    return { kind: 'no-auth', detail: f.message }
  const closed =
    find((x) => x.code === 'ECONNRESET') ?? find((x) => /^(Connection closed|socket hang up)/i.test(x.message))
  // A TLS port answers a plaintext hello by closing the connection (no TLS alert to recognise).
  if (closed && !context.tlsEnabled) return { kind: 'maybe-needs-tls', detail: closed.message }
  if (
    (f = find(
      (x) =>
        x.code === 'PLT_KFK_AUTHENTICATION' ||
        x.name === 'AuthenticationError' ||
        /authentication failed|(username|password).*(incorrect|invalid)|bad credentials/i.test(x.message)
    ))
  )
    return { kind: 'auth', detail: f.message }
  // A SASL listener closes the connection of a client that sends requests without authenticating.
  if (closed && !context.authConfigured) return { kind: 'maybe-no-auth', detail: closed.message }
  return undefined
}

/** The setting-naming error for a connection failure, or undefined when no setting explains it. */
export function diagnoseConnection(service: Service, config: Config, error: unknown): UserStreamerError | undefined {
  const tls = service === 'kafka' ? config.kafka.ssl : config.cassandra.ssl
  const authConfigured =
    service === 'kafka' ? config.kafka.sasl.mechanism !== 'none' : Boolean(config.cassandra.username)
  const found = classify(error, { tlsEnabled: tls.enabled, authConfigured })
  if (!found) return undefined
  const where =
    service === 'kafka'
      ? `Kafka at ${config.kafka.brokers.join(',')}`
      : `Cassandra at ${config.cassandra.contactPoints.join(',')}`
  const authCode = service === 'kafka' ? 'US_ERR_KAFKA_AUTH' : 'US_ERR_CASSANDRA_AUTH'
  const tlsCode = service === 'kafka' ? 'US_ERR_KAFKA_TLS' : 'US_ERR_CASSANDRA_TLS'
  const p = service === 'kafka' ? 'kafka.ssl' : 'cassandra.ssl'
  const make = (code: typeof authCode | typeof tlsCode, message: string, hint: string): UserStreamerError =>
    new UserStreamerError(code, `${where}: ${message}`, {
      hint,
      cause: error,
      retryable: false,
      details: { kind: found.kind }
    })
  switch (found.kind) {
    case 'auth':
      return service === 'kafka'
        ? make(
            authCode,
            `authentication failed for user "${config.kafka.sasl.username || '(none)'}" with SASL ${config.kafka.sasl.mechanism.toUpperCase()}`,
            `check kafka.sasl.password (${secretEnv('kafka.sasl.password')}), kafka.sasl.username (${env('kafka.sasl.username')}) and kafka.sasl.mechanism (${env('kafka.sasl.mechanism')})`
          )
        : make(
            authCode,
            `authentication failed for user "${config.cassandra.username || '(none)'}"`,
            `check cassandra.password (${secretEnv('cassandra.password')}) and cassandra.username (${env('cassandra.username')})`
          )
    case 'no-auth':
      return service === 'kafka'
        ? make(
            authCode,
            'the broker requires SASL authentication',
            `set kafka.sasl.mechanism (${env('kafka.sasl.mechanism')}), kafka.sasl.username and kafka.sasl.password`
          )
        : make(
            authCode,
            'the cluster requires authentication and no credentials are configured',
            `set cassandra.username (${env('cassandra.username')}) and cassandra.password (${secretEnv('cassandra.password')})`
          )
    case 'maybe-no-auth':
      return service === 'kafka'
        ? make(
            authCode,
            'the broker closed every connection before answering: it most likely requires SASL authentication',
            `set kafka.sasl.mechanism (${env('kafka.sasl.mechanism')}), kafka.sasl.username and kafka.sasl.password`
          )
        : make(
            authCode,
            'the node closed every connection before answering: it most likely requires authentication',
            `set cassandra.username (${env('cassandra.username')}) and cassandra.password (${secretEnv('cassandra.password')})`
          )
    case 'maybe-needs-tls':
      return make(
        tlsCode,
        `the server closed the plaintext connection during the handshake (${found.detail}): the port most likely expects TLS`,
        `set ${p}.enabled=true (${env(`${p}.enabled`)}) and ${p}.ca, or point at a plaintext port`
      )
    case 'untrusted':
      return make(
        tlsCode,
        `the server's TLS certificate is not trusted (${found.detail})`,
        `set ${p}.ca (${env(`${p}.ca`)}) to the PEM CA bundle that signed it`
      )
    case 'expired':
      return make(
        tlsCode,
        `the server's TLS certificate is not valid now (${found.detail})`,
        `renew the server certificate; ${p}.ca cannot fix this`
      )
    case 'hostname':
      return make(
        tlsCode,
        `the server's TLS certificate does not name the address connected to (${found.detail})`,
        service === 'kafka'
          ? `connect with the host name the certificate names (kafka.brokers) or set kafka.ssl.serverName (${env('kafka.ssl.serverName')})`
          : `connect with the host name the certificate names (cassandra.contactPoints) or set cassandra.ssl.verifyHostname=false (${env('cassandra.ssl.verifyHostname')})`
      )
    case 'needs-tls':
      return make(
        tlsCode,
        'the port expects TLS and this client spoke plaintext',
        `set ${p}.enabled=true (${env(`${p}.enabled`)}) and ${p}.ca`
      )
    case 'not-tls':
      return make(
        tlsCode,
        `the TLS handshake failed: the port does not speak TLS (${found.detail})`,
        `set ${p}.enabled=false (${env(`${p}.enabled`)}) or point at the TLS port`
      )
    case 'client-cert':
      return make(
        tlsCode,
        `the server rejected the TLS handshake, most likely for want of a trusted client certificate (${found.detail})`,
        `set ${p}.cert and ${p}.key (${env(`${p}.cert`)}, ${env(`${p}.key`)}) to a certificate the server trusts`
      )
  }
}
