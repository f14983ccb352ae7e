// Whether the screen is phone-sized; pages switch tables to card lists below this width.
import { ref, onMounted, onBeforeUnmount } from 'vue'

const query = '(max-width: 767px)'

export function useNarrow() {
  const narrow = ref(typeof window !== 'undefined' && window.matchMedia(query).matches)
  let list = null
  const update = () => { narrow.value = list.matches }
  onMounted(() => {
    list = window.matchMedia(query)
    update()
    list.addEventListener('change', update)
  })
  onBeforeUnmount(() => list && list.removeEventListener('change', update))
  return narrow
}
