// After a form is refused: move focus to its first invalid field, or to its error message, and
// scroll it to the middle of the screen so the message under it is in view (on a phone too).
import { tick } from 'svelte';

export async function focusFirstError(form: HTMLElement | null | undefined): Promise<void> {
  await tick();
  if (!form) return;
  const target = form.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form.querySelector<HTMLElement>('[data-form-error]');
  if (!target) return;
  if (target.hasAttribute('data-form-error')) target.tabIndex = -1;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: 'center', behavior: 'instant' });
}
