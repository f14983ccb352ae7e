// Reference data read once per page load: workflow definitions (per version, since an item
// keeps the version it was created with), the organisation, and the server's today.
import { get } from './api.js'
import { session } from './session.js'
import { shanghaiToday } from './format.js'

const definitions = new Map()
let summaries = null
let orgTree = null
let today = null

export async function workflowSummaries() {
  if (!summaries) summaries = get('/api/v1/workflows').then((r) => r.workflows)
  try { return await summaries } catch (e) { summaries = null; throw e }
}

export async function workflowDef(id, version) {
  const key = id + '@' + (version || 'current')
  if (!definitions.has(key)) {
    definitions.set(key, get('/api/v1/workflows/' + encodeURIComponent(id), version ? { version } : undefined))
  }
  try { return await definitions.get(key) } catch (e) { definitions.delete(key); throw e }
}

export function stageName(def, stageId) {
  const s = def && def.stages.find((x) => x.id === stageId)
  return s ? s.name : stageId
}

export function actionName(def, action) {
  if (action === 'create') return '创建'
  const t = def && def.transitions.find((x) => x.action === action)
  return t ? t.name : action
}

function flatten(units, depth = 0, out = []) {
  for (const u of units) {
    out.push({ ...u, depth })
    if (u.children) flatten(u.children, depth + 1, out)
  }
  return out
}

export async function orgs() {
  if (!orgTree) orgTree = get('/api/v1/orgs').then((r) => r.orgs)
  try { return await orgTree } catch (e) { orgTree = null; throw e }
}

// The units the signed-in user may choose: their own and those below them, or every
// township and village when they act township-wide (the county itself is not a place work
// is done).
export async function selectableUnits() {
  const all = flatten(await orgs())
  const mine = (session.user && session.user.orgs) || []
  if (!mine.length) return all.filter((u) => u.kind !== 'county')
  const out = []
  for (const own of mine) {
    const i = all.findIndex((u) => u.id === own.id)
    if (i < 0) continue
    out.push(all[i])
    for (let j = i + 1; j < all.length && all[j].depth > all[i].depth; j++) out.push(all[j])
  }
  return out
}

export async function villages() {
  return flatten(await orgs()).filter((u) => u.kind === 'village')
}

// The server's date (its clock may be set for a demo or training), from the morning report's
// as_of; the browser's date in Asia/Shanghai when that cannot be read.
export async function serverToday() {
  if (!today) {
    today = get('/api/v1/reports/overdue').then((r) => r.as_of || shanghaiToday(), () => shanghaiToday())
  }
  return today
}

export function resetCatalog() {
  definitions.clear()
  summaries = null
  orgTree = null
  today = null
}
