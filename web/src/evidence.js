// Evidence uploads, shared by the 档案 panel, the 拨付 form (the voucher's scan) and the notices
// (the photo of a notice as posted): one form, one endpoint, one size rule.
// POST /api/v1/items/{id}/attachments takes `kind`, `file` and, to say what a file shows,
// `notice_id`, `entry_id` or `history_id`.
import { upload } from './api.js'

// The workflows' evidence kinds for a scanned 报账凭证 and for a 公示照片.
export const voucherKind = 'voucher'
export const noticePhotoKind = 'notice_photo'

// What the server keeps (it reads the type from the content and refuses anything else); the
// picker offers only these so that a wrong file is not chosen in the first place.
export const keptFileTypes = 'image/jpeg,image/png,image/webp,image/heic,.heic,application/pdf'

const refParts = ['notice_id', 'entry_id', 'history_id']

// The multipart form of one upload. refs: {notice_id, entry_id, history_id}, any of them; an
// absent or empty one is left out rather than sent empty, which the server would refuse.
export function evidenceForm(kind, file, refs = {}) {
  const form = new FormData()
  form.append('kind', kind)
  for (const part of refParts) {
    const v = refs[part]
    if (v !== undefined && v !== null && v !== '') form.append(part, String(v))
  }
  form.append('file', file, file.name || 'file')
  return form
}

// Uploads one file as evidence of the item; resolves to the attachment (201 new, 200 the same
// bytes already filed under this kind) and rejects with ApiError. onProgress gets 0…1.
export function uploadEvidence(itemId, kind, file, refs = {}, onProgress = () => {}) {
  return upload('/api/v1/items/' + itemId + '/attachments', evidenceForm(kind, file, refs), onProgress)
}

// Whether the item's workflow definition files evidence of this kind.
export function hasEvidenceKind(def, kind) {
  return !!(def && (def.evidence || []).some((k) => k.key === kind))
}

export function sizeText(bytes) {
  if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + ' MB'
  return Math.max(1, Math.round(bytes / 1024)) + ' KB'
}

// The Chinese refusal for a file over the server's limit, or '' when it fits (or the limit is
// not known yet: the server then says so itself).
export function oversizeText(file, limitBytes) {
  if (!limitBytes || !file || file.size <= limitBytes) return ''
  return '文件超过 ' + Math.floor(limitBytes / 1048576) + ' MB，无法上传'
}

// entry id → the latest attachment of this kind that shows that ledger entry, withdrawn ones
// left out.
export function attachmentsByEntry(attachments, kind) {
  const byEntry = new Map()
  for (const a of attachments || []) {
    if (a.kind !== kind || a.withdrawn || !a.entry_id) continue
    const seen = byEntry.get(a.entry_id)
    if (!seen || a.id > seen.id) byEntry.set(a.entry_id, a)
  }
  return byEntry
}
