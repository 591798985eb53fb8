import { expect, test } from '@playwright/test'
import { apiGet, apiLogin, apiPost, day, DEMO_PASSWORD, identityNumber, openMenu, shot, signInHome } from './helpers'

// Pairing assistance (结对帮扶): the community enters a household in
// difficulty in the first grid and pairs the district hospital with it. The
// grid worker, on a phone at the door, records a visit with a photo and sees
// it on the household's timeline; the community admin reads the identity
// number in full with a reason, and the audit log shows who read it and why.
test.describe.configure({ mode: 'serial' })

const STAMP = Date.now().toString(36).slice(-4).toUpperCase()
const HEAD = `韩秀英${STAMP}`
const HOSPITAL = '阿拉善右旗人民医院'
const CONTENT = `送去米面油和冬衣，了解老人身体情况 ${STAMP}`
const REASON = `核对低保年审材料 ${STAMP}`
const PHONE = `139${String(Date.now()).slice(-8)}`
const WISH = `一个新书包和一套文具 ${STAMP}`

/** A 1×1 PNG: the server checks that the bytes are an image of the type sent. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** Born in 1949, a year no other spec uses. */
const ID_NUMBER = identityNumber(`19490${1 + (Date.now() % 9)}`)
let householdId = 0
let householdNo = ''

test.beforeAll(async ({ playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  const admin = await apiLogin(api, 'community_admin')
  const worker = await apiLogin(api, 'grid_worker')
  const grid = worker.user.area
  expect(grid?.code).toBe('152922100001001')

  const household = await apiPost<{ id: number; household_no: string; id_number: string | null }>(
    api,
    admin,
    '/api/v1/households',
    {
      head_name: HEAD,
      id_number: ID_NUMBER,
      phone: PHONE,
      situation: '独居，患高血压，靠低保生活',
      members: [{ name: '韩小军', relation: '儿子', age: 45 }],
      area_id: grid?.id,
      address: '巴丹吉林社区 3 号楼 2 单元 101',
      categories: ['elderly_alone', 'minimum_living'],
    },
    201,
  )
  householdId = household.id
  householdNo = household.household_no
  expect(household.id_number).not.toBe(ID_NUMBER)

  const units = await apiGet<{ items: { id: number; name: string }[] }>(api, admin, `/api/v1/units?q=${encodeURIComponent(HOSPITAL)}`)
  const hospital = units.items.find((unit) => unit.name === HOSPITAL)
  expect(hospital).toBeDefined()
  await apiPost(
    api,
    admin,
    '/api/v1/pairings',
    { household_id: householdId, unit_id: hospital?.id, visit_interval_days: 30, plan: '每月上门走访一次，协助办理低保年审' },
    201,
  )
  await apiPost(api, admin, '/api/v1/wishes', { household_id: householdId, title: WISH, description: '孩子今年秋季上一年级' }, 201)
  await api.dispose()
})

test('a grid worker records a visit with a photo on a phone, and it shows on the timeline', async ({ page }) => {
  expect(householdId).toBeGreaterThan(0)
  await page.setViewportSize({ width: 375, height: 667 })
  await signInHome(page, 'grid_worker', DEMO_PASSWORD)

  // The ledger masks what is sensitive, and a grid worker has no way to unmask it.
  await page.goto(`/households?q=${encodeURIComponent(HEAD)}`)
  const row = page.getByTestId('household-table').locator('.el-table__body tr').filter({ hasText: householdNo })
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('masked-id')).toHaveText(/^\d{3}\*+\w{4}$/)
  await expect(row.getByTestId('masked-id')).not.toHaveText(ID_NUMBER)
  await expect(page.getByTestId('household-reveal')).toHaveCount(0)
  await shot(page, '80-household-ledger-phone')

  await page.goto(`/households/${householdId}`)
  await expect(page.getByTestId('household-title')).toContainText(HEAD)
  const card = page.getByTestId('pairing-card')
  await expect(card).toContainText(HOSPITAL)
  await expect(card).toContainText('尚未走访')

  await page.getByTestId('visit-create').click()
  const dialog = page.getByRole('dialog', { name: '记录走访' })
  await expect(dialog).toBeVisible()
  // Full screen on a phone: nothing sticks out sideways.
  const box = await dialog.boundingBox()
  expect(box?.width ?? 0).toBeLessThanOrEqual(375)
  await expect(dialog.getByPlaceholder('请选择走访日期')).toHaveValue(day(0))
  await dialog.getByText('送物资', { exact: true }).click()
  await dialog.getByLabel('帮扶内容').fill(CONTENT)
  await dialog.getByLabel('帮扶成效').fill('老人表示感谢，血压平稳')
  await dialog.getByPlaceholder('选填', { exact: true }).fill(day(14))
  await dialog.getByPlaceholder('选填', { exact: true }).press('Enter')
  await dialog.getByTestId('visit-photo-input').setInputFiles([{ name: 'visit.png', mimeType: 'image/png', buffer: PNG }])
  await expect(dialog.getByTestId('visit-photos')).toContainText('已选 1/9 张')
  await shot(page, '81-visit-form-phone')
  await dialog.getByTestId('visit-submit').click()
  await expect(dialog).toBeHidden()

  const timeline = page.getByTestId('visit-timeline')
  const entry = timeline.getByTestId('visit-item').filter({ hasText: CONTENT })
  await expect(entry).toHaveCount(1)
  await expect(entry).toContainText('送物资')
  await expect(entry).toContainText(day(0))
  await expect(entry).toContainText('老人表示感谢')
  await expect(entry).toContainText(day(14))
  await expect(entry).toContainText(HOSPITAL)
  await expect(entry.locator('[data-testid=visit-photo-thumbs] img')).toHaveCount(1)
  await expect(card).toContainText(day(0))
  await entry.scrollIntoViewIfNeeded()
  await shot(page, '82-visit-timeline-phone')
})

test('a community admin reads the identity number with a reason, and the audit log shows it', async ({ page }) => {
  expect(householdId).toBeGreaterThan(0)
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await page.goto(`/households/${householdId}`)
  await expect(page.getByTestId('household-title')).toContainText(HEAD)
  await expect(page.getByTestId('household-id-number')).not.toHaveText(ID_NUMBER)

  await page.getByTestId('household-reveal').click()
  const dialog = page.getByRole('dialog', { name: '查看敏感信息' })
  await expect(dialog).toContainText('每次查看都会记录查看人和原因')
  await dialog.getByTestId('reveal-submit').click()
  await expect(dialog).toContainText('请填写原因')
  await dialog.getByLabel('查看原因').fill(REASON)
  await dialog.getByTestId('reveal-submit').click()
  await expect(dialog.getByTestId('revealed-id')).toHaveText(ID_NUMBER)
  await expect(dialog.getByTestId('revealed-phone')).toHaveText(PHONE)
  await expect(dialog.getByTestId('revealed-situation')).toHaveText('独居，患高血压，靠低保生活')
  await shot(page, '83-household-reveal')
  await dialog.getByRole('button', { name: '关闭', exact: true }).click()
  await expect(dialog).toBeHidden()
  // Read once, in the dialog: the page itself still shows the masked number.
  await expect(page.getByTestId('household-id-number')).not.toHaveText(ID_NUMBER)

  await page.goto('/audit?entity=household&action=reveal')
  const entry = page.locator('.el-table__body tr').filter({ hasText: `困难家庭 #${householdId}` })
  await expect(entry.first()).toContainText('查看敏感信息')
  await expect(entry.first()).toContainText('community_admin')
  await entry.first().locator('.el-table__expand-icon').click()
  await expect(page.locator('.audit-changes').first()).toContainText(REASON)
  await shot(page, '84-audit-reveal')
})

test('a volunteer helper sees their pairings and claims a wish without seeing the family', async ({ page }) => {
  await signInHome(page, 'volunteer', DEMO_PASSWORD)
  await openMenu(page, '我的结对')
  // Due this week first; what is not due yet is under 全部结对.
  await expect(page.getByRole('tab', { name: '本周待走访' })).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('tab', { name: '全部结对' }).click()
  await expect(page.getByTestId('my-pairing').first()).toBeVisible()
  await shot(page, '85-my-pairings')

  await openMenu(page, '微心愿')
  const row = page.getByTestId('wish-table').locator('.el-table__body tr').filter({ hasText: WISH })
  await expect(row).toHaveCount(1)
  // The board is for the whole community: no household name or number on it.
  await expect(page.getByTestId('wish-table')).not.toContainText(HEAD)
  await expect(page.getByTestId('wish-table')).not.toContainText(householdNo)
  await row.getByTestId('wish-claim').click()
  await page.getByRole('dialog').getByRole('button', { name: '认领', exact: true }).click()
  await expect(row).toContainText('已认领')
  await expect(row.getByTestId('wish-claim')).toHaveCount(0)
  await shot(page, '86-wish-board-claimed')
})

test('the street sees its overdue visits, most overdue first', async ({ page }) => {
  await signInHome(page, 'street_admin', DEMO_PASSWORD)
  await openMenu(page, '走访逾期')
  const days = page.getByTestId('overdue-table').getByTestId('overdue-days')
  await expect(days.first()).toBeVisible()
  const shown = (await days.allTextContents()).map((text) => Number(text.replace(/\D/g, '')))
  expect(shown.length).toBeGreaterThan(0)
  expect(shown.every((n) => n > 0)).toBe(true)
  expect([...shown].sort((a, b) => b - a)).toEqual(shown)
  await shot(page, '87-overdue-visits')
})
