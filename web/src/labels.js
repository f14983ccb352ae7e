// Chinese names for the API's codes, and the Chinese reason for a blocked action.

export const roleNames = {
  manager: '项目负责人', finance: '财务', supervisor: '督查', admin: '系统管理员',
}

export const alertLevelNames = { due_soon: '即将到期', overdue: '已逾期', escalated: '逾期升级' }
export const alertStateNames = { open: '待处理', acked: '已阅', resolved: '已解除' }
// The 台账 reports by export kind (GET /api/v1/exports/{kind}).
export const exportNames = {
  ledger: '扶贫项目资金台账', spending: '资金支出进度表', plan: '工作方案任务进度表',
  overdue: '逾期预警日报', journal: '资金记账流水',
}

export const fundSourceNames = {
  central: '中央财政专项扶贫资金', region: '自治区财政专项扶贫资金', city: '市级财政专项扶贫资金',
  county: '县级财政专项扶贫资金', guangdong_cooperation: '粤桂扶贫协作资金',
  integrated: '统筹整合涉农资金', social: '社会帮扶资金',
}

// The server's details read "中文 (English)"; the user sees the Chinese part only.
export function chineseOnly(text) {
  return String(text || '').replace(/\s*\([^()]*[A-Za-z][^()]*\)\s*$/, '').trim()
}

// blocker: {guard, field?, detail}; fieldLabel(key) gives a field's Chinese label.
export function blockerText(blocker, fieldLabel = (k) => k) {
  switch (blocker.guard) {
    case 'scope': return '该事项不在您的管辖范围内'
    case 'role': {
      const m = /requires role (.*)$/.exec(blocker.detail || '')
      const roles = m ? m[1].split(/[\s,]+/).filter((r) => roleNames[r]) : []
      return roles.length ? '仅限' + roles.map((r) => roleNames[r]).join('、') + '操作'
        : '您的角色无权执行此操作'
    }
    case 'comment': return '须填写意见'
    case 'field': return '须填写“' + fieldLabel(blocker.field) + '”'
    case 'field_at_least': {
      const detail = chineseOnly(blocker.detail)
      return detail.replace(blocker.field, '“' + fieldLabel(blocker.field) + '”')
    }
    default: return chineseOnly(blocker.detail) || '条件未满足'
  }
}

// Message for an ApiError in Chinese: the problem's own Chinese text where it has one.
export function errorText(error) {
  if (!error) return ''
  const known = {
    version_conflict: '已被他人更新，已重新载入最新内容',
    forbidden: '您无权执行此操作',
    not_found: '该内容不存在',
    network: '无法连接服务器，请检查网络后重试',
    payload_too_large: '提交的内容过大',
    unsupported_media_type: '只能上传 JPEG、PNG、WebP、HEIC 照片或 PDF 文件，且文件内容须与类型相符',
    unavailable: '服务器繁忙，请稍后重试',
  }
  if (known[error.code]) return known[error.code]
  const detail = chineseOnly(error.detail)
  if (/[\u4e00-\u9fff]/.test(detail)) return detail
  const title = chineseOnly(error.title)
  if (/[\u4e00-\u9fff]/.test(title)) return title
  if (error.code === 'invalid_field') return '填写有误' + (error.field ? '：' + error.field : '') + (detail ? '（' + detail + '）' : '')
  if (error.code === 'guard_failed') return '条件未满足，无法执行'
  return '操作失败' + (detail ? '：' + detail : '')
}
