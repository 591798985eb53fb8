export default {
  home: {
    welcome: '{name}，您好',
    intro: '欢迎使用网格连心党建引领网格治理平台。',
    shortcuts: '常用功能',
  },
  profile: {
    info: '基本信息',
    username: '用户名',
    displayName: '姓名',
    phone: '联系电话',
    role: '角色',
    area: '所属区域',
    permissions: '权限',
    changePassword: '修改密码',
  },
  forbidden: {
    title: '无权访问',
    hint: '抱歉，您的账号没有访问此页面的权限。如需开通，请联系上级管理员。',
  },
  notFound: {
    title: '页面不存在',
    hint: '您访问的页面不存在或已被移除。',
  },
  audit: {
    at: '时间',
    actor: '操作人',
    action: '操作',
    entity: '对象',
    entityId: '对象编号',
    clientIp: 'IP 地址',
    requestId: '请求编号',
    changes: '变更内容',
    fileName: '操作日志',
    system: '系统',
  },
}
