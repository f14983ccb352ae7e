import test from 'node:test'
import assert from 'node:assert/strict'
import { layoutWorkflow, guardText } from './workflow_diagram.js'

const def = {
  stages: [{ id: 'a', name: '甲' }, { id: 'b', name: '乙' }, { id: 'c', name: '丙' }],
  transitions: [
    { action: 'go', name: '前进', from: ['a'], to: 'b', roles: ['manager'] },
    { action: 'skip', name: '跳过', from: ['a'], to: 'c', roles: ['manager'] },
    { action: 'back', name: '退回', from: ['b', 'c'], to: 'a', roles: ['supervisor'] },
  ],
}

test('forward arrows go right, backward left, overlapping ones in separate lanes', () => {
  const d = layoutWorkflow(def)
  assert.equal(d.arrows.length, 4)
  const right = d.arrows.filter((a) => a.side === 'right')
  assert.deepEqual(right.map((a) => a.action).sort(), ['go', 'skip'])
  assert.notEqual(right[0].lane, right[1].lane)
  const left = d.arrows.filter((a) => a.side === 'left')
  assert.equal(left.length, 2)
  assert.notEqual(left[0].lane, left[1].lane)
  assert.equal(d.lanes.right, 2)
})

test('guards read in Chinese', () => {
  assert.equal(guardText({ guard: 'notice_passed:before' }), '事前公示期满且无未处理异议')
  assert.equal(guardText({ guard: 'notice_passed:before:township' }), '乡镇审核公示期满且无未处理异议')
  assert.equal(guardText({ guard: 'notice_passed:after:county' }), '县级事后公告期满且无未处理异议')
  assert.equal(guardText({ guard: 'notice_passed:before:hamlet' }), 'notice_passed:before:hamlet')
  assert.equal(guardText({ guard: 'field', field: 'k' }, () => '户主姓名'), '须填写“户主姓名”')
  assert.match(guardText({ guard: 'field_at_least', field: 'x', min: 3000000, min_poor_village: 4000000 }), /30,000\.00 元（贫困村 40,000\.00 元）/)
})
