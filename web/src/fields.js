// Item fields as a workflow declares them ({key, label, type, options, help, required}) and
// the conversion between what a form holds and what the API takes. Forms hold strings for
// numbers and money so that nothing a user types goes through a float.
import { parseYuanToFen, formatYuan } from './format.js'

export const fieldTypes = ['text', 'integer', 'amount_fen', 'date', 'choice', 'boolean']

// The declared fields of a definition. A definition without declarations still names the
// fields its guards need; those are offered as text (or integer for a threshold) under their key.
export function declaredFields(def) {
  if (def && Array.isArray(def.fields)) return def.fields
  const seen = new Map()
  for (const t of (def && def.transitions) || []) {
    for (const g of t.requires || []) {
      if ((g.guard === 'field' || g.guard === 'field_at_least') && !seen.has(g.field)) {
        const type = g.guard === 'field_at_least'
          ? (g.field.endsWith('_fen') ? 'amount_fen' : 'integer') : 'text'
        seen.set(g.field, { key: g.field, label: g.field, type, required: false })
      }
    }
  }
  return [...seen.values()]
}

export function fieldDecl(def, key) {
  return declaredFields(def).find((f) => f.key === key) || { key, label: key, type: 'text' }
}

export function fieldLabel(def, key) {
  return fieldDecl(def, key).label || key
}

// The keys a transition's guards need present.
export function requiredFieldKeys(transition) {
  return (transition.requires || [])
    .filter((g) => g.guard === 'field' || g.guard === 'field_at_least')
    .map((g) => g.field)
}

export function needsComment(transition) {
  return (transition.requires || []).some((g) => g.guard === 'comment')
}

export function toFormValue(decl, value) {
  if (value === null || value === undefined) return decl.type === 'boolean' ? false : ''
  switch (decl.type) {
    case 'amount_fen': return typeof value === 'number' ? formatYuan(value).replace(/,/g, '') : String(value)
    case 'integer': return String(value)
    case 'boolean': return value === true
    default: return String(value)
  }
}

// → {value} (undefined when left empty) or {error} in Chinese.
export function toApiValue(decl, formValue, required) {
  const empty = formValue === '' || formValue === null || formValue === undefined
  if (decl.type !== 'boolean' && empty) {
    return required ? { error: '请填写' + (decl.label || decl.key) } : { value: undefined }
  }
  switch (decl.type) {
    case 'integer': {
      const s = String(formValue).trim()
      if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) return { error: '请输入整数' }
      return { value: Number(s) }
    }
    case 'amount_fen': {
      const fen = parseYuanToFen(formValue)
      return fen === null ? { error: '请输入金额（元），最多两位小数' } : { value: fen }
    }
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(formValue) ? { value: formValue } : { error: '请选择日期' }
    case 'choice':
      if (decl.options && !decl.options.includes(formValue)) return { error: '请选择一项' }
      return { value: formValue }
    case 'boolean':
      return { value: formValue === true }
    default: {
      const s = String(formValue).trim()
      if (!s && required) return { error: '请填写' + (decl.label || decl.key) }
      return { value: s || undefined }
    }
  }
}

// A field's value as read on the item page.
export function displayValue(decl, value) {
  if (value === null || value === undefined || value === '') return '—'
  if (decl.type === 'amount_fen' && Number.isSafeInteger(value)) return formatYuan(value) + ' 元'
  if (decl.type === 'boolean' || typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}
