export default {
  home: '工作台',
  areas: '区域管理',
  users: '账号管理',
  audit: '操作日志',
  profile: '个人中心',
  forbidden: '无权访问',
  notFound: '页面不存在',
  login: '登录',
  passwordChange: '修改初始密码',
}
