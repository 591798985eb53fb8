import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { apiLogin, apiPost, day, DEMO_PASSWORD, openMenu, shot, signIn, signInHome } from './helpers'

// The party-building supermarket (党建超市), "你点单，我接单": the hospital puts
// an item on the shelf, the community orders it, the hospital's contact
// accepts, starts and delivers it, and the community rates it and reads the
// whole timeline. A decline needs a reason, and a grid worker, who follows
// the services of the grid but does not rate them, gets no rating button.
test.describe.configure({ mode: 'serial' })

const STAMP = Date.now().toString(36).slice(-5).toUpperCase()
const ITEM = `家庭医生义诊进社区 ${STAMP}`
const SECOND_ITEM = `慢病用药咨询 ${STAMP}`

const COMMUNITY = '巴丹吉林社区'
const HOSPITAL = '阿拉善右旗人民医院'
const COMMUNITY_ADMIN_NAME = '巴丹吉林社区管理员'
const CONTACT_NAME = '旗人民医院联系人'

/** The hospital's contact puts an item on the shelf. */
async function shelveItem(api: APIRequestContext, title: string, quantity: number): Promise<number> {
  const contact = await apiLogin(api, 'unit_contact')
  const resource = await apiPost<{ id: number }>(
    api,
    contact,
    '/api/v1/resources',
    {
      category: 'skills',
      title,
      description: '三甲医院全科医生和护士到社区为居民测血压、血糖，解答用药问题',
      quantity,
      measure: '场',
      shelf: true,
    },
    201,
  )
  return resource.id
}

let serviceId = 0

function dialogNamed(page: Page, name: string): Locator {
  return page.getByRole('dialog', { name })
}

/** The inbox row of an order, found by the item's title. */
function inboxRow(page: Page, title: string): Locator {
  return page.getByTestId('service-table').getByRole('row', { name: new RegExp(title) })
}

/**
 * In sight in its table cell. A cell cuts what does not fit with an ellipsis,
 * and Chromium then paints nothing of the buttons that overflow while their
 * boxes stay where they were: so the cell must not overflow at all.
 */
async function expectInSight(button: Locator): Promise<void> {
  await expect(button).toBeVisible()
  const cell = button.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " cell ")][1]')
  const overflow = await cell.evaluate((element) => element.scrollWidth - element.clientWidth)
  expect(overflow, 'the actions overflow their cell').toBeLessThanOrEqual(0)
}

async function confirm(page: Page, button: string): Promise<void> {
  await page.getByRole('dialog', { name: '操作确认' }).getByRole('button', { name: button }).click()
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  await shelveItem(api, ITEM, 5)
  await api.dispose()
})

test('the community orders an item from the party-building supermarket', async ({ page }) => {
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await openMenu(page, '党建超市')
  await expect(page.getByRole('heading', { name: '党建超市' })).toBeVisible()
  await page.getByPlaceholder('搜索项目名称').fill(STAMP)
  await page.getByRole('button', { name: '查询' }).click()
  const card = page.getByTestId('shelf-card').filter({ hasText: ITEM })
  await expect(card).toHaveCount(1)
  await expect(card).toContainText(HOSPITAL)
  await expect(card).toContainText('剩 5 场 / 共 5 场')
  await expect(page.getByTestId('shelf-group').first()).toContainText('人才技能')
  await shot(page, '40-supermarket')

  await card.getByRole('button', { name: '点单' }).click()
  const dialog = dialogNamed(page, `点单：${ITEM}`)
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText(HOSPITAL)
  // The community's own area is filled in.
  await expect(dialog.locator('.el-form-item').filter({ hasText: '下单社区/网格' })).toContainText(COMMUNITY)
  await dialog.getByLabel('数量').fill('2')
  const wanted = dialog.getByLabel('期望完成日期')
  await wanted.fill(day(10))
  await wanted.press('Enter')
  await dialog.getByLabel('备注').fill('请安排在周六上午，地点社区党群服务中心二楼')
  await shot(page, '41-shelf-order-form')
  await dialog.getByRole('button', { name: '点单' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText(`已下单，等待“${HOSPITAL}”接单`)).toBeVisible()

  await openMenu(page, '服务清单')
  const row = inboxRow(page, ITEM)
  await expect(row).toContainText('待接单')
  await expect(row).toContainText(COMMUNITY)
  await expect(row).toContainText('2 场')
  await expect(row).toContainText(day(10))
  await shot(page, '42-services-ordered')

  await row.getByRole('link', { name: ITEM }).click()
  await expect(page).toHaveURL(/\/services\/\d+$/)
  serviceId = Number(page.url().split('/').pop())
  await expect(page.getByTestId('service-title')).toHaveText(ITEM)
  await expect(page.getByTestId('service-info')).toContainText('请安排在周六上午')
  await expect(page.getByTestId('service-timeline')).toContainText('下单')
  await shot(page, '43-service-ordered')
})

test('the hospital’s contact accepts the order, starts the service and delivers it', async ({ page }) => {
  expect(serviceId).toBeGreaterThan(0)
  await signIn(page, 'unit_contact', DEMO_PASSWORD)
  await expect(page.getByTestId('unit-name')).toHaveText(HOSPITAL)
  await openMenu(page, '接单中心')
  await expect(page.getByRole('heading', { name: '接单中心' })).toBeVisible()
  const row = inboxRow(page, ITEM)
  await expect(row).toContainText('待接单')
  await expect(row).toContainText(COMMUNITY)
  await shot(page, '44-inbox-ordered')

  // Both answers to an order are in sight in the row, not hidden behind an ellipsis.
  await expectInSight(row.getByTestId('service-accept'))
  await expectInSight(row.getByTestId('service-decline'))
  await row.getByTestId('service-accept').click()
  await expect(page.getByRole('dialog', { name: '操作确认' })).toContainText('接单后将占用资源 2 场')
  await confirm(page, '接单')
  await expect(row).toHaveCount(0)

  await page.getByRole('tab', { name: '待开始' }).click()
  await expect(page).toHaveURL(/tab=accepted/)
  await expect(row).toContainText('已接单')
  await row.getByTestId('service-start').click()
  await confirm(page, '开始服务')
  await expect(row).toHaveCount(0)

  await page.getByRole('tab', { name: '服务中' }).click()
  await expect(row).toContainText('服务中')
  await shot(page, '45-inbox-in-progress')
  await row.getByTestId('service-deliver').click()
  const dialog = dialogNamed(page, '交付服务')
  await expect(dialog.getByLabel('交付日期')).toHaveValue(day(0))
  await dialog.getByLabel('参与人数').fill('6')
  await dialog.getByLabel('受益人数').fill('85')
  await dialog.getByLabel('服务情况').fill('测量血压血糖 85 人次，发放健康手册 60 份，建立家庭医生签约 12 户')
  await shot(page, '46-deliver-form')
  await dialog.getByRole('button', { name: '交付' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText('已交付，等待社区评价')).toBeVisible()
  await expect(row).toHaveCount(0)

  // The contact finds it again in their unit's 服务清单 (the inbox keeps only
  // what is still to do), and the breadcrumb leads back there.
  await openMenu(page, '服务清单')
  const history = inboxRow(page, ITEM)
  await expect(history).toContainText('已交付')
  await history.getByRole('link', { name: ITEM }).click()
  await expect(page).toHaveURL(new RegExp(`/services/${serviceId}$`))
  await expect(page.getByTestId('service-title')).toHaveText(ITEM)
  await expect(page.locator('.service-detail__head')).toContainText('已交付')
  await expect(page.getByTestId('service-delivery')).toContainText('85')
  await expect(page.getByTestId('service-rate')).toHaveCount(0)
  await shot(page, '47-service-delivered-unit')
})

test('the community rates the delivered service and reads the whole timeline', async ({ page }) => {
  expect(serviceId).toBeGreaterThan(0)
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await openMenu(page, '服务清单')
  const row = inboxRow(page, ITEM)
  await expect(row).toContainText('已交付')
  await row.getByRole('link', { name: ITEM }).click()
  await expect(page).toHaveURL(new RegExp(`/services/${serviceId}$`))

  await page.getByTestId('service-rate').click()
  const dialog = dialogNamed(page, '评价服务')
  // No stars, no rating.
  await dialog.getByRole('button', { name: '评价' }).click()
  await expect(dialog.locator('.el-form-item__error')).toHaveText('请选择评分')
  await dialog.getByRole('slider', { name: '评分' }).locator('.el-rate__item').nth(4).click()
  await expect(dialog.getByRole('slider', { name: '评分' })).toHaveAttribute('aria-valuenow', '5')
  // Choosing the stars clears the complaint at once.
  await expect(dialog.locator('.el-form-item__error')).toHaveCount(0)
  await dialog.getByLabel('评价').fill('医生耐心细致，居民反响很好，希望每季度来一次')
  await shot(page, '48-rate-form')
  await dialog.getByRole('button', { name: '评价' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText('评价已提交，服务已关闭')).toBeVisible()

  await expect(page.locator('.service-detail__head')).toContainText('已评价')
  await expect(page.getByTestId('service-rate')).toHaveCount(0)
  await expect(page.getByTestId('service-rating')).toContainText('每季度来一次')

  const entries = page.getByTestId('service-timeline').locator('.el-timeline-item')
  await expect(entries).toHaveCount(5)
  const expected: [string, string, string][] = [
    ['下单', COMMUNITY_ADMIN_NAME, '待接单'],
    ['接单', CONTACT_NAME, '待接单 → 已接单'],
    ['开始服务', CONTACT_NAME, '已接单 → 服务中'],
    ['交付', CONTACT_NAME, '服务中 → 已交付'],
    ['评价', COMMUNITY_ADMIN_NAME, '已交付 → 已评价'],
  ]
  for (const [index, [action, actor, move]] of expected.entries()) {
    const entry = entries.nth(index)
    await expect(entry).toContainText(action)
    await expect(entry).toContainText(actor)
    await expect(entry).toContainText(move)
    // Dates as people write them, not ISO stamps.
    await expect(entry.locator('.el-timeline-item__timestamp')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  }
  // The page scrolls inside the layout: a taller window shows the rating under the delivery.
  await page.setViewportSize({ width: 1280, height: 1000 })
  await expect(page.getByTestId('service-rating')).toBeInViewport()
  await shot(page, '49-service-closed-timeline')
})

test('declining an order needs a reason, which the community then reads', async ({ page, playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  const resourceId = await shelveItem(api, SECOND_ITEM, 3)
  const admin = await apiLogin(api, 'community_admin')
  const ordered = await apiPost<{ id: number }>(
    api,
    admin,
    '/api/v1/services',
    { resource_id: resourceId, area_id: admin.user.area?.id, quantity: 1, note: '社区老年人较多' },
    201,
  )
  await api.dispose()

  await signIn(page, 'unit_contact', DEMO_PASSWORD)
  await expect(page.getByTestId('unit-name')).toHaveText(HOSPITAL)
  await openMenu(page, '接单中心')
  const row = inboxRow(page, SECOND_ITEM)
  await row.getByTestId('service-decline').click()
  const prompt = page.getByRole('dialog', { name: '拒单' })
  await expect(prompt).toContainText(`拒绝“${COMMUNITY}”的“${SECOND_ITEM}”订单`)
  await prompt.getByRole('button', { name: '拒单' }).click()
  await expect(prompt).toContainText('请填写原因')
  await expect(prompt).toBeVisible()
  await shot(page, '50-decline-needs-reason')

  await prompt.getByRole('textbox').fill('本月医生已排满下乡巡诊，下月可再约')
  await prompt.getByRole('button', { name: '拒单' }).click()
  await expect(prompt).toBeHidden()
  await expect(page.getByText('已拒单', { exact: true }).first()).toBeVisible()
  await expect(row).toHaveCount(0)

  await page.goto(`/services/${ordered.id}`)
  await expect(page.locator('.service-detail__head')).toContainText('已拒单')
  const reason = page.getByTestId('service-info').locator('tr').filter({ hasText: '拒单原因' })
  await expect(reason).toContainText('本月医生已排满下乡巡诊')
  const last = page.getByTestId('service-timeline').locator('.el-timeline-item').last()
  await expect(last).toContainText('拒单')
  await expect(last).toContainText('待接单 → 已拒单')
  await expect(last).toContainText('本月医生已排满下乡巡诊')
  await shot(page, '51-service-declined')
})

test('a grid worker follows a delivered service of the grid but has no rating button', async ({ page, playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  const resourceId = await shelveItem(api, `${SECOND_ITEM} 网格场`, 2)
  const worker = await apiLogin(api, 'grid_worker')
  const admin = await apiLogin(api, 'community_admin')
  const contact = await apiLogin(api, 'unit_contact')
  const ordered = await apiPost<{ id: number }>(api, admin, '/api/v1/services', {
    resource_id: resourceId,
    area_id: worker.user.area?.id,
  }, 201)
  const path = `/api/v1/services/${ordered.id}`
  await apiPost(api, contact, `${path}/accept`, {})
  await apiPost(api, contact, `${path}/start`, {})
  await apiPost(api, contact, `${path}/deliver`, { delivered_on: day(0), participants: 2 })
  await api.dispose()

  await signInHome(page, 'grid_worker', DEMO_PASSWORD)
  await openMenu(page, '服务清单')
  const row = inboxRow(page, `${SECOND_ITEM} 网格场`)
  await expect(row).toContainText('已交付')
  await row.getByRole('link', { name: `${SECOND_ITEM} 网格场` }).click()
  await expect(page.locator('.service-detail__head')).toContainText('已交付')
  await expect(page.getByTestId('service-timeline').locator('.el-timeline-item')).toHaveCount(4)
  await expect(page.getByTestId('service-rate')).toHaveCount(0)
  await expect(page.locator('.service-detail__head').getByRole('button', { name: '评价' })).toHaveCount(0)
  await shot(page, '52-grid-worker-delivered')
})
