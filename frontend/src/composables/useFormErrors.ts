import { ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { fieldErrorMessages, type FieldErrorText } from '@/utils/errors'
import { notifyError } from '@/utils/notify'

export interface FormErrorOptions {
  /** Server field name → el-form-item `prop`, where they differ. */
  fieldMap?: Record<string, string>
  /** The form's own wording for some field errors; the general text otherwise. */
  describe?: FieldErrorText
}

/**
 * Shows server validation errors (422, and 409 `duplicate`) at their fields:
 * the `el-form-item` whose `prop` names the field shows the translated
 * message. What no item shows goes to a toast with the request id.
 *
 *   const formRef = ref<FormInstance>()
 *   const { submitting, submit } = useFormErrors(formRef)
 *   const onSubmit = () => submit(() => createArea(form))
 */
type FormField = NonNullable<ReturnType<FormInstance['getField']>>

/**
 * The item showing `prop`; an error on an entry of a list (`grid_ids.2`) that
 * has no item of its own shows at the list's item (`grid_ids`).
 */
function findField(form: FormInstance | undefined, prop: string): { field: FormField; prop: string } | undefined {
  let path = prop
  for (;;) {
    const field = form?.getField(path)
    if (field) return { field, prop: path }
    const cut = path.lastIndexOf('.')
    if (cut < 0) return undefined
    path = path.slice(0, cut)
  }
}

export function useFormErrors(formRef: Ref<FormInstance | undefined>, options: FormErrorOptions = {}) {
  const submitting = ref(false)

  function clear(): void {
    formRef.value?.clearValidate()
  }

  /** Places the field errors of `error`; true when at least one found its field. */
  function apply(error: unknown): boolean {
    const form = formRef.value
    const messages = fieldErrorMessages(error, options.fieldMap, options.describe)
    const placed: string[] = []
    let missed = false
    for (const [prop, message] of Object.entries(messages)) {
      const found = findField(form, prop)
      if (found) {
        found.field.validateState = 'error'
        found.field.validateMessage = message
        placed.push(found.prop)
      } else {
        missed = true
      }
    }
    if (placed.length === 0 || missed) notifyError(error)
    const first = placed[0]
    if (form && first !== undefined) form.scrollToField(first)
    return placed.length > 0
  }

  /**
   * Validates the form's own rules, runs `action`, and on failure shows the
   * server's errors. Resolves to the action's result, or undefined when the
   * form was invalid or the call failed.
   */
  async function submit<R>(action: () => Promise<R>): Promise<R | undefined> {
    const form = formRef.value
    if (submitting.value) return undefined
    if (form) {
      form.clearValidate()
      const valid = await form.validate().catch(() => false)
      if (!valid) return undefined
    }
    submitting.value = true
    try {
      return await action()
    } catch (error) {
      apply(error)
      return undefined
    } finally {
      submitting.value = false
    }
  }

  return { submitting, submit, apply, clear }
}
