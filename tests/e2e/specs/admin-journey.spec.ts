import { expect, test, type Page } from '@playwright/test'
import { ADMIN_PASSWORD, openMenu, shot, signIn, signInHome } from './helpers'

// One story across the suite's server: an admin builds a community, a grid
// and a grid worker's account; the grid worker then signs in for the first time.
test.describe.configure({ mode: 'serial' })

let temporaryPassword = ''

async function pickTreeNode(page: Page, name: string): Promise<void> {
  await page.getByLabel('搜索区域').fill(name)
  await page.getByTestId('area-tree').getByText(name, { exact: true }).click()
}

test('the admin creates a community and a grid; a server validation error shows on its field', async ({ page }) => {
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '区域管理')
  await expect(page.getByTestId('area-tree')).toBeVisible()
  await shot(page, '03-areas')

  await pickTreeNode(page, '额肯呼都格镇')
  await page.getByRole('button', { name: '新增下级区域' }).click()
  const dialog = page.getByRole('dialog', { name: '新增区域' })
  await expect(dialog).toBeVisible()
  // A code another community already has: only the server knows, and says so under 编码.
  await dialog.getByLabel('编码').fill('152922100001')
  await dialog.getByLabel('名称').fill('新华社区')
  await dialog.getByRole('button', { name: '保存' }).click()
  const codeItem = dialog.locator('.el-form-item').filter({ has: page.getByLabel('编码') })
  await expect(codeItem.locator('.el-form-item__error')).toBeVisible()
  await shot(page, '04-area-form-server-error')

  await dialog.getByLabel('编码').fill('152922100009')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()

  await pickTreeNode(page, '新华社区')
  await expect(page.locator('.el-table').getByText('152922100009', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: '新增下级区域' }).click()
  await expect(dialog).toBeVisible()
  // The grid's own fields appear once the kind is known; fill each and check it
  // landed, so a slow render cannot send the text to a neighbouring field.
  const fields: [string, string][] = [
    ['编码', '152922100009001'],
    ['户数', '320'],
    ['人口', '860'],
    ['网格长', '周敏'],
    ['联系电话', '13904831234'],
    ['名称', '新华社区第1网格'],
  ]
  for (const [label, value] of fields) {
    const input = dialog.getByLabel(label)
    await expect(input).toBeVisible()
    await input.click()
    await input.fill(value)
    await expect(input).toHaveValue(value)
  }
  for (const [label, value] of fields) await expect(dialog.getByLabel(label)).toHaveValue(value)
  await shot(page, '05-grid-form')
  await dialog.getByRole('button', { name: '保存' }).click()
  await expect(dialog).toBeHidden()
  await pickTreeNode(page, '新华社区第1网格')
  await expect(page.locator('.el-table').getByText('152922100009001')).toBeVisible()
})

test('the admin creates a grid-worker account with a temporary password', async ({ page }) => {
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await openMenu(page, '账号管理')
  await expect(page.locator('.el-table')).toBeVisible()
  await shot(page, '06-users')

  await page.getByRole('button', { name: '新增账号' }).click()
  const dialog = page.getByRole('dialog', { name: '新增账号' })
  await dialog.getByLabel('账号').fill('xinhua_grid')
  await dialog.getByLabel('姓名').fill('李新华')
  await dialog.getByLabel('手机号').fill('13904835678')
  await dialog.getByLabel('角色').click()
  await page.getByRole('option', { name: '网格员' }).click()
  await dialog.getByLabel('所属区域').fill('新华社区第1网格')
  await page.getByRole('treeitem').getByText('新华社区第1网格', { exact: true }).click()
  await shot(page, '07-user-form')
  await dialog.getByRole('button', { name: '保存' }).click()

  const shown = page.getByTestId('temporary-password')
  await expect(shown).toBeVisible()
  temporaryPassword = (await shown.innerText()).trim()
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(8)
  await shot(page, '08-temporary-password')
  await page.getByRole('button', { name: '我已记下' }).click()
  await expect(page.getByRole('row', { name: /xinhua_grid/ })).toBeVisible()
})

test('the grid worker must change the password, then sees only their grid and no accounts', async ({ page }) => {
  expect(temporaryPassword, 'the account was created').not.toBe('')
  await signIn(page, 'xinhua_grid', temporaryPassword)
  await expect(page).toHaveURL(/password/)
  await shot(page, '09-forced-password-change')
  // No way around it.
  await page.goto('/areas')
  await expect(page).toHaveURL(/password/)

  await page.getByLabel('当前密码').fill(temporaryPassword)
  await page.getByLabel('新密码', { exact: true }).fill('Xinhua-2026')
  await page.getByLabel('确认新密码').fill('Xinhua-2026')
  await page.getByRole('button', { name: '修改密码' }).click()
  await expect(page).not.toHaveURL(/password/)

  const menu = page.locator('.el-menu')
  await expect(menu.getByText('区域管理', { exact: true })).toBeVisible()
  await expect(menu.getByText('账号管理', { exact: true })).toHaveCount(0)
  await expect(menu.getByText('操作日志', { exact: true })).toHaveCount(0)
  await shot(page, '10-grid-worker-home')

  await openMenu(page, '区域管理')
  const tree = page.getByTestId('area-tree')
  await expect(tree.getByText('新华社区第1网格', { exact: true })).toBeVisible()
  await expect(tree.getByText('额肯呼都格镇', { exact: true })).toHaveCount(0)
  await expect(page.locator('.el-table').getByText('152922100009001')).toBeVisible()
  await expect(page.locator('.el-table .el-table__row')).toHaveCount(1)
  await expect(page.getByRole('button', { name: '新增下级区域' })).toHaveCount(0)
  await shot(page, '11-grid-worker-areas')

  await page.goto('/users')
  await expect(page.getByText('403').or(page.getByText('无权访问')).first()).toBeVisible()
  await shot(page, '12-forbidden')
})
