// Public notices (公告公示): Chinese names, and the eleven contents prefilled from what an item
// already knows — its title, its village, who implements it, its fields — to be completed by hand.
import { formatYuan } from './format.js'

export const noticeLevelNames = { village: '村级', township: '乡镇', county: '县级' }
export const noticePhaseNames = { before: '事前公示', after: '事后公告' }
export const noticeStatusNames = { active: '公示中', passed: '公示期满', objection_open: '有未处理异议' }
export const objectionChannels = ['12317', '来电', '来信', '现场']

export const noticeContentLabels = [
  ['project_name', '项目名称'], ['location', '实施地点'], ['content', '建设内容'],
  ['subsidy_standard', '补助标准'], ['implementation_period', '实施期限'],
  ['implementer', '实施单位及责任人'], ['performance_target', '绩效目标'],
  ['beneficiary_households', '受益户数'], ['beneficiary_people', '受益人数'],
  ['poverty_mechanism', '带贫减贫机制'], ['hotline', '监督举报电话'],
]

// place: the unit names from the township down to the item's unit, e.g. ['泗顶镇', '吉照村'].
export function prefillContents(item, place = []) {
  const f = item.fields || {}
  const where = place.length ? place.join('') : item.org.name
  const contents = {
    project_name: item.title,
    location: where + (f.natural_village ? f.natural_village : ''),
    content: '',
    subsidy_standard: '',
    implementation_period: item.due_on ? item.created_at.slice(0, 10) + '至' + item.due_on : '',
    implementer: f.contractor ? f.contractor : item.org.name + (item.responsible ? '，责任人：' + item.responsible.name : ''),
    performance_target: '',
    beneficiary_households: '',
    beneficiary_people: '',
    poverty_mechanism: '',
    hotline: '12317、',
  }
  if (item.workflow === 'road' && f.length_m) {
    contents.content = '道路硬化，长' + f.length_m + '米' + (f.width_cm ? '，宽' + (f.width_cm / 100) + '米' : '')
  } else if (item.workflow === 'collective_economy' && f.industry) {
    contents.content = f.industry + (f.operation_mode ? '（' + f.operation_mode + '）' : '')
  } else if (item.workflow === 'housing_repair') {
    contents.content = '农村危房改造' + (f.repair_mode ? '（' + f.repair_mode + '）' : '') + (f.floor_area_m2 ? '，面积' + f.floor_area_m2 + '平方米' : '')
    contents.beneficiary_households = 1
  }
  if (f.subsidy_fen) contents.subsidy_standard = '每户补助' + formatYuan(f.subsidy_fen) + '元'
  if (Number.isInteger(f.households)) contents.beneficiary_households = f.households
  return contents
}

// The body of POST /api/v1/items/{id}/notices from the form; the two counts as integers.
// Returns {body} or {error} naming the first missing content in Chinese.
export function noticeBody(form) {
  const body = { level: form.level, phase: form.phase, posted_on: form.posted_on, period_days: Number(form.period_days) }
  for (const [key, label] of noticeContentLabels) {
    const v = form.contents[key]
    if (key === 'beneficiary_households' || key === 'beneficiary_people') {
      if (!/^\d+$/.test(String(v).trim())) return { error: '“' + label + '”须为整数' }
      body[key] = Number(String(v).trim())
    } else {
      if (!String(v || '').trim()) return { error: '请填写“' + label + '”' }
      body[key] = String(v).trim()
    }
  }
  return { body }
}
