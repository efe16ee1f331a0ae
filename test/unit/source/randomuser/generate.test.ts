import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import {
  ageAt,
  createPage,
  emailPart,
  generateUsers,
  parsePasswordOption,
  renderJson
} from '../../../../src/source/randomuser/generate.ts'
import { resolveFields } from '../../../../src/source/randomuser/params.ts'
import { COUNTRIES, NATS, type Nat, type RandomUserResult } from '../../../../src/source/randomuser/types.ts'
import { validateResult } from '../../../../src/source/randomuser/validate.ts'

const NOW = Date.parse('2026-11-24T12:00:00Z')
const clock = (): number => NOW
const body = (options: Parameters<typeof createPage>[0], render: Parameters<typeof renderJson>[1] = {}): string =>
  [...renderJson(createPage({ now: clock, ...options }), render)].join('')
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('determinism', () => {
  test('same seed + page + results + nat: byte-identical JSON', () => {
    const options = { seed: 'abc', page: 3, results: 50, nat: ['US', 'FR'] as Nat[] }
    assert.equal(body(options), body(options))
  })

  test('only the ages follow the clock', () => {
    const now = body({ seed: 'abc', results: 20 })
    const later = [...renderJson(createPage({ seed: 'abc', results: 20, now: () => NOW + 5 * 365 * 86400000 }))].join(
      ''
    )
    assert.notEqual(now, later)
    assert.equal(now.replace(/"age":\d+/g, ''), later.replace(/"age":\d+/g, ''))
  })

  test('pages differ; page 2 of seed abc is page 1 of seed abc2, like the API', () => {
    assert.notEqual(body({ seed: 'abc', page: 1, results: 5 }), body({ seed: 'abc', page: 2, results: 5 }))
    const users = (seed: string, page: number): RandomUserResult[] =>
      generateUsers({ seed, page, results: 5, now: clock }).results
    assert.deepEqual(users('abc', 2), users('abc2', 1))
  })

  test('a larger results extends a smaller one', () => {
    const five = generateUsers({ seed: 'grow', results: 5, now: clock }).results
    const ten = generateUsers({ seed: 'grow', results: 10, now: clock }).results
    assert.deepEqual(ten.slice(0, 5), five)
  })

  test('seeds are case-sensitive', () => {
    assert.notEqual(body({ seed: 'abc', results: 3 }), body({ seed: 'ABC', results: 3 }))
  })

  test('inc/exc do not change the users, only which keys are written (canonical order)', () => {
    const full = generateUsers({ seed: 'fields', results: 10, now: clock }).results
    const fields = resolveFields('nat,login,dob,registered,name', 'dob')
    assert.deepEqual(fields, ['name', 'login', 'registered', 'nat'])
    const parsed = JSON.parse(body({ seed: 'fields', results: 10 }, { fields })) as {
      results: Record<string, unknown>[]
    }
    for (const [i, user] of parsed.results.entries()) {
      assert.deepEqual(Object.keys(user), ['name', 'login', 'registered', 'nat'])
      assert.deepEqual(user.login, full[i]?.login)
    }
    const none = JSON.parse(body({ seed: 'fields', results: 2 }, { fields: resolveFields('foo') })) as {
      results: unknown[]
    }
    assert.deepEqual(none.results, [{}, {}])
  })
})

describe('login.uuid', () => {
  test('stable for a seed/page, v4-shaped, unique, different across pages', () => {
    const uuids = (page: number): string[] =>
      generateUsers({ seed: 'ids', page, results: 2000 }).results.map((u) => u.login.uuid)
    const first = uuids(1)
    assert.deepEqual(uuids(1), first)
    for (const uuid of first) assert.match(uuid, UUID_V4)
    assert.equal(new Set(first).size, first.length)
    const second = uuids(2)
    assert.equal(new Set([...first, ...second]).size, first.length * 2)
  })

  test('depends on seed, page and index only (not on nat, gender or the clock)', () => {
    const a = generateUsers({ seed: 'ids', results: 20, nat: ['US'] }).results.map((u) => u.login.uuid)
    const b = generateUsers({ seed: 'ids', results: 20, nat: ['DE', 'FR'], now: () => 0 }).results.map(
      (u) => u.login.uuid
    )
    assert.deepEqual(a, b)
  })
})

describe('seeds and info', () => {
  test('no seed: 16 random hex characters in info.seed, and that seed reproduces the page', () => {
    const page = createPage({ results: 3, now: clock })
    assert.match(page.info.seed, /^[0-9a-f]{16}$/)
    assert.deepEqual(page.info, { seed: page.info.seed, results: 3, page: 1, version: '1.4' })
    const again = createPage({ seed: page.info.seed, results: 3, now: clock })
    assert.deepEqual(again.user(2), page.user(2))
    assert.notEqual(createPage({}).info.seed, createPage({}).info.seed)
  })

  test('an 18-character seed forces the nat of its last two hex characters; info.seed gets 20 characters', () => {
    const page = createPage({ seed: '0123456789abcdef14', results: 10, nat: ['FR'] })
    assert.equal(page.info.seed, '0123456789abcdef1414')
    for (let i = 0; i < 10; i++) assert.equal(page.user(i).nat, 'US')
    assert.equal(createPage({ seed: '0123456789abcdef0a' }).user(0).nat, 'IE')
  })

  test('an 18-character seed without a nat index 00..14 is refused (the real generator crashes)', () => {
    for (const seed of ['0123456789abcdefff', '0123456789abcdefzz', '0123456789abcdef-1']) {
      assert.throws(() => createPage({ seed }), { name: 'UserStreamerError', code: 'US_ERR_USAGE' })
    }
  })

  test('lego: nat LEGO, no country, lego pictures 0..9, SN id, info.seed + "-1"', () => {
    const page = createPage({ seed: 'abc', results: 50, lego: true })
    assert.equal(page.info.seed, 'abc-1')
    for (let i = 0; i < 50; i++) {
      const user = page.user(i)
      assert.equal(user.nat, 'LEGO')
      assert.equal('country' in user.location, false)
      assert.match(user.picture.large, /^https:\/\/randomuser\.me\/api\/portraits\/lego\/\d\.jpg$/)
      assert.match(user.id.value ?? '', /^\d{12}$/)
      assert.equal(user.id.name, 'SN')
      assert.match(user.phone, /^\(\d{3}\)-\d{3}-\d{4}$/)
    }
  })

  test('gender filters without a seed and is ignored with one, like the API', () => {
    const page = createPage({ results: 50, gender: 'female' })
    for (let i = 0; i < 50; i++) assert.equal(page.user(i).gender, 'female')
    const seeded = generateUsers({ seed: 'g', results: 50, gender: 'female' }).results
    assert.ok(seeded.some((u) => u.gender === 'male'))
  })

  test('a nat list: each user picks one entry', () => {
    const users = generateUsers({ seed: 'nats', results: 300, nat: ['US', 'GB', 'FR'] }).results
    assert.deepEqual(new Set(users.map((u) => u.nat)), new Set(['US', 'GB', 'FR']))
  })
})

// Patterns from the notes §3.3: d = digit, N = 2-9, A = letter.
const FORMATS: Record<
  Nat,
  {
    phone: RegExp
    cell: RegExp
    idName: string
    idValue: RegExp | null
    postcode: 'number' | RegExp
    range?: [number, number]
  }
> = {
  AU: {
    phone: /^0\d-\d{4}-\d{4}$/,
    cell: /^04\d{2}-\d{3}-\d{3}$/,
    idName: 'TFN',
    idValue: /^\d{9}$/,
    postcode: 'number',
    range: [200, 9999]
  },
  BR: {
    phone: /^\(\d{2}\) \d{4}-\d{4}$/,
    cell: /^\(\d{2}\) \d{4}-\d{4}$/,
    idName: 'CPF',
    idValue: /^\d{3}\.\d{3}\.\d{3}-\d{2}$/,
    postcode: 'number'
  },
  CA: {
    phone: /^[A-Z]\d{2} [A-Z]\d{2}-\d{4}$/,
    cell: /^[A-Z]\d{2} [A-Z]\d{2}-\d{4}$/,
    idName: 'SIN',
    idValue: /^\d{9}$/,
    postcode: /^[A-Z]\d[A-Z] \d[A-Z]\d$/
  },
  CH: {
    phone: /^07[5-9] \d{3} \d{2} \d{2}$/,
    cell: /^07[5-9] \d{3} \d{2} \d{2}$/,
    idName: 'AVS',
    idValue: /^756\.\d{4}\.\d{4}\.\d{2}$/,
    postcode: 'number',
    range: [1000, 9999]
  },
  DE: {
    phone: /^0\d{3}-\d{7}$/,
    cell: /^017\d-\d{7}$/,
    idName: 'SVNR',
    idValue: /^\d{2} \d{6,7} \S \d{3}$/,
    postcode: 'number'
  },
  DK: { phone: /^\d{8}$/, cell: /^\d{8}$/, idName: 'CPR', idValue: /^\d{6,7}-\d{4}$/, postcode: 'number' },
  ES: {
    phone: /^9\d{2}-\d{3}-\d{3}$/,
    cell: /^6\d{2}-\d{3}-\d{3}$/,
    idName: 'DNI',
    idValue: /^\d{8}-[A-Z]$/,
    postcode: 'number'
  },
  FI: {
    phone: /^0[2-9]-\d{3}-\d{3}$/,
    cell: /^04\d-\d{3}-\d{2}-\d{2}$/,
    idName: 'HETU',
    idValue: /^NaNNA\d{3}undefined$/,
    postcode: 'number'
  },
  FR: {
    phone: /^0[1-5]-\d{2}-\d{2}-\d{2}-\d{2}$/,
    cell: /^06-\d{2}-\d{2}-\d{2}-\d{2}$/,
    idName: 'INSEE',
    idValue: /^[12]\d{12,13} \d{2}$/,
    postcode: 'number'
  },
  GB: {
    phone: /^(?:01\d{3} \d{5,6}|011\d{4} \d{3} \d{4}|01\d1 \d{3} \d{4}|02\d \d{4} \d{4}|01\d{4} \d{4,5})$/,
    cell: /^07\d{3} \d{6}$/,
    idName: 'NINO',
    idValue: /^[ABCEGHJKLMNOPRSTWXYZ][ABCEGHJKLMNPRSTWXYZ] \d{2} \d{2} \d{2} [A-Z]$/,
    postcode:
      /^(?:[A-Z]\d|[A-Z]{2}\d|[A-Z]\d{2}|[A-Z]{2}\d{2}|[A-Z]{2}\d[A-Z]|[A-Z]\d[A-Z]) \d[ABDEFGHJLNPQRSTUWXYZ]{2}$/
  },
  IE: {
    phone: /^0[1-7]1-\d{3}-\d{4}$/,
    cell: /^081-\d{3}-\d{4}$/,
    idName: 'PPS',
    idValue: /^\d{7}[A-W]$/,
    postcode: 'number'
  },
  IN: { phone: /^[789]\d{9}$/, cell: /^[789]\d{9}$/, idName: 'UIDAI', idValue: /^\d{12}$/, postcode: 'number' },
  IR: { phone: /^0\d{2}-\d{8}$/, cell: /^09\d{2}-\d{3}-\d{4}$/, idName: '', idValue: null, postcode: 'number' },
  MX: {
    phone: /^\(6\d{2}\) \d{3} \d{4}$/,
    cell: /^\(6\d{2}\) \d{3} \d{4}$/,
    idName: 'NSS',
    idValue: /^\d{2} \d{2} \d{2} \d{4} \d$/,
    postcode: 'number'
  },
  NL: {
    phone: /^\(\d{3}\)-\d{3}-\d{4}$/,
    cell: /^\(\d{3}\)-\d{3}-\d{4}$/,
    idName: 'BSN',
    idValue: /^\d{8}$/,
    postcode: 'number'
  },
  NO: { phone: /^[235678]\d{7}$/, cell: /^[49]\d{7}$/, idName: 'FN', idValue: /^\d{11}$/, postcode: /^\d{4}$/ },
  NZ: {
    phone: /^\(\d{3}\)-\d{3}-\d{4}$/,
    cell: /^\(\d{3}\)-\d{3}-\d{4}$/,
    idName: '',
    idValue: null,
    postcode: 'number'
  },
  RS: {
    phone: /^0[1-3]\d-\d{4}-\d{3}$/,
    cell: /^06\d-\d{4}-\d{3}$/,
    idName: 'SID',
    idValue: /^\d{9}$/,
    postcode: 'number'
  },
  TR: {
    phone: /^\(\d{3}\)-\d{3}-\d{4}$/,
    cell: /^\(\d{3}\)-\d{3}-\d{4}$/,
    idName: '',
    idValue: null,
    postcode: 'number'
  },
  UA: {
    phone: /^\(0(?:66|67|68|96|97|98|99)\) [A-Z]\d{2}-\d{4}$/,
    cell: /^\(0(?:66|67|68|96|97|98|99)\) [A-Z]\d{2}-\d{4}$/,
    idName: '',
    idValue: null,
    postcode: 'number'
  },
  US: {
    phone: /^\([2-9]\d{2}\) [2-9]\d{2}-\d{4}$/,
    cell: /^\([2-9]\d{2}\) [2-9]\d{2}-\d{4}$/,
    idName: 'SSN',
    idValue: /^\d{3}-\d{2}-\d{4}$/,
    postcode: 'number'
  }
}

describe('per-nationality formats (notes §3.3)', () => {
  for (const nat of NATS) {
    test(nat, () => {
      const spec = FORMATS[nat]
      for (const user of generateUsers({ seed: `fmt-${nat}`, results: 300, nat: [nat], now: clock }).results) {
        const label = `${nat} ${JSON.stringify({ phone: user.phone, cell: user.cell, id: user.id, postcode: user.location.postcode })}`
        assert.equal(user.nat, nat)
        assert.equal(user.location.country, COUNTRIES[nat])
        assert.match(user.phone, spec.phone, label)
        assert.match(user.cell, spec.cell, label)
        assert.equal(user.id.name, spec.idName, label)
        if (spec.idValue === null) assert.equal(user.id.value, null, label)
        else assert.match(user.id.value ?? '', spec.idValue, label)
        const postcode = user.location.postcode
        if (spec.postcode === 'number') {
          assert.equal(typeof postcode, 'number', label)
          const [min, max] = spec.range ?? [10000, 99999]
          assert.ok((postcode as number) >= min && (postcode as number) <= max, label)
        } else {
          assert.equal(typeof postcode, 'string', label)
          assert.match(postcode as string, spec.postcode, label)
        }
        if (nat === 'CH') assert.ok(['Monsieur', 'Madame', 'Mademoiselle'].includes(user.name.title))
        else
          assert.ok(user.gender === 'male' ? user.name.title === 'Mr' : ['Miss', 'Mrs', 'Ms'].includes(user.name.title))
        assert.ok(validateResult(user).ok)
      }
    })
  }

  test('id rules that depend on the date of birth, gender or name', () => {
    for (const user of generateUsers({ seed: 'ids-de', results: 200, nat: ['DE'] }).results) {
      const dob = new Date(user.dob.date)
      const [, date, initial, serial] = (user.id.value ?? '').split(' ')
      assert.equal(
        date,
        `${String(dob.getUTCDate()).padStart(2, '0')}${String(dob.getUTCMonth() + 1).padStart(2, '0')}${String(dob.getUTCFullYear() - 1900).padStart(2, '0')}`
      )
      assert.equal(initial, user.name.last.charAt(0))
      const gg = Number(serial?.slice(0, 2))
      assert.ok(user.gender === 'male' ? gg <= 49 : gg >= 50)
    }
    for (const user of generateUsers({ seed: 'ids-fr', results: 200, nat: ['FR'] }).results) {
      const [number, check] = (user.id.value ?? '').split(' ')
      assert.equal(Number(check), 97 - (Number(number) % 97))
      assert.equal(number?.charAt(0), user.gender === 'male' ? '1' : '2')
    }
    for (const user of generateUsers({ seed: 'ids-ca', results: 200, nat: ['CA'] }).results) {
      const digits = [...(user.id.value ?? '')].map(Number)
      const sum = digits.reverse().reduce((acc, d, i) => acc + (i % 2 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0)
      assert.equal(sum % 10, 0, `SIN ${user.id.value} fails Luhn`)
    }
    for (const user of generateUsers({ seed: 'ids-us', results: 500, nat: ['US'] }).results) {
      const [area, group, serial] = (user.id.value ?? '').split('-')
      assert.ok(
        area !== '000' && area !== '666' && !area?.startsWith('9') && group !== '00' && serial !== '0000',
        user.id.value ?? ''
      )
    }
    for (const user of generateUsers({ seed: 'ids-no', results: 200, nat: ['NO'] }).results) {
      const fn = user.id.value ?? ''
      const individual = Number(fn.slice(6, 9))
      assert.equal(individual % 2 === 1, user.gender === 'male')
      const weights1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
      const k1 = (11 - (weights1.reduce((acc, w, i) => acc + w * Number(fn[i]), 0) % 11)) % 11
      assert.equal(Number(fn[9]), k1)
    }
  })
})

describe('fields', () => {
  const users = generateUsers({ seed: 'fields-all', results: 500, now: clock }).results

  test('hashes are the real md5/sha1/sha256 of password + salt', () => {
    for (const { login } of users.slice(0, 50)) {
      const salted = login.password + login.salt
      assert.equal(login.md5, createHash('md5').update(salted).digest('hex'))
      assert.equal(login.sha1, createHash('sha1').update(salted).digest('hex'))
      assert.equal(login.sha256, createHash('sha256').update(salted).digest('hex'))
      assert.match(login.salt, /^[A-Za-z0-9]{8}$/)
    }
  })

  test('emails: first.last, ASCII, lower-case, no spaces, @example.com', () => {
    for (const user of users) {
      assert.match(user.email, /^[a-z0-9'.-]+@example\.com$/, user.email)
      assert.equal(user.email, `${emailPart(user.name.first)}.${emailPart(user.name.last)}@example.com`)
    }
    assert.equal(emailPart('Hans-J.'), 'hans-j.')
    assert.equal(emailPart('Van Dinter'), 'vandinter')
    assert.equal(emailPart('Jördis'), 'jordis')
    assert.equal(emailPart('مهرسا'), 'mhrs')
  })

  test('ranges: dates, ages, coordinates, street number, pictures, usernames, timezones', () => {
    for (const user of users) {
      const dob = Date.parse(user.dob.date)
      const registered = Date.parse(user.registered.date)
      assert.ok(dob >= Date.parse('1944-08-25T17:46:40.000Z') && dob <= Date.parse('2001-05-28T22:16:29.000Z'))
      assert.ok(
        registered >= Date.parse('2002-03-21T05:27:41.000Z') && registered <= Date.parse('2022-05-23T22:16:29.000Z')
      )
      assert.ok(dob < registered)
      assert.equal(user.dob.age, ageAt(dob, NOW))
      assert.ok(user.dob.age >= 25 && user.dob.age <= 82, `${user.dob.age}`)
      assert.ok(user.registered.age >= 4 && user.registered.age <= 24)
      assert.match(user.location.coordinates.latitude, /^-?\d{1,2}\.\d{4}$/)
      assert.match(user.location.coordinates.longitude, /^-?\d{1,3}\.\d{4}$/)
      assert.ok(user.location.street.number >= 1 && user.location.street.number <= 9999)
      assert.match(user.login.username, /^[a-z]+[1-9]\d{2}$/)
      assert.match(user.location.timezone.offset, /^(?:[+-]\d{1,2}:\d{2}|0:00)$/)
      const folder = user.gender === 'male' ? 'men' : 'women'
      const n = Number(/\/(\d+)\.jpg$/.exec(user.picture.large)?.[1])
      assert.ok(n <= (user.gender === 'male' ? 99 : 96))
      assert.equal(user.picture.medium, `https://randomuser.me/api/portraits/med/${folder}/${n}.jpg`)
    }
  })

  test('ageAt counts whole years, birthdays included', () => {
    assert.equal(ageAt(Date.parse('2000-11-24T12:00:00Z'), NOW), 26)
    assert.equal(ageAt(Date.parse('2000-11-24T12:00:01Z'), NOW), 25)
    assert.equal(ageAt(Date.parse('1950-01-01T00:00:00Z'), NOW), 76)
  })

  test('password=CHARSETS,LENGTH (notes §2.11)', () => {
    assert.equal(parsePasswordOption(undefined), undefined)
    assert.equal(parsePasswordOption('bogus,8'), undefined)
    const cases: [string, number, number][] = [
      ['upper', 8, 64],
      ['number,70', 8, 64],
      ['number,0', 8, 64],
      ['number,-5', 8, 64],
      ['number,1-65', 1, 64],
      ['number,65-66', 8, 64],
      ['number, 5', 5, 5],
      ['number,5,upper', 8, 64],
      ['lower,10-5', 5, 10]
    ]
    for (const [option, min, max] of cases) {
      const spec = parsePasswordOption(option)
      assert.deepEqual([spec?.min, spec?.max], [min, max], option)
    }
    for (const user of generateUsers({ seed: 'pw', results: 100, password: 'number,upper,6-9' }).results) {
      assert.match(user.login.password, /^[0-9A-Z]{6,9}$/)
    }
  })
})

describe('renderJson', () => {
  test('compact JSON: the envelope of the API, no trailing newline, raw UTF-8', () => {
    const text = body({ seed: 'render', results: 600, nat: ['IR'] }, { chunkUsers: 250 })
    assert.ok(text.startsWith('{"results":[{"gender":'))
    assert.ok(text.endsWith(',"info":{"seed":"render","results":600,"page":1,"version":"1.4"}}'))
    assert.ok(!/\\u[0-9a-f]{4}/.test(text))
    const parsed = JSON.parse(text) as { results: RandomUserResult[] }
    assert.deepEqual(parsed.results, generateUsers({ seed: 'render', results: 600, nat: ['IR'], now: clock }).results)
  })

  test('pretty, noinfo and JSONP', () => {
    const pretty = body({ seed: 'render', results: 3 }, { pretty: true })
    assert.ok(pretty.startsWith('{\n  "results": [\n    {'))
    assert.equal(pretty, JSON.stringify(JSON.parse(pretty), null, 2))
    assert.deepEqual(JSON.parse(pretty), JSON.parse(body({ seed: 'render', results: 3 })))
    const noinfo = JSON.parse(body({ seed: 'render', results: 3 }, { noinfo: true })) as Record<string, unknown>
    assert.deepEqual(Object.keys(noinfo), ['results'])
    const jsonp = body({ seed: 'render', results: 1 }, { callback: 'cb' })
    assert.ok(jsonp.startsWith('cb({"results":') && jsonp.endsWith('});'))
  })
})

test('generation + serialisation throughput (figure printed; generous bound)', (t) => {
  let best = Infinity
  for (let round = 0; round < 3; round++) {
    const started = performance.now()
    for (const chunk of renderJson(createPage({ seed: 'speed', page: round + 1, results: 5000 }))) void chunk
    best = Math.min(best, performance.now() - started)
  }
  t.diagnostic(`generate + JSON: ${Math.round(5000 / (best / 1000))} users/s (best of 3 pages of 5000)`)
  assert.ok(best < 1000)
})
