import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { clearSession } from './session.js'
import { stopAlertStream } from './stream.js'
import './style.css'

// Any 401 means the session is gone (expired, revoked, or signed out elsewhere).
setUnauthorizedHandler(() => {
  const wasSignedIn = router.currentRoute.value.name !== 'login'
  clearSession()
  stopAlertStream()
  if (wasSignedIn) {
    const redirect = router.currentRoute.value.fullPath
    router.push({ name: 'login', query: { expired: '1', redirect } })
  }
})

createApp(App).use(router).mount('#app')
