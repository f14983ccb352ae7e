import test from 'node:test'
import assert from 'node:assert/strict'
import { declaredFields, toApiValue, toFormValue, displayValue, requiredFieldKeys } from './fields.js'

const def = {
  transitions: [
    { action: 'a', requires: [{ guard: 'field', field: 'applicant' }, { guard: 'comment' }] },
    { action: 'b', requires: [{ guard: 'field_at_least', field: 'annual_income_fen', min: 3000000 }] },
  ],
}

test('a definition without declarations offers the fields its guards name', () => {
  assert.deepEqual(declaredFields(def).map((f) => [f.key, f.type]),
    [['applicant', 'text'], ['annual_income_fen', 'amount_fen']])
  assert.deepEqual(requiredFieldKeys(def.transitions[0]), ['applicant'])
  const declared = { fields: [{ key: 'x', label: '甲', type: 'date' }] }
  assert.equal(declaredFields(declared)[0].label, '甲')
})

test('form values become API values without floats', () => {
  const money = { key: 'm', label: '金额', type: 'amount_fen' }
  assert.deepEqual(toApiValue(money, '35000.10'), { value: 3500010 })
  assert.ok(toApiValue(money, '1.234').error)
  assert.equal(toFormValue(money, 3500010), '35000.10')
  assert.deepEqual(toApiValue({ type: 'integer', key: 'n' }, '1800'), { value: 1800 })
  assert.ok(toApiValue({ type: 'integer', key: 'n' }, '18.5').error)
  assert.ok(toApiValue({ type: 'text', key: 't', label: '户主' }, '  ', true).error)
  assert.deepEqual(toApiValue({ type: 'text', key: 't' }, '', false), { value: undefined })
  assert.ok(toApiValue({ type: 'choice', key: 'g', options: ['C', 'D'] }, 'E').error)
  assert.deepEqual(toApiValue({ type: 'boolean', key: 'b' }, false), { value: false })
  assert.equal(displayValue(money, 150), '1.50 元')
  assert.equal(displayValue({ type: 'boolean' }, true), '是')
})
