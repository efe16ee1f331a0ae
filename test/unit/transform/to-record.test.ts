import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkUserRecord } from '../../../src/record/user-record.ts'
import { formatAddress, toUserRecord } from '../../../src/transform/to-record.ts'

const user = {
  gender: 'male',
  name: { first: 'Joe', last: 'Cox' },
  location: {
    street: { number: 6140, name: 'Mcgowen St' },
    city: 'Santa Ana',
    state: 'Maryland',
    country: 'United States',
    postcode: 79969
  },
  email: 'joe.cox@example.com',
  login: { uuid: '82697c6c-56cc-4d9d-a730-cf8be4eb0788', username: 'brownbird829' },
  dob: { date: '1999-04-06T14:30:29.860Z' },
  registered: { date: '2013-01-01T15:41:44.049Z' },
  phone: '(929) 704-5530',
  picture: { medium: 'https://randomuser.me/api/portraits/med/men/72.jpg' },
  nat: 'US'
}
const lineage = { source: 'randomuser.me/api/ seed=example-us page=1', ingestedAt: new Date('2026-11-24T00:00:00Z') }

test('builds the seed sample-output record with a stable id from login.uuid', () => {
  const result = toUserRecord(user, lineage)
  assert.ok(result.ok)
  assert.deepEqual(result.record, {
    id: '82697c6c-56cc-4d9d-a730-cf8be4eb0788',
    first_name: 'Joe',
    last_name: 'Cox',
    gender: 'male',
    address: '6140 Mcgowen St, Santa Ana, Maryland, United States',
    post_code: '79969',
    email: 'joe.cox@example.com',
    username: 'brownbird829',
    dob: '1999-04-06T14:30:29.860Z',
    registered_date: '2013-01-01T15:41:44.049Z',
    phone: '(929) 704-5530',
    picture: 'https://randomuser.me/api/portraits/med/men/72.jpg',
    nat: 'US',
    source: 'randomuser.me/api/ seed=example-us page=1',
    ingested_at: '2026-11-24T00:00:00.000Z'
  })
  assert.equal(checkUserRecord(result.record).ok, true)
  assert.deepEqual(toUserRecord(user, lineage), result, 'same input, same record')
})

test('string postcodes (GB, CA, NO) stay text with leading zeros', () => {
  const result = toUserRecord({ ...user, location: { ...user.location, postcode: '0123' } }, lineage)
  assert.ok(result.ok)
  assert.equal(result.record.post_code, '0123')
})

test('an address without a country (LEGO) or with a trailing-space street stays clean', () => {
  assert.equal(
    formatAddress({ street: { number: 1, name: 'Rua X ' }, city: 'C', state: 'S', postcode: 1 }),
    '1 Rua X, C, S'
  )
})

test('no login.uuid, no record', () => {
  const { login: _login, ...withoutLogin } = user
  const result = toUserRecord(withoutLogin, lineage)
  assert.equal(result.ok, false)
})
