import assert from 'node:assert/strict'
import { test } from 'node:test'
import { loadConfig } from '../../../src/config/load.ts'
import { diagnoseConnection } from '../../../src/security/diagnose.ts'

const tlsSasl = loadConfig({
  env: {
    USER_STREAMER_KAFKA_SSL_ENABLED: 'true',
    USER_STREAMER_KAFKA_SASL_MECHANISM: 'scram-sha-512',
    USER_STREAMER_KAFKA_SASL_USERNAME: 'app',
    USER_STREAMER_KAFKA_SASL_PASSWORD: 'pw-diagnose',
    USER_STREAMER_CASSANDRA_SSL_ENABLED: 'true'
  }
})
const plain = loadConfig({
  env: {
    USER_STREAMER_KAFKA_SASL_MECHANISM: 'plain',
    USER_STREAMER_KAFKA_SASL_USERNAME: 'a',
    USER_STREAMER_KAFKA_SASL_PASSWORD: 'b'
  }
})

const nested = (inner: object): Error =>
  Object.assign(
    new AggregateError(
      [Object.assign(new Error('Cannot connect to any broker.'), { errors: [inner] })],
      'Listing topics failed.'
    ),
    { code: 'PLT_KFK_MULTIPLE' }
  )

test('each cause names the setting that fixes it', () => {
  const cases: [ReturnType<typeof loadConfig>, 'kafka' | 'cassandra', unknown, string, RegExp][] = [
    [
      tlsSasl,
      'kafka',
      nested(Object.assign(new Error('SASL authentication failed'), { code: 'PLT_KFK_AUTHENTICATION' })),
      'US_ERR_KAFKA_AUTH',
      /kafka\.sasl\.password/
    ],
    [
      tlsSasl,
      'kafka',
      nested(
        Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' })
      ),
      'US_ERR_KAFKA_TLS',
      /kafka\.ssl\.ca/
    ],
    [
      plain,
      'kafka',
      nested(
        Object.assign(new Error('Cannot find a suitable SASL mechanism.'), {
          code: 'PLT_KFK_AUTHENTICATION',
          cause: Object.assign(new Error('Connection closed'), { code: 'PLT_KFK_NETWORK' })
        })
      ),
      'US_ERR_KAFKA_TLS',
      /kafka\.ssl\.enabled=true/
    ],
    [
      tlsSasl,
      'kafka',
      nested(new Error('TLS handshake failed. Please verify the broker supports TLS.')),
      'US_ERR_KAFKA_TLS',
      /kafka\.ssl\.enabled=false/
    ],
    [
      tlsSasl,
      'cassandra',
      Object.assign(new Error('All host(s) tried for query failed.'), {
        innerErrors: {
          '127.0.0.1:9042': Object.assign(new Error('Provided username app and/or password are incorrect'), {
            name: 'AuthenticationError'
          })
        }
      }),
      'US_ERR_CASSANDRA_AUTH',
      /cassandra\.password/
    ],
    [
      plain,
      'cassandra',
      Object.assign(new Error('All host(s) tried'), {
        innerErrors: { h: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }
      }),
      'US_ERR_CASSANDRA_TLS',
      /cassandra\.ssl\.enabled=true/
    ],
    [
      plain,
      'cassandra',
      new Error('Host 127.0.0.1:9042 requires authentication, but no authenticator found in the options'),
      'US_ERR_CASSANDRA_AUTH',
      /cassandra\.username/
    ]
  ]
  for (const [config, service, error, code, setting] of cases) {
    const found = diagnoseConnection(service, config, error)
    assert.ok(found, `${code} ${String(setting)}`)
    assert.equal(found.code, code)
    assert.equal(found.retryable, false)
    assert.match(found.oneLine(), setting)
    assert.doesNotMatch(found.oneLine(), /pw-diagnose/)
  }
})

test('a refused connection is not blamed on a setting', () => {
  const refused = nested(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' }))
  assert.equal(diagnoseConnection('kafka', tlsSasl, refused), undefined)
})
