import { expect, type APIRequestContext, type Page } from '@playwright/test'

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

/** An account signed in through the API, to set a scene up before the browser plays it. */
export interface Session {
  token: string
  user: { id: number; area: { id: number; code: string; name: string } | null }
}

export async function apiLogin(api: APIRequestContext, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const response = await api.post('/api/v1/auth/login', { data: { username, password } })
  expect(response.status(), await response.text()).toBe(200)
  const body = await response.json()
  return { token: body.access_token, user: body.user }
}

/** A POST as `who` (or without a token) that must answer `status`; its JSON body. */
export async function apiPost<T>(api: APIRequestContext, who: Session | null, path: string, data: unknown, status = 200): Promise<T> {
  const headers = who ? { Authorization: `Bearer ${who.token}` } : undefined
  const response = await api.post(path, { data, headers })
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status)
  return (await response.json()) as T
}

export async function apiGet<T>(api: APIRequestContext, who: Session, path: string): Promise<T> {
  const response = await api.get(path, { headers: { Authorization: `Bearer ${who.token}` } })
  expect(response.status(), `${path}: ${await response.text()}`).toBe(200)
  return (await response.json()) as T
}

/**
 * A valid identity number (GB 11643-1999) of 阿拉善右旗 for someone born in
 * `yearMonth` (YYYYMM): the day and sequence vary with the clock, the check
 * character is computed.
 */
export function identityNumber(yearMonth: string): string {
  const body = `152922${yearMonth}${String(10 + (Date.now() % 18)).padStart(2, '0')}${String(Date.now() % 1000).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (weights[i] ?? 0), 0)
  return body + '10X98765432'[sum % 11]
}
