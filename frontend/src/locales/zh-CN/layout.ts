export default {
  collapse: '收起菜单',
  expand: '展开菜单',
  language: '语言',
  homeArea: '所属区域',
  systemWide: '全系统',
  userMenu: '用户菜单',
  skipToContent: '跳到主要内容',
}
