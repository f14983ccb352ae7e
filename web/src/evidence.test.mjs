import test from 'node:test'
import assert from 'node:assert/strict'
import {
  evidenceForm, hasEvidenceKind, sizeText, oversizeText, attachmentsByEntry, voucherKind, noticePhotoKind,
} from './evidence.js'

const scan = (name, size = 3) => Object.assign(new Blob(['x'.repeat(size)], { type: 'application/pdf' }), { name })

test('an upload form carries the kind, the file under its name, and only the references given', async () => {
  const form = evidenceForm(voucherKind, scan('凭证.pdf'), { entry_id: 42, notice_id: null, history_id: '' })
  assert.deepEqual([...form.keys()], ['kind', 'entry_id', 'file'])
  assert.equal(form.get('kind'), 'voucher')
  assert.equal(form.get('entry_id'), '42')
  assert.equal(form.get('file').name, '凭证.pdf')
  assert.equal(await form.get('file').text(), 'xxx')

  const photo = evidenceForm(noticePhotoKind, scan('张贴.jpg'), { notice_id: 7 })
  assert.deepEqual([...photo.entries()].filter(([k]) => k !== 'file'), [['kind', 'notice_photo'], ['notice_id', '7']])
  assert.deepEqual([...evidenceForm('report', scan('a.pdf')).keys()], ['kind', 'file'])
})

test('a workflow files a kind only if its definition lists it', () => {
  const road = { evidence: [{ key: 'notice_photo', name: '公示照片' }, { key: 'voucher', name: '报账凭证' }] }
  assert.equal(hasEvidenceKind(road, voucherKind), true)
  assert.equal(hasEvidenceKind({ evidence: [{ key: 'work_photo' }] }, voucherKind), false)
  assert.equal(hasEvidenceKind({}, voucherKind), false)
  assert.equal(hasEvidenceKind(null, noticePhotoKind), false)
})

test('sizes in KB and MB, and a file over the limit refused in Chinese', () => {
  assert.equal(sizeText(10), '1 KB')
  assert.equal(sizeText(204800), '200 KB')
  assert.equal(sizeText(3 * 1048576 + 524288), '3.5 MB')
  const limit = 20 * 1048576
  assert.equal(oversizeText({ size: limit }, limit), '')
  assert.equal(oversizeText({ size: limit + 1 }, limit), '文件超过 20 MB，无法上传')
  assert.equal(oversizeText({ size: limit + 1 }, undefined), '', 'an unknown limit is left to the server')
})

test('each ledger entry gets its latest scan that was not withdrawn', () => {
  const list = [
    { id: 1, kind: 'voucher', entry_id: 10, withdrawn: false },
    { id: 4, kind: 'voucher', entry_id: 10, withdrawn: false },
    { id: 2, kind: 'voucher', entry_id: 11, withdrawn: true },
    { id: 3, kind: 'notice_photo', entry_id: null, notice_id: 5, withdrawn: false },
    { id: 5, kind: 'construction_photo', entry_id: 12, withdrawn: false },
    { id: 6, kind: 'voucher', entry_id: null, withdrawn: false },
  ]
  const byEntry = attachmentsByEntry(list, voucherKind)
  assert.deepEqual([...byEntry.keys()], [10])
  assert.equal(byEntry.get(10).id, 4)
  assert.equal(attachmentsByEntry(undefined, voucherKind).size, 0)
})
