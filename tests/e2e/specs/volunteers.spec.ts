import { expect, test, type Locator, type Page } from '@playwright/test'
import { apiLogin, apiPost, day, DEMO_PASSWORD, identityNumber, openMenu, shot, signInHome } from './helpers'

// A volunteer's hours from sign-up to certificate: the community generates
// shifts for a project (and adds, resizes and deletes one by hand), a
// volunteer registers in the app, is approved and signs up for the shift
// under way; on the spot the community checks them in and out from the
// roster and confirms the hours. The hours appear on
// 志愿服务记录, are corrected there (a record is never edited: the
// correction is a record of its own), count in the totals and on the
// volunteer's row, and end up on a printed 志愿服务证明 whose number and
// check code the public check confirms.
test.describe.configure({ mode: 'serial' })

const STAMP = Date.now().toString(36).slice(-5).toUpperCase()
const PROJECT = `社区环境整治志愿服务 ${STAMP}`
const VOLUNTEER = '邵雨桐'
const PHONE = `139${String(Date.now()).slice(-8)}`
const PASSWORD = 'Volunteer@2026'

let projectId = 0
let shiftId = 0
let volunteerId = 0
let volunteerNo = ''

async function confirm(page: Page, button: string): Promise<void> {
  await page.getByRole('dialog', { name: '操作确认' }).getByRole('button', { name: button }).click()
}

function rosterRow(page: Page): Locator {
  return page.getByTestId('roster-table').getByRole('row', { name: new RegExp(VOLUNTEER) })
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  const admin = await apiLogin(api, 'community_admin')
  const area = admin.user.area
  expect(area).not.toBeNull()
  const project = await apiPost<{ id: number }>(
    api,
    admin,
    '/api/v1/volunteer-projects',
    {
      title: PROJECT,
      category: 'sanitation',
      organiser_kind: 'community',
      area_id: area?.id,
      approval_mode: 'automatic',
      place: '社区党群服务中心',
      description: '清理楼道杂物、小广告，整治背街小巷环境卫生',
    },
    201,
  )
  projectId = project.id
  await apiPost(api, admin, `/api/v1/volunteer-projects/${projectId}/publish`, {})
  await api.dispose()
})

test('the community generates shifts with the generator and adds the one under way now', async ({ page, playwright }, testInfo) => {
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await page.goto(`/volunteer-projects/${projectId}`)
  await expect(page.getByTestId('project-title')).toHaveText(PROJECT)
  await page.getByTestId('shifts-generate').click()
  const dialog = page.getByRole('dialog', { name: '批量生成班次' })
  await expect(dialog).toBeVisible()
  await dialog.getByPlaceholder('开始日期').fill(day(1))
  await dialog.getByPlaceholder('结束日期').fill(day(2))
  await dialog.getByPlaceholder('结束日期').press('Enter')
  await expect(dialog.getByTestId('generate-preview')).toContainText('将生成 2 个班次')
  await dialog.getByRole('button', { name: '生成' }).click()
  await confirm(page, '生成')
  await expect(dialog).toBeHidden()
  const shifts = page.getByTestId('shift-table').locator('.el-table__body tr')
  await expect(shifts).toHaveCount(2)
  await expect(shifts.first()).toContainText(`${day(1)} 08:00–12:00`)

  // The generator makes whole days ahead; check-in needs a shift under way now.
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  const admin = await apiLogin(api, 'community_admin')
  const now = Date.now()
  const shift = await apiPost<{ id: number }>(
    api,
    admin,
    `/api/v1/volunteer-projects/${projectId}/shifts`,
    { starts_at: new Date(now - 5 * 60_000).toISOString(), ends_at: new Date(now + 115 * 60_000).toISOString(), places: 3 },
    201,
  )
  shiftId = shift.id
  await api.dispose()
  await page.reload()
  await expect(shifts).toHaveCount(3)
})

test('the community adds one shift with the dialog, changes its places and deletes it again', async ({ page }) => {
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await page.goto(`/volunteer-projects/${projectId}`)
  const shifts = page.getByTestId('shift-table').locator('.el-table__body tr')
  await expect(shifts).toHaveCount(3)

  await page.getByTestId('shifts-add').click()
  const dialog = page.getByRole('dialog', { name: '添加班次' })
  await expect(dialog).toBeVisible()
  await dialog.getByPlaceholder('选择开始时间').fill(`${day(3)} 18:00`)
  await dialog.getByPlaceholder('选择开始时间').press('Enter')
  // The end follows the start, four hours on.
  await expect(dialog.getByPlaceholder('选择结束时间')).toHaveValue(`${day(3)} 22:00`)
  await dialog.getByLabel('名额').fill('4')
  await dialog.getByLabel('名额').blur()
  await shot(page, '56-shift-add')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()
  await expect(shifts).toHaveCount(4)
  const added = shifts.filter({ hasText: `${day(3)} 18:00–22:00` })
  await expect(added).toHaveCount(1)
  await expect(added.locator('td').nth(1)).toHaveText('4')
  await expect(added.locator('td').nth(3)).toHaveText('4')

  await added.getByTestId('shift-edit').click()
  const edit = page.getByRole('dialog', { name: '编辑班次' })
  await expect(edit.getByPlaceholder('选择开始时间')).toHaveValue(`${day(3)} 18:00`)
  await edit.getByLabel('名额').fill('6')
  await edit.getByLabel('名额').blur()
  await shot(page, '57-shift-edit')
  await edit.getByRole('button', { name: '保存' }).click()
  await expect(edit).toBeHidden()
  await expect(added.locator('td').nth(1)).toHaveText('6')
  await expect(added.locator('td').nth(3)).toHaveText('6')
  await shot(page, '58-shifts')

  await added.getByTestId('shift-delete').click()
  await expect(page.getByRole('dialog', { name: '操作确认' })).toContainText(`${day(3)} 18:00–22:00`)
  await confirm(page, '删除')
  await expect(added).toHaveCount(0)
  await expect(shifts).toHaveCount(3)
})

test('a volunteer registers, is approved and signs up for the shift under way', async ({ playwright }, testInfo) => {
  expect(shiftId).toBeGreaterThan(0)
  const api = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL })
  const admin = await apiLogin(api, 'community_admin')
  const registration = await apiPost<{ username: string; volunteer: { id: number; volunteer_no: string; status: string } }>(
    api,
    null,
    '/api/v1/volunteers/register',
    {
      name: VOLUNTEER,
      phone: PHONE,
      id_number: identityNumber('199003'),
      password: PASSWORD,
      political_status: 'league_member',
      area_id: admin.user.area?.id,
      skills: ['环境整治'],
    },
    201,
  )
  expect(registration.volunteer.status).toBe('pending')
  volunteerId = registration.volunteer.id
  volunteerNo = registration.volunteer.volunteer_no
  await apiPost(api, admin, `/api/v1/volunteers/${volunteerId}/approve`, {})

  const volunteer = await apiLogin(api, registration.username, PASSWORD)
  const enrollment = await apiPost<{ status: string }>(api, volunteer, `/api/v1/shifts/${shiftId}/enrollments`, {}, 201)
  expect(enrollment.status).toBe('enrolled')
  await api.dispose()
})

test('on the spot the community checks the volunteer in and out and confirms the hours', async ({ page }) => {
  expect(volunteerId).toBeGreaterThan(0)
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await page.goto(`/volunteer-projects/${projectId}`)
  const row = page.getByTestId('shift-table').locator('.el-table__body tr').filter({ hasText: day(0) })
  await expect(row).toHaveCount(1)
  await row.getByTestId('shift-roster').click()
  const drawer = page.getByRole('dialog', { name: '班次名单' })
  await expect(drawer).toBeVisible()
  await expect(rosterRow(page)).toContainText('已报名')
  await rosterRow(page).getByRole('button', { name: '签到' }).click()
  await expect(rosterRow(page)).toContainText('已签到')
  await rosterRow(page).getByRole('button', { name: '签退' }).click()
  await expect(rosterRow(page)).toContainText('已签退')
  await shot(page, '60-roster-checked-out')
  await rosterRow(page).getByRole('button', { name: '确认时长' }).click()
  await expect(page.getByRole('dialog', { name: '操作确认' })).toContainText(VOLUNTEER)
  await confirm(page, '确认时长')
  await expect(rosterRow(page)).toContainText('时长已确认')
})

test('the record appears on 志愿服务记录 and is corrected by a record of its own', async ({ page }) => {
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await openMenu(page, '志愿服务记录')
  await expect(page.getByRole('heading', { name: '志愿服务记录' })).toBeVisible()
  const records = page.getByTestId('record-table')
  const original = records.locator('.el-table__body tr').filter({ hasText: VOLUNTEER })
  await expect(original).toHaveCount(1)
  await expect(original).toContainText(PROJECT)
  await expect(original).toContainText('报名签到')
  await expect(original).toContainText(volunteerNo)
  await expect(original).toContainText(day(0))
  await shot(page, '61-service-records')

  // Checked out within the same minute: the roster counted no time. The
  // organiser corrects it to the two hours actually served.
  await original.getByTestId('record-adjust').click()
  const dialog = page.getByRole('dialog', { name: '更正服务时长' })
  await expect(dialog).toContainText(VOLUNTEER)
  await dialog.getByRole('spinbutton', { name: '小时' }).fill('2')
  await dialog.getByRole('spinbutton', { name: '分钟' }).fill('0')
  await dialog.getByLabel('更正原因').fill('签到时手机没有信号，按纸质签到表补记：9:00 至 11:00')
  await shot(page, '62-record-adjust')
  await dialog.getByRole('button', { name: '更正' }).click()
  await expect(page.getByRole('dialog', { name: '操作确认' })).toContainText('更正为 2 小时')
  await confirm(page, '更正')
  await expect(dialog).toBeHidden()

  await page.goto(`/service-records?volunteer_id=${volunteerId}`)
  const rows = records.locator('.el-table__body tr')
  await expect(rows).toHaveCount(2)
  const adjustment = rows.filter({ hasText: '更正记录 #' })
  await expect(adjustment).toContainText('+120 分钟')
  await expect(adjustment).toContainText('签到时手机没有信号')
  await expect(rows.filter({ hasText: '报名签到' })).toContainText('2 小时')
  await expect(adjustment.getByTestId('record-adjust')).toHaveCount(0)
  await shot(page, '63-service-records-corrected')

  await page.getByRole('tab', { name: '时长统计' }).click()
  await expect(page).toHaveURL(/\/service-records\/totals/)
  const totals = page.getByTestId('totals-table').locator('.el-table__body tr').filter({ hasText: VOLUNTEER })
  await expect(totals).toContainText('2')
  await shot(page, '64-record-totals')
  await page.getByTestId('totals-group').getByText('月份').click()
  await expect(page).toHaveURL(/group_by=month/)
  await expect(page.getByTestId('totals-table')).toContainText(day(0).slice(0, 7))
  await shot(page, '65-record-totals-month')
})

test('a certificate is issued from the volunteer list, printed, and checks out as genuine', async ({ page, request }) => {
  await signInHome(page, 'community_admin', DEMO_PASSWORD)
  await openMenu(page, '志愿者')
  await page.getByLabel('关键词').fill(PHONE)
  await page.getByRole('button', { name: '查询' }).click()
  const row = page.locator('.volunteer-table .el-table__body tr').filter({ hasText: VOLUNTEER })
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('volunteer-hours')).toHaveText('2 小时')
  await shot(page, '66-volunteers-hours')
  // The ledger of the list as filtered, from the server.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: '导出' }).click()
  const ledger = await downloading
  expect(ledger.suggestedFilename()).toMatch(/^志愿者台账-\d{8}.*\.xlsx$/)
  expect(await ledger.failure()).toBeNull()

  await row.getByTestId('volunteer-issue').click()
  const dialog = page.getByRole('dialog', { name: '开具志愿服务证明' })
  await expect(dialog.getByTestId('issue-volunteer')).toContainText(VOLUNTEER)
  await expect(dialog.getByPlaceholder('开始日期')).toHaveValue(`${day(0).slice(0, 4)}-01-01`)
  await expect(dialog.getByPlaceholder('结束日期')).toHaveValue(day(0))
  await shot(page, '67-certificate-issue')
  await dialog.getByRole('button', { name: '开具并打印' }).click()

  await expect(page).toHaveURL(/\/certificates\/\d+\/print$/)
  const sheet = page.getByTestId('certificate-sheet')
  await expect(sheet).toContainText('志愿服务证明')
  await expect(page.getByTestId('certificate-body')).toContainText(`兹证明 ${VOLUNTEER}（志愿者编号 ${volunteerNo}）`)
  await expect(page.getByTestId('certificate-body')).toContainText('累计服务时长 2 小时')
  await expect(sheet).toContainText(PROJECT)
  const number = ((await page.getByTestId('certificate-no').textContent()) ?? '').replace('证明编号：', '').trim()
  const code = ((await page.getByTestId('certificate-code').textContent()) ?? '').replace('核验码：', '').trim()
  expect(number).toMatch(/^C\d{10}$/)
  expect(code).toHaveLength(8)
  await expect(sheet).toContainText(`/api/v1/certificates/${number}/verify?code=${code}`)
  await shot(page, '68-certificate-print')
  // The whole A4 sheet, which the layout scrolls inside its main area.
  await sheet.screenshot({ path: 'out/screenshots/68-certificate-sheet.png', animations: 'disabled' })
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.sidebar')).toBeHidden()
  await expect(page.getByTestId('certificate-print')).toBeHidden()
  await shot(page, '69-certificate-print-media')
  await page.emulateMedia({ media: 'screen' })

  // The public check needs no sign-in; a wrong code is simply not genuine.
  const genuine = await request.get(`/api/v1/certificates/${number}/verify?code=${code}`)
  expect(genuine.status()).toBe(200)
  const verified = await genuine.json()
  expect(verified.genuine).toBe(true)
  expect(verified.certificate).toMatchObject({ certificate_no: number, volunteer_name: VOLUNTEER, volunteer_no: volunteerNo, hours: 2 })
  const forged = await request.get(`/api/v1/certificates/${number}/verify?code=${code === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}`)
  expect((await forged.json()).genuine).toBe(false)

  await page.goto('/certificates')
  await page.getByLabel('关键词').fill(VOLUNTEER)
  await page.getByRole('button', { name: '查询' }).click()
  const listed = page.getByTestId('certificate-table').locator('.el-table__body tr').filter({ hasText: number })
  await expect(listed).toHaveCount(1)
  await expect(listed).toContainText('2 小时')
  await shot(page, '70-certificates')
})

test("the hospital's contact organises a project as their unit and adds its shift", async ({ page }) => {
  const title = `健康义诊进社区 ${STAMP}`
  await signInHome(page, 'unit_contact', DEMO_PASSWORD)
  await openMenu(page, '志愿服务项目')
  await page.getByRole('button', { name: '新建项目' }).click()
  const dialog = page.getByRole('dialog', { name: '新建志愿服务项目' })
  await expect(dialog).toBeVisible()
  // The organiser is their own unit, not a choice.
  await expect(dialog.getByTestId('project-own-unit')).toHaveText('本单位')
  await expect(dialog.getByText('组织方类型')).toHaveCount(0)
  await dialog.getByLabel('项目名称').fill(title)
  await dialog.getByLabel('服务类别').click()
  await page.getByRole('option', { name: '敬老爱幼助残' }).click()
  await dialog.getByLabel('服务社区/网格').click()
  await dialog.getByLabel('服务社区/网格').fill('巴丹吉林社区')
  await page.getByRole('treeitem').getByText('巴丹吉林社区', { exact: true }).click()
  await shot(page, '59-unit-project-form')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()
  // A new project opens on its own page, as a draft, to add its shifts.
  await expect(page.getByTestId('project-title')).toHaveText(title)
  await expect(page.getByText('阿拉善右旗人民医院').first()).toBeVisible()
  await page.getByTestId('shifts-add').click()
  const shift = page.getByRole('dialog', { name: '添加班次' })
  await shift.getByPlaceholder('选择开始时间').fill(`${day(5)} 09:00`)
  await shift.getByPlaceholder('选择开始时间').press('Enter')
  await shift.getByRole('button', { name: '保存' }).click()
  await expect(shift).toBeHidden()
  const rows = page.getByTestId('shift-table').locator('.el-table__body tr')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText(`${day(5)} 09:00–13:00`)
  await shot(page, '60-unit-project')
})
