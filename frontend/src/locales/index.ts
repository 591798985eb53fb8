import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'
import zhCN from './zh-CN'
import en from './en'
import type { Messages } from './types'

export type Locale = 'zh-CN' | 'en'

export const LOCALES: readonly { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
]

const STORAGE_KEY = 'gridlink.locale'

function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en'
}

/** The saved choice, else Chinese: staff work in Chinese, whatever the browser says. */
function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (isLocale(saved)) return saved
  } catch {
    // storage may be unavailable (private mode); fall back to the default
  }
  return 'zh-CN'
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale)
  } catch {
    // not saved; the choice lasts until the page is reloaded
  }
}

/** Element Plus's own texts (pagination, date picker, dialogs) follow the language. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn))

/** Translate outside components (stores, helpers). */
export const t = i18n.global.t
export const te = i18n.global.te
