import { expect, test } from '@playwright/test'
import { ADMIN_PASSWORD, DEMO_PASSWORD, openMenu, shot, signInHome } from './helpers'

test('the audit trail and the profile page, in Chinese and in English', async ({ page }) => {
  await signInHome(page, 'street_admin', DEMO_PASSWORD)
  await openMenu(page, '操作日志')
  await expect(page.locator('.el-table')).toBeVisible()
  await shot(page, '13-audit')
  await openMenu(page, '个人中心')
  await expect(page.getByLabel('当前密码')).toBeVisible()
  await shot(page, '14-profile')
  await page.getByText('English', { exact: true }).click()
  await expect(page.locator('.el-menu').getByText('Areas', { exact: false }).first()).toBeVisible()
  await shot(page, '15-profile-english')
})

test('an unknown page shows the 404 page inside the app', async ({ page }) => {
  await signInHome(page, 'admin', ADMIN_PASSWORD)
  await page.goto('/no-such-page')
  await expect(page.getByText('404').or(page.getByText('页面不存在')).first()).toBeVisible()
  await shot(page, '16-not-found')
})
