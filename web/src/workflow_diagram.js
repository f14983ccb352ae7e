// The layout of a workflow diagram: stages one under another in their declared order, each
// transition an arrow from its source stage to its target, forward arrows on the right, backward
// (rejections, returns) on the left, each arrow in its own lane so none overlaps another.
import { formatYuan } from './format.js'
import { roleNames } from './labels.js'

export const stageHeight = 44
export const stageGap = 24
export const laneWidth = 14

// Chinese text of one guard of `requires`; fieldLabel(key) gives a field's label.
export function guardText(g, fieldLabel = (k) => k) {
  switch (g.guard) {
    case 'comment': return '须填写意见'
    case 'field': return '须填写“' + fieldLabel(g.field) + '”'
    case 'field_at_least': return '“' + fieldLabel(g.field) + '”不低于 ' + formatYuan(g.min) + ' 元' +
      (g.min_poor_village ? '（贫困村 ' + formatYuan(g.min_poor_village) + ' 元）' : '')
    case 'funds_allocated': return '已分配资金'
    case 'fully_disbursed': return '资金已全部拨付'
    case 'notice_passed:before': return '事前公示期满且无未处理异议'
    case 'notice_passed:after': return '事后公告期满且无未处理异议'
    default: {
      // A notice on one level's board: notice_passed:before:village → 村级公示期满且无未处理异议.
      const m = /^notice_passed:(before|after):(village|township|county)$/.exec(g.guard)
      if (!m) return g.guard
      const before = { village: '村级公示', township: '乡镇审核公示', county: '县级审批公示' }
      const after = { village: '村级事后公告', township: '乡镇事后公告', county: '县级事后公告' }
      return (m[1] === 'before' ? before : after)[m[2]] + '期满且无未处理异议'
    }
  }
}

export const rolesText = (roles) => (roles || []).map((r) => roleNames[r] || r).join('、')

// → {stages: [{id, name, y, final}], arrows: [{action, name, from, to, y1, y2, side, lane}],
//    height, lanes: {left, right}}. A transition from several stages gives one arrow each.
export function layoutWorkflow(def) {
  const index = new Map(def.stages.map((s, i) => [s.id, i]))
  const stages = def.stages.map((s, i) => ({ ...s, y: i * (stageHeight + stageGap) }))
  const arrows = []
  for (const t of def.transitions) {
    for (const from of t.from) {
      const a = index.get(from)
      const b = index.get(t.to)
      if (a === undefined || b === undefined) continue
      arrows.push({ action: t.action, name: t.name, from, to: t.to, a, b, side: b > a ? 'right' : 'left' })
    }
  }
  // Lanes: shorter arrows nearer the boxes; an arrow takes the first lane free over its span.
  const lanes = { left: [], right: [] }
  arrows.sort((x, y) => Math.abs(x.b - x.a) - Math.abs(y.b - y.a))
  for (const arrow of arrows) {
    const lo = Math.min(arrow.a, arrow.b)
    const hi = Math.max(arrow.a, arrow.b)
    const used = lanes[arrow.side]
    let lane = 0
    while (used[lane] && used[lane].some(([l, h]) => lo < h && l < hi)) lane++
    ;(used[lane] = used[lane] || []).push([lo, hi])
    arrow.lane = lane
    arrow.y1 = stages[arrow.a].y + stageHeight / 2 + (arrow.side === 'right' ? 6 : -6)
    arrow.y2 = stages[arrow.b].y + stageHeight / 2 + (arrow.side === 'right' ? -6 : 6)
  }
  return {
    stages, arrows,
    height: stages.length * (stageHeight + stageGap) - stageGap,
    lanes: { left: lanes.left.length, right: lanes.right.length },
  }
}
