import { expect, test } from '@playwright/test'
import { ADMIN_PASSWORD, DEMO_PASSWORD, shot, signIn, signInHome } from './helpers'

test('a wrong password is refused in Chinese on the sign-in page', async ({ page }) => {
  await signIn(page, 'community_admin', 'not-the-password')
  await expect(page.getByText('用户名或密码错误').or(page.getByText(/密码错误/))).toBeVisible()
  await expect(page).toHaveURL(/\/login/)
  await shot(page, '01-login-refused')
})

test('an expired access token is renewed without the user noticing', async ({ page }) => {
  // The server under test issues access tokens that live 20 seconds.
  await signInHome(page, 'street_admin', DEMO_PASSWORD)
  const refreshes: number[] = []
  page.on('response', (res) => {
    if (res.url().endsWith('/api/v1/auth/refresh')) refreshes.push(res.status())
  })
  await page.waitForTimeout(25_000)
  await page.locator('.el-menu').getByText('区域管理', { exact: true }).click()
  await expect(page).toHaveURL(/\/areas/)
  await expect(page.locator('.el-table').first()).toBeVisible()
  await expect(page.getByText('额肯呼都格镇').first()).toBeVisible()
  expect(refreshes.length).toBeGreaterThan(0)
  expect(refreshes.every((s) => s === 200)).toBe(true)
  await expect(page).not.toHaveURL(/\/login/)
})

test('a reload keeps the session; sign-out ends it', async ({ page }) => {
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await page.reload()
  await expect(page.locator('.el-menu').getByText('账号管理', { exact: true })).toBeVisible()
  await expect(page).not.toHaveURL(/\/login/)
  await shot(page, '02-workbench-admin')

  await page.getByRole('button', { name: '用户菜单' }).click()
  await page.getByRole('menuitem', { name: '退出登录' }).click()
  await page.getByRole('button', { name: '确定' }).click()
  await expect(page).toHaveURL(/\/login/)
  // The refresh cookie is gone with the session: a reload stays signed out.
  await page.goto('/areas')
  await expect(page).toHaveURL(/\/login\?redirect=/)
})
