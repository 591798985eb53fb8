import { expect, type Page } from '@playwright/test'

export const ADMIN_PASSWORD = 'Admin@E2e-2026'
export const DEMO_PASSWORD = 'Gridlink@2026'

/** A day counted from today in the server's time zone, `YYYY-MM-DD`. */
export function day(offset: number): string {
  const date = new Date(Date.now() + offset * 86_400_000)
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(date)
}

/** Screenshots a user would look at, kept with the test results. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `out/screenshots/${name}.png`, fullPage: true, animations: 'disabled' })
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('用户名').fill(username)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** Signs in and waits for the workbench. */
export async function signInHome(page: Page, username: string, password: string): Promise<void> {
  await signIn(page, username, password)
  await expect(page.getByRole('menubar').or(page.locator('.el-menu')).first()).toBeVisible()
}

export async function openMenu(page: Page, name: string): Promise<void> {
  await page.locator('.el-menu').getByText(name, { exact: true }).click()
}
