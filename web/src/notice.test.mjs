import test from 'node:test'
import assert from 'node:assert/strict'
import { prefillContents, noticeBody, noticeContentLabels } from './notice.js'

const road = {
  title: '吉照村那洞屯道路硬化', workflow: 'road', org: { name: '吉照村' }, responsible: { name: '韦干部' },
  created_at: '2019-03-01T09:00:00+08:00', due_on: '2019-09-30',
  fields: { natural_village: '那洞屯', length_m: 1200, width_cm: 350, households: 46, contractor: '融安县某建筑公司' },
}

test('a road notice is prefilled from the item, the rest left to fill in', () => {
  const c = prefillContents(road, ['泗顶镇', '吉照村'])
  assert.equal(c.project_name, road.title)
  assert.equal(c.location, '泗顶镇吉照村那洞屯')
  assert.equal(c.content, '道路硬化，长1200米，宽3.5米')
  assert.equal(c.implementer, '融安县某建筑公司')
  assert.equal(c.implementation_period, '2019-03-01至2019-09-30')
  assert.equal(c.beneficiary_households, 46)
  assert.equal(c.performance_target, '')
})

test('the notice body needs all eleven contents and integer counts', () => {
  const contents = Object.fromEntries(noticeContentLabels.map(([k]) => [k, 'x']))
  const form = { level: 'village', phase: 'before', posted_on: '2019-03-01', period_days: 10, contents }
  assert.match(noticeBody(form).error, /受益户数/)
  contents.beneficiary_households = '12'
  contents.beneficiary_people = 40
  const { body } = noticeBody(form)
  assert.equal(body.beneficiary_households, 12)
  assert.equal(body.beneficiary_people, 40)
  contents.hotline = '  '
  assert.match(noticeBody(form).error, /监督举报电话/)
})
