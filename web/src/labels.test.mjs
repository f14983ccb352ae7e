import test from 'node:test'
import assert from 'node:assert/strict'
import { blockerText, chineseOnly, errorText } from './labels.js'

test('blocked reasons are Chinese, with field labels', () => {
  const label = (k) => ({ danger_grade: '危房等级' }[k] || k)
  assert.equal(blockerText({ guard: 'field', field: 'danger_grade', detail: '缺少字段 danger_grade (field is required)' }, label),
    '须填写“危房等级”')
  assert.equal(blockerText({ guard: 'role', detail: 'requires role manager, supervisor' }), '仅限项目负责人、督查操作')
  assert.equal(blockerText({ guard: 'notice_passed:before', detail: '事前公示未期满或有未处理的异议 (no before-notice has passed its period without open objections)' }),
    '事前公示未期满或有未处理的异议')
  assert.equal(blockerText({ guard: 'scope', detail: 'item is outside your units' }), '该事项不在您的管辖范围内')
})

test('error text prefers the problem\'s Chinese', () => {
  assert.equal(chineseOnly('尚未分配资金 (no funds are allocated to this item)'), '尚未分配资金')
  assert.equal(errorText({ code: 'bad_credentials', detail: '用户名或密码错误' }), '用户名或密码错误')
  assert.equal(errorText({ code: 'version_conflict', detail: 'stale' }), '已被他人更新，已重新载入最新内容')
})
