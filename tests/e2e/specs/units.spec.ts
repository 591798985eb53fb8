import { writeFileSync } from 'node:fs'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { ADMIN_PASSWORD, day, DEMO_PASSWORD, openMenu, shot, signIn, signInHome } from './helpers'

// Joint-building units and their agreements: an admin registers a unit (the
// credit code is checked as it is typed), signs an agreement that ends within
// 30 days and finds it among those expiring, and imports units from a CSV
// file with one bad row; the hospital's contact lands on their own unit.
test.describe.configure({ mode: 'serial' })

/** GB 32100-2015: the check character over the first 17 characters. */
function creditCode(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  const sum = [...first17].reduce((total, char, i) => total + alphabet.indexOf(char) * (weights[i] ?? 0), 0)
  return first17 + alphabet.charAt((31 - (sum % 31)) % 31)
}

const UNIT = '阿拉善右旗气象局'
const GOOD_CODE = creditCode('11152922MB1234567')
const BAD_CODE = `${GOOD_CODE.slice(0, 17)}${GOOD_CODE.endsWith('0') ? '1' : '0'}`

function formItem(dialog: Locator, label: string): Locator {
  return dialog.locator('.el-form-item').filter({ has: dialog.page().getByLabel(label, { exact: true }) })
}

async function pickDate(dialog: Locator, label: string, value: string): Promise<void> {
  const input = dialog.getByLabel(label, { exact: true })
  await input.fill(value)
  await input.press('Enter')
}

async function pickArea(page: Page, dialog: Locator, label: string, name: string): Promise<void> {
  await dialog.getByLabel(label, { exact: true }).click()
  await dialog.getByLabel(label, { exact: true }).fill(name)
  await page.getByRole('treeitem').getByText(name, { exact: true }).click()
}

test('the admin registers a unit: a wrong credit code is caught as it is typed, the right one is accepted', async ({ page }) => {
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '共建单位')
  await expect(page.locator('.el-table').getByText('阿拉善右旗人民医院')).toBeVisible()
  await shot(page, '20-units')

  await page.getByRole('button', { name: '新增单位' }).click()
  const dialog = page.getByRole('dialog', { name: '新增共建单位' })
  await dialog.getByLabel('单位名称').fill(UNIT)
  await dialog.getByLabel('单位类型').click()
  await page.getByRole('option', { name: '党政机关' }).click()
  await pickArea(page, dialog, '所在区域', '巴丹吉林社区')
  // Typed in lower case: the field upper-cases it and checks the last character at once.
  await dialog.getByLabel('统一社会信用代码').fill(BAD_CODE.toLowerCase())
  await expect(dialog.getByLabel('统一社会信用代码')).toHaveValue(BAD_CODE)
  await expect(dialog.getByTestId('credit-code-state')).toHaveText('校验码不正确')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(formItem(dialog, '统一社会信用代码').locator('.el-form-item__error')).toHaveText('校验码不正确')
  await shot(page, '21-unit-credit-code-wrong')

  await dialog.getByLabel('统一社会信用代码').fill(GOOD_CODE)
  await expect(dialog.getByTestId('credit-code-state')).toHaveText('校验通过')
  await dialog.getByLabel('联系人', { exact: true }).fill('办公室主任')
  await dialog.getByLabel('联系电话', { exact: true }).fill('0483-6029999')
  await dialog.getByLabel('服务承诺').fill('为社区提供气象灾害预警信息，每年开展两次防灾减灾宣传')
  await shot(page, '22-unit-credit-code-right')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()

  const row = page.getByRole('row', { name: new RegExp(UNIT) })
  await expect(row).toContainText(GOOD_CODE)
  await expect(row).toContainText('党政机关')
  await row.getByRole('link', { name: UNIT }).click()
  await expect(page.getByTestId('unit-name')).toHaveText(UNIT)
  await expect(page.getByTestId('unit-commitment')).toContainText('气象灾害预警')
  await shot(page, '23-unit-detail')
})

test('the admin signs an agreement ending within 30 days and finds it among those expiring', async ({ page }) => {
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '共建协议')
  await expect(page.locator('.el-table')).toBeVisible()

  await page.getByRole('button', { name: '新增协议' }).click()
  const dialog = page.getByRole('dialog', { name: '新增共建协议' })
  await dialog.getByLabel('共建单位').click()
  await dialog.getByLabel('共建单位').fill('气象局')
  await page.getByRole('option', { name: new RegExp(UNIT) }).click()
  await pickArea(page, dialog, '社区', '巴丹吉林社区')
  await pickDate(dialog, '开始日期', day(-340))
  await pickDate(dialog, '结束日期', day(20))
  await pickDate(dialog, '签订日期', day(-345))
  await dialog.getByLabel('单位职责').fill('汛期前开展气象灾害防御培训')
  await dialog.getByLabel('社区职责').fill('组织网格员和居民参加培训')
  await dialog.getByRole('button', { name: '添加兼职委员' }).click()
  await dialog.getByLabel('姓名 1').fill('赵刚')
  await dialog.getByLabel('职务 1').fill('局党组成员')
  await dialog.getByLabel('联系电话 1').fill('13904837777')
  await shot(page, '24-agreement-form')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()

  const row = page.getByRole('row', { name: new RegExp(UNIT) })
  await expect(row).toContainText('草稿')
  await row.getByRole('button', { name: '生效' }).click()
  await page.getByRole('dialog', { name: '操作确认' }).getByRole('button', { name: '生效' }).click()
  await expect(row).toContainText('生效')
  await expect(row.getByTestId('expiring-tag')).toContainText('剩 20 天')

  await page.getByTestId('expiring-switch').click()
  await expect(page).toHaveURL(/expiring_within_days=30/)
  await expect(row).toBeVisible()
  await expect(row).toHaveClass(/agreement-row--expiring/)
  // Only active agreements ending within 30 days are listed.
  for (const status of await page.locator('.el-table__body .el-table__row').allInnerTexts()) {
    expect(status).toContain('即将到期')
  }
  await shot(page, '25-agreements-expiring')
})

test('the admin imports units from a CSV file: the dry run shows the bad row, the good rows are imported', async ({ page }, testInfo) => {
  const csv = testInfo.outputPath('units.csv')
  writeFileSync(
    csv,
    [
      '单位名称,单位类型,统一社会信用代码,联系人,联系电话,所属区域编码,服务网格编码,在职党员数',
      `阿拉善右旗图书馆,事业单位,${creditCode('12152922MB0000011')},王馆长,0483-6021111,152922100001,152922100001001,12`,
      `阿拉善右旗文化馆,事业单位,${creditCode('12152922MB0000012')},李馆长,0483-6021112,152922100001,152922100001002,8`,
      `阿拉善右旗体育馆,事业单位,${BAD_CODE},张馆长,0483-6021113,152922100001,,5`,
    ].join('\n') + '\n',
  )
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '共建单位')
  await page.getByRole('button', { name: '导入' }).click()
  const dialog = page.getByRole('dialog', { name: '导入共建单位' })
  await dialog.locator('input[type=file]').setInputFiles(csv)
  await expect(dialog).toContainText('units.csv')
  await dialog.getByRole('button', { name: '预检' }).click()

  const report = dialog.getByTestId('import-report')
  await expect(report).toContainText('共 3 行，有效 2 行')
  const bad = report.getByRole('row', { name: /统一社会信用代码/ })
  await expect(bad).toContainText('4')
  await expect(bad).toContainText('统一社会信用代码不正确')
  await shot(page, '26-import-dry-run')

  await dialog.getByRole('button', { name: '仅导入有效行' }).click()
  await page.getByRole('dialog', { name: '操作确认' }).getByRole('button', { name: '确定' }).click()
  await expect(dialog.getByTestId('import-result')).toHaveText(/已导入 2 个单位/)
  await shot(page, '27-import-result')
  await dialog.getByRole('button', { name: '完成' }).click()

  await page.getByLabel('关键词').fill('馆')
  await page.getByRole('button', { name: '查询' }).click()
  await expect(page.getByRole('row', { name: /阿拉善右旗图书馆/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /阿拉善右旗文化馆/ })).toBeVisible()
  await expect(page.getByRole('row', { name: /阿拉善右旗体育馆/ })).toHaveCount(0)
})

test('the hospital’s contact lands on their own unit and keeps its profile', async ({ page }) => {
  await signIn(page, 'unit_contact', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/units\/\d+$/)
  await expect(page.getByTestId('unit-name')).toHaveText('阿拉善右旗人民医院')
  await page.getByRole('button', { name: '维护本单位信息' }).click()
  const dialog = page.getByRole('dialog', { name: '维护本单位信息' })
  // The office's fields are not offered.
  await expect(dialog.getByLabel('统一社会信用代码')).toHaveCount(0)
  await dialog.getByLabel('在职党员').fill('40')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('unit-profile')).toContainText('40 人')
  await shot(page, '28-unit-contact-home')
})
