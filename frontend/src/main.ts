import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './locales'
import { createAppRouter } from './router'
import { connectSession } from './router/session'
import { vPermission } from './directives/permission'
import './styles/index.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = createAppRouter()
connectSession(router)
app.use(router)
app.directive('permission', vPermission)
app.mount('#app')
