import type zhCN from './zh-CN'

/** The same keys as a string tree: every language must provide all of Chinese's. */
type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

export type Messages = Strings<typeof zhCN>
