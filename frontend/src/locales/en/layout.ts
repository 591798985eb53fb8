import type { Messages } from '../types'

export default {
  collapse: 'Collapse menu',
  expand: 'Expand menu',
  language: 'Language',
  homeArea: 'Home area',
  systemWide: 'Whole system',
  userMenu: 'User menu',
  skipToContent: 'Skip to main content',
} satisfies Messages['layout']
