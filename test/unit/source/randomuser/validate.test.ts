import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { generateUsers } from '../../../../src/source/randomuser/generate.ts'
import { FIELDS, NATS, type RandomUserResult } from '../../../../src/source/randomuser/types.ts'
import {
  fastCheck,
  parseEnvelope,
  randomUserResultSchema,
  redactResult,
  validatePartialResult,
  validateResult
} from '../../../../src/source/randomuser/validate.ts'

// §6.1 of the notes, verbatim.
const US_EXAMPLE = {
  results: [
    {
      gender: 'male',
      name: { title: 'Mr', first: 'Joe', last: 'Cox' },
      location: {
        street: { number: 6140, name: 'Mcgowen St' },
        city: 'Santa Ana',
        state: 'Maryland',
        country: 'United States',
        postcode: 79969,
        coordinates: { latitude: '27.7661', longitude: '-34.9833' },
        timezone: { offset: '-2:00', description: 'Mid-Atlantic' }
      },
      email: 'joe.cox@example.com',
      login: {
        uuid: '82697c6c-56cc-4d9d-a730-cf8be4eb0788',
        username: 'brownbird829',
        password: 'iceman1',
        salt: 'vAXV1LZP',
        md5: '799a48f3851b2bea4dc57f073a16895a',
        sha1: '6a449d0c72f3155620a8790610a1f90c903a4d05',
        sha256: 'c229e275b4badb3c03f3029a0a0532949db4030c2c2253635db39650cf43b46b'
      },
      dob: { date: '1999-04-06T14:30:29.860Z', age: 27 },
      registered: { date: '2013-01-01T15:41:44.049Z', age: 13 },
      phone: '(929) 704-5530',
      cell: '(901) 357-2396',
      id: { name: 'SSN', value: '793-39-3403' },
      picture: {
        large: 'https://randomuser.me/api/portraits/men/72.jpg',
        medium: 'https://randomuser.me/api/portraits/med/men/72.jpg',
        thumbnail: 'https://randomuser.me/api/portraits/thumb/men/72.jpg'
      },
      nat: 'US'
    }
  ],
  info: { seed: 'example-us', results: 1, page: 1, version: '1.4' }
}

// §6.2
const AU_EXAMPLE = {
  gender: 'female',
  name: { title: 'Ms', first: 'Sonia', last: 'Hoffman' },
  location: {
    street: { number: 7800, name: 'Bruce St' },
    city: 'Warragul',
    state: 'Tasmania',
    country: 'Australia',
    postcode: 7764,
    coordinates: { latitude: '33.7938', longitude: '9.5165' },
    timezone: { offset: '-2:00', description: 'Mid-Atlantic' }
  },
  email: 'sonia.hoffman@example.com',
  login: {
    uuid: 'd6f5c1fb-5aee-45fb-8cac-6076bb98f634',
    username: 'silvergorilla140',
    password: 'newcastl',
    salt: 'P63w9TIX',
    md5: 'a33c7f1b3181fb16fde099109d84fde5',
    sha1: '95f7681a9a110f680353e26ca5f85c0906ac8b28',
    sha256: 'd400cb2edc59ca0ae4a9c1c6d07576a7b6d3a0c395862a26a85fcfa65e71a27a'
  },
  dob: { date: '1970-06-06T20:54:48.553Z', age: 56 },
  registered: { date: '2010-10-27T09:35:26.494Z', age: 16 },
  phone: '07-6593-2240',
  cell: '0418-522-559',
  id: { name: 'TFN', value: '290440155' },
  picture: {
    large: 'https://randomuser.me/api/portraits/women/67.jpg',
    medium: 'https://randomuser.me/api/portraits/med/women/67.jpg',
    thumbnail: 'https://randomuser.me/api/portraits/thumb/women/67.jpg'
  },
  nat: 'AU'
}

// §6.3
const NZ_EXAMPLE = {
  gender: 'male',
  name: { title: 'Mr', first: 'Eli', last: 'Edwards' },
  location: {
    street: { number: 3817, name: 'George Street' },
    city: 'Upper Hutt',
    state: 'Auckland',
    country: 'New Zealand',
    postcode: 13628,
    coordinates: { latitude: '71.5380', longitude: '-159.4118' },
    timezone: { offset: '-5:00', description: 'Eastern Time (US & Canada), Bogota, Lima' }
  },
  email: 'eli.edwards@example.com',
  login: {
    uuid: '42464d00-5c0d-48ea-b491-e160911a1b9a',
    username: 'organicbird902',
    password: 'design',
    salt: 'wVc1G4Om',
    md5: '36ac9fc5b835b525f74450c25c20b1b6',
    sha1: 'fa8c61905f2f8d9b52a274a2f78d4f2d9d55e67e',
    sha256: '75c611df7fa2e841a1504a788923c3cc16bb0db89bb2a230a5f70b08f26861b1'
  },
  dob: { date: '1950-10-22T16:17:06.772Z', age: 76 },
  registered: { date: '2010-03-16T07:07:50.398Z', age: 16 },
  phone: '(500)-606-5668',
  cell: '(430)-185-8926',
  id: { name: '', value: null },
  picture: {
    large: 'https://randomuser.me/api/portraits/men/2.jpg',
    medium: 'https://randomuser.me/api/portraits/med/men/2.jpg',
    thumbnail: 'https://randomuser.me/api/portraits/thumb/men/2.jpg'
  },
  nat: 'NZ'
}

// §6.4 (inc=location,nat)
const NO_LOCATION_EXAMPLE = {
  location: {
    street: { number: 6607, name: 'Rådyrlia' },
    city: 'Uskedal',
    state: 'Oppland',
    country: 'Norway',
    postcode: '7821',
    coordinates: { latitude: '82.6342', longitude: '-38.3206' },
    timezone: { offset: '+4:00', description: 'Abu Dhabi, Muscat, Baku, Tbilisi' }
  },
  nat: 'NO'
}

const SECRET_KEYS = ['password', 'salt', 'md5', 'sha1', 'sha256']

type Json = Record<string, unknown>

/** A deep copy of `base` with `path` set to `value` (or deleted when value is DELETE). */
const DELETE = Symbol('delete')
function withValue(base: unknown, path: string, value: unknown): Json {
  const copy = structuredClone(base) as Json
  const keys = path.split('.')
  let node = copy
  for (const key of keys.slice(0, -1)) node = node[key] as Json
  const last = keys.at(-1) as string
  if (value === DELETE) delete node[last]
  else node[last] = value
  return copy
}

function assertValid(raw: unknown, label = ''): void {
  const result = validateResult(raw)
  assert.ok(result.ok, `${label} rejected: ${result.ok ? '' : result.reason}`)
}

function assertNoSecrets(value: unknown): void {
  const text = JSON.stringify(value)
  for (const key of SECRET_KEYS) assert.ok(!text.includes(`"${key}"`), `found ${key} in ${text.slice(0, 200)}`)
}

const us = US_EXAMPLE.results[0] as (typeof US_EXAMPLE.results)[number]

describe('validateResult accepts the examples of the notes (§6)', () => {
  test('§6.1 US, full record: validated, secrets dropped, the rest unchanged', () => {
    const result = validateResult(us)
    assert.ok(result.ok)
    const expected = structuredClone(us) as Json
    expected.login = { uuid: us.login.uuid, username: us.login.username }
    assert.deepEqual(result.user, expected)
    assertNoSecrets(result.user)
  })

  test('§6.2 AU (4-digit numeric postcode) and §6.3 NZ (id.value null, id.name "")', () => {
    assertValid(AU_EXAMPLE, 'AU')
    assertValid(NZ_EXAMPLE, 'NZ')
  })

  test('§6.4 NO location with inc=location,nat: string postcode, only the included fields', () => {
    const result = validatePartialResult(NO_LOCATION_EXAMPLE, ['location', 'nat'])
    assert.ok(result.ok, result.ok ? '' : result.reason)
    assert.deepEqual(Object.keys(result.user), ['location', 'nat'])
    assert.equal(result.user.location?.postcode, '7821')
  })

  test('§6.1 envelope: results and info', () => {
    const check = parseEnvelope(JSON.stringify(US_EXAMPLE))
    assert.ok(check.ok)
    assert.deepEqual(check.info, { seed: 'example-us', results: 1, page: 1, version: '1.4' })
    assert.equal(check.results.length, 1)
  })
})

describe('validateResult accepts the edge cases of §5', () => {
  const cases: [string, string, unknown][] = [
    ['AU 3-digit numeric postcode', 'location.postcode', 200],
    ['GB string postcode', 'location.postcode', 'G3 5BS'],
    ['CA string postcode', 'location.postcode', 'K1A 2B3'],
    ['NO postcode with a leading zero', 'location.postcode', '0010'],
    ['id.value null (IR, NZ, TR, UA)', 'id', { name: '', value: null }],
    ['FI HETU bug', 'id', { name: 'HETU', value: 'NaNNA123undefined' }],
    ['IE PPS without the A suffix', 'id', { name: 'PPS', value: '1234567T' }],
    ['DE SVNR, 3-digit year and non-ASCII initial', 'id', { name: 'SVNR', value: '66 171000 Ö 939' }],
    ['DK CPR, 3-digit year', 'id', { name: 'CPR', value: '0101100-1234' }],
    ['FR INSEE, 3-digit year', 'id', { name: 'INSEE', value: '21000412345678 42' }],
    [
      'timezone 0:00 without sign',
      'location.timezone',
      { offset: '0:00', description: 'Western Europe Time, London, Lisbon, Casablanca' }
    ],
    ['timezone +5:45', 'location.timezone.offset', '+5:45'],
    ['timezone -3:30', 'location.timezone.offset', '-3:30'],
    ['timezone -12:00', 'location.timezone.offset', '-12:00'],
    ['coordinates at the limits', 'location.coordinates', { latitude: '-90.0000', longitude: '180.0000' }],
    ['coordinates 0.0000', 'location.coordinates', { latitude: '0.0000', longitude: '-0.0000' }],
    ['Persian names', 'name', { title: 'Mrs', first: 'مهرسا', last: 'کامرانی' }],
    ['Persian places', 'location.city', 'خرم‌آباد'],
    ['UA apostrophe', 'name.first', "V'yacheslav"],
    ['NL multi-word surname with apostrophe', 'name.last', "Van 't Hof"],
    ['hyphenated first name', 'name.first', 'Marie-Claude'],
    ['first name with dots', 'name.first', 'H.-Dieter'],
    ['first name with a space and a dot', 'name.first', 'Hans D.'],
    ['FR place with apostrophe', 'location.state', "Val-D'Oise"],
    ['street name with a trailing space (RS, BR)', 'location.street.name', 'Kralja Petra '],
    ['empty UA street name', 'location.street.name', ''],
    ['email with an apostrophe', 'email', "v'yacheslav.kiva@example.com"],
    ['email with ..', 'email', 'hans-j..alber@example.com'],
    ['consonant-only email from Persian', 'email', 'mhrs.kmyrn@example.com'],
    ['empty password', 'login.password', ''],
    ['custom password with spaces, quotes, backslash, <, &, commas', 'login.password', ' "a\\b<c>&d,e\''],
    ['CH title Monsieur', 'name.title', 'Monsieur'],
    ['CH title Mademoiselle', 'name.title', 'Mademoiselle'],
    ['CA phone with letters', 'phone', 'E12 F34-5678'],
    ['UA phone with a letter', 'cell', '(097) K12-3456'],
    ['age 0', 'registered.age', 0],
    ['date without milliseconds', 'dob.date', '1999-04-06T14:30:29Z']
  ]
  for (const [label, path, value] of cases) {
    test(label, () => assertValid(withValue(us, path, value), label))
  }

  test('LEGO: nat LEGO, no location.country, lego pictures, SN id', () => {
    let lego = withValue(us, 'nat', 'LEGO')
    lego = withValue(lego, 'location.country', DELETE)
    lego = withValue(lego, 'picture', {
      large: 'https://randomuser.me/api/portraits/lego/3.jpg',
      medium: 'https://randomuser.me/api/portraits/med/lego/3.jpg',
      thumbnail: 'https://randomuser.me/api/portraits/thumb/lego/3.jpg'
    })
    lego = withValue(lego, 'id', { name: 'SN', value: '123456789012' })
    const result = validateResult(lego)
    assert.ok(result.ok, result.ok ? '' : result.reason)
    assert.equal('country' in result.user.location, false)
  })

  test('inc/exc: whole top-level keys missing, and {} when inc names only unknown fields', () => {
    const fields = FIELDS.filter((field) => field !== 'login' && field !== 'id')
    const partial = withValue(withValue(us, 'login', DELETE), 'id', DELETE)
    const result = validatePartialResult(partial, fields)
    assert.ok(result.ok, result.ok ? '' : result.reason)
    assert.deepEqual(Object.keys(result.user), fields)
    const empty = validatePartialResult({}, [])
    assert.ok(empty.ok)
    assert.deepEqual(empty.user, {})
  })

  test('extra top-level keys are dropped, not rejected', () => {
    const result = validateResult({ ...us, extra: 1 })
    assert.ok(result.ok)
    assert.equal('extra' in result.user, false)
  })
})

describe('validateResult rejects wrong shapes with a one-line reason naming the path', () => {
  const cases: [string, unknown, string][] = [
    ['login.uuid', 12, 'login.uuid: expected a uuid, got 12'],
    ['login.uuid', 'not-a-uuid', 'login.uuid: expected a uuid, got "not-a-uuid"'],
    ['gender', 'Female', 'gender: expected "male" or "female", got "Female"'],
    ['name.first', 7, 'name.first: expected a string, got 7'],
    ['location.street.number', '6140', 'location.street.number: expected a whole number ≥ 0, got "6140"'],
    ['location.street.number', 1.5, 'location.street.number: expected a whole number ≥ 0, got 1.5'],
    ['location.postcode', true, 'location.postcode: expected a whole number or a non-empty string, got true'],
    ['location.postcode', '', 'location.postcode: expected a whole number or a non-empty string, got ""'],
    [
      'location.coordinates.latitude',
      27.7661,
      'location.coordinates.latitude: expected a decimal string within ±90, got 27.7661'
    ],
    [
      'location.coordinates.latitude',
      '91.0000',
      'location.coordinates.latitude: expected a decimal string within ±90, got "91.0000"'
    ],
    [
      'location.coordinates.longitude',
      '180.5',
      'location.coordinates.longitude: expected a decimal string within ±180, got "180.5"'
    ],
    [
      'location.timezone.offset',
      '+0530',
      'location.timezone.offset: expected an offset such as +5:45, -3:30 or 0:00, got "+0530"'
    ],
    [
      'location.country',
      DELETE,
      'location.country: expected a country name for nat US (only LEGO users have none), got nothing'
    ],
    ['email', 'joe.cox', 'email: expected an email address, got "joe.cox"'],
    ['dob', DELETE, 'dob: expected an object, got nothing (the key is missing)'],
    [
      'dob.date',
      '06/04/1999',
      'dob.date: expected an ISO-8601 UTC date such as 1999-04-06T14:30:29.860Z, got "06/04/1999"'
    ],
    ['registered.age', '13', 'registered.age: expected a whole number of years ≥ 0, got "13"'],
    ['id.value', 5, 'id.value: expected a string or null, got 5'],
    ['phone', null, 'phone: expected a string, got null'],
    ['picture.large', 'men/72.jpg', 'picture.large: expected a URL, got "men/72.jpg"'],
    ['nat', 'XX', 'nat: expected one of the 21 nationality codes or "LEGO", got "XX"'],
    ['name', 'Joe Cox', 'name: expected an object, got "Joe Cox"']
  ]
  for (const [path, value, reason] of cases) {
    test(`${path} = ${typeof value === 'symbol' ? 'missing' : JSON.stringify(value)}`, () => {
      const result = validateResult(withValue(us, path, value))
      assert.equal(result.ok, false)
      if (!result.ok) assert.equal(result.reason, reason)
    })
  }

  test('not an object at all', () => {
    for (const raw of [null, 'abc', [1, 2], 5, undefined]) {
      const result = validateResult(raw)
      assert.equal(result.ok, false)
      if (!result.ok) assert.match(result.reason, /^result: expected a result object, got /)
    }
  })

  test('several problems: the first one, and how many more', () => {
    const raw = withValue(withValue(us, 'gender', 1), 'nat', 2)
    const result = validateResult(raw)
    assert.equal(result.ok, false)
    if (!result.ok) assert.equal(result.reason, 'gender: expected "male" or "female", got 1 (+1 more)')
  })

  test('a bad secret is named but its value never shown; rejected raw has no secrets', () => {
    for (const [path, value] of [
      ['login.sha256', 'c229e275b4ba'],
      ['login.password', 12345],
      ['login.salt', null],
      ['login.md5', 'Z'.repeat(32)]
    ] as const) {
      const raw = withValue(us, path, value)
      const result = validateResult(raw)
      assert.equal(result.ok, false, path)
      if (result.ok) continue
      assert.match(result.reason, new RegExp(`^${path.replace('.', '\\.')}: `))
      assert.ok(!result.reason.includes(String(value)) || value === null, result.reason)
      assertNoSecrets(result.raw)
      assert.equal((result.raw as { login: { uuid: string } }).login.uuid, us.login.uuid)
    }
  })

  test('redactResult leaves non-objects and objects without login alone', () => {
    assert.equal(redactResult('x'), 'x')
    assert.deepEqual(redactResult({ a: 1 }), { a: 1 })
    assert.deepEqual(redactResult({ login: { uuid: 'u', password: 'p', salt: 's' } }), { login: { uuid: 'u' } })
  })
})

describe('parseEnvelope', () => {
  test('a non-JSON body (truncated)', () => {
    const body = JSON.stringify(US_EXAMPLE)
    const check = parseEnvelope(body.slice(0, body.length / 2))
    assert.equal(check.ok, false)
    if (!check.ok) {
      assert.equal(check.problem, 'not-json')
      assert.match(check.reason, /^expected JSON, got .* that do not parse \(.*\): truncated\?$/)
    }
  })

  test('an empty body', () => {
    const check = parseEnvelope('')
    assert.deepEqual(check, { ok: false, problem: 'not-json', reason: 'expected JSON, got an empty body' })
  })

  test('an HTML page, by content type or by its first characters', () => {
    const page = '<html>\r\n<head><title>502 Bad Gateway</title></head><body>nginx</body></html>'
    for (const [body, type] of [
      [page, ''],
      [`  <!DOCTYPE html>${page}`, ''],
      ['oops', 'text/html; charset=utf-8']
    ] as const) {
      const check = parseEnvelope(body, type)
      assert.equal(check.ok, false)
      if (!check.ok) assert.equal(check.problem, 'html')
    }
    const check = parseEnvelope(page)
    if (!check.ok) assert.match(check.reason, /^expected JSON, got an HTML page \("502 Bad Gateway"\) of \d+ bytes$/)
  })

  test('an {"error": …} body', () => {
    const check = parseEnvelope(
      '{"error":"Uh oh, something has gone wrong. Please tweet us @randomapi about the issue. Thank you."}'
    )
    assert.equal(check.ok, false)
    if (!check.ok) {
      assert.equal(check.problem, 'api-error')
      assert.match(check.reason, /^the API answered with an error: "Uh oh, something has gone wrong/)
    }
  })

  test('wrong shapes: results not an array, info fields of the wrong type', () => {
    const cases: [unknown, string][] = [
      [[1, 2], 'expected a JSON object with "results", got an array of 2'],
      [{ results: {} }, 'results: expected an array, got an object'],
      [{ results: [], info: 'x' }, 'info: expected an object, got "x"'],
      [{ results: [], info: { seed: 1, results: 0, page: 1, version: '1.4' } }, 'info.seed: expected a string, got 1'],
      [
        { results: [], info: { seed: 'a', results: '0', page: 1, version: '1.4' } },
        'info.results: expected a whole number, got "0"'
      ],
      [
        { results: [], info: { seed: 'a', results: 0, page: '1', version: '1.4' } },
        'info.page: expected a number, got "1"'
      ]
    ]
    for (const [body, reason] of cases) {
      const check = parseEnvelope(JSON.stringify(body))
      assert.deepEqual(check, { ok: false, problem: 'wrong-shape', reason })
    }
  })

  test('the live outage body: results [] with info.results 1 (§4.2)', () => {
    const check = parseEnvelope('{"results":[],"info":{"seed":"d3adb33f","results":1,"page":1,"version":"1.4"}}')
    assert.deepEqual(check, {
      ok: false,
      problem: 'incomplete',
      reason: 'results holds 0 users but info.results says 1'
    })
  })

  test('fractional page and noinfo are fine', () => {
    const fractional = parseEnvelope('{"results":[{}],"info":{"seed":"abc","results":1,"page":1.5,"version":"1.4"}}')
    assert.ok(fractional.ok)
    assert.equal(fractional.info?.page, 1.5)
    const noinfo = parseEnvelope('{"results":[{}]}')
    assert.ok(noinfo.ok)
    assert.equal(noinfo.info, undefined)
  })
})

describe('the fast path and the zod schema agree', () => {
  const users: RandomUserResult[] = [
    ...NATS.flatMap((nat) => generateUsers({ seed: `diff-${nat}`, results: 40, nat: [nat] }).results),
    ...generateUsers({ seed: 'diff-lego', results: 40, lego: true }).results,
    ...generateUsers({ seed: 'diff-pw', results: 40, password: 'special,upper,lower,number,0-64' }).results
  ]
  const paths = [
    'gender',
    'name',
    'name.title',
    'name.first',
    'name.last',
    'location',
    'location.street',
    'location.street.number',
    'location.street.name',
    'location.city',
    'location.state',
    'location.country',
    'location.postcode',
    'location.coordinates',
    'location.coordinates.latitude',
    'location.coordinates.longitude',
    'location.timezone',
    'location.timezone.offset',
    'location.timezone.description',
    'email',
    'login',
    'login.uuid',
    'login.username',
    'login.password',
    'login.salt',
    'login.md5',
    'login.sha1',
    'login.sha256',
    'dob',
    'dob.date',
    'dob.age',
    'registered',
    'registered.date',
    'registered.age',
    'phone',
    'cell',
    'id',
    'id.name',
    'id.value',
    'picture',
    'picture.large',
    'picture.medium',
    'picture.thumbnail',
    'nat'
  ]
  const badValues: unknown[] = [
    DELETE,
    null,
    0,
    -1,
    1.5,
    Number.NaN,
    '',
    'x',
    '12',
    '+1:00',
    [],
    {},
    true,
    'LEGO',
    'male',
    '90.1',
    '-0.5',
    'a@b',
    'https://x'
  ]

  test(`same verdict on ${users.length} generated users and ${paths.length * badValues.length * 3} mutations`, () => {
    let disagreements = 0
    const check = (raw: unknown, label: string): void => {
      const fast = fastCheck(raw) !== undefined
      const zod = randomUserResultSchema.safeParse(raw).success
      if (fast !== zod) {
        disagreements++
        assert.fail(`${label}: fast path says ${fast}, zod says ${zod}`)
      }
    }
    for (const user of users) check(user, `${user.nat} ${user.login.uuid}`)
    for (const [i, path] of paths.entries()) {
      for (const value of badValues) {
        for (const user of [users[i * 7], users[users.length - 1 - i], users[(i * 31) % users.length]]) {
          check(withValue(user, path, value), `${path} = ${String(value)}`)
        }
      }
    }
    assert.equal(disagreements, 0)
  })

  test('every generated user validates', () => {
    for (const user of users) assertValid(user, user.nat)
  })
})

test('validating 5000 users stays fast (figure printed; generous bound)', (t) => {
  const raws = JSON.parse(JSON.stringify(generateUsers({ seed: 'perf', results: 5000 }).results)) as unknown[]
  let best = Infinity
  for (let round = 0; round < 5; round++) {
    const started = performance.now()
    for (const raw of raws) validateResult(raw)
    best = Math.min(best, performance.now() - started)
  }
  t.diagnostic(`validateResult: ${best.toFixed(1)} ms per 5000 users (best of 5)`)
  assert.ok(best < 250, `${best} ms`)
})
