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

type Kind = 'auth' | 'no-auth' | 'untrusted' | 'expired' | 'hostname' | 'needs-tls' | 'not-tls' | 'client-cert'

function classify(error: unknown, tlsEnabled: boolean): { kind: Kind; detail: string } | undefined {
  const nodes = errorGraph(error)
  const text = (n: Record<string, unknown>): string => (typeof n.message === 'string' ? n.message : '')
  for (const n of nodes) {
    const code = typeof n.code === 'string' ? n.code : ''
    const name = typeof n.name === 'string' ? n.name : ''
    const message = text(n)
    if (untrustedCodes.has(code)) return { kind: 'untrusted', detail: `${code}: ${message}` }
    if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return { kind: 'expired', detail: message }
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { kind: 'hostname', detail: message }
    if (code === 'PLT_KFK_AUTHENTICATION' || name === 'AuthenticationError' || /authentication failed/i.test(message)) {
      if (/no authenticator|requires authentication/i.test(message)) return { kind: 'no-auth', detail: message }
      return { kind: 'auth', detail: message }
    }
    if (/requires authentication, but no authenticator/i.test(message)) return { kind: 'no-auth', detail: message }
    if (/(username|password).*(incorrect|invalid)|bad credentials/i.test(message))
      return { kind: 'auth', detail: message }
    if (/requires TLS/i.test(message)) return { kind: 'needs-tls', detail: message }
    if (
      /certificate required|alert number 116|handshake_failure|alert number 40|bad certificate|alert number 42/i.test(
        message
      )
    )
      return { kind: 'client-cert', detail: message }
    if (
      tlsEnabled &&
      (/wrong version number|packet length too long|TLS handshake failed|secure TLS connection/i.test(message) ||
        code === 'ERR_SSL_WRONG_VERSION_NUMBER')
    )
      return { kind: 'not-tls', detail: message }
  }
  return undefined
}

/** The setting-naming error for a connection failure, or undefined when no setting explains it. */
export function diagnoseConnection(service: Service, config: Config, error: unknown): UserStreamerError | undefined {
  const tls = service === 'kafka' ? config.kafka.ssl : config.cassandra.ssl
  const found = classify(error, tls.enabled)
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
