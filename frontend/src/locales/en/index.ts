import type { Messages } from '../types'
import common from './common'
import menu from './menu'
import auth from './auth'
import password from './password'
import layout from './layout'
import enums from './enums'
import errors from './errors'
import pages from './pages'
import areas from './areas'
import users from './users'

export default { common, menu, auth, password, layout, enums, errors, pages, areas, users } satisfies Messages
