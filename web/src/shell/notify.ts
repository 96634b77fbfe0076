import { notifications } from '@mantine/notifications';
import i18n from '../i18n/index.ts';

/** How long a confirmation stays, whether or not the pointer rests on it. */
const SHOWN_MS = 5000;
/** A page change this long after a confirmation is the person moving on: it goes. */
const OUTLIVES_NAVIGATION_MS = 1500;

const shownAt = new Map<string, number>();

/**
 * A short confirmation ("saved", "sent"). It closes after SHOWN_MS even while the pointer rests on
 * it (Mantine's own timer pauses on hover), and it does not follow the person to the next page:
 * see dismissStaleNotifications.
 */
export function notifySuccess(message: string): void {
  const id = notifications.show({
    color: 'green',
    title: i18n.t('common.doneTitle'),
    message,
    autoClose: false,
    onClose: () => shownAt.delete(id),
  });
  shownAt.set(id, Date.now());
  setTimeout(() => notifications.hide(id), SHOWN_MS);
}

/**
 * Called when a navigation completes: a confirmation shown just before it (the action that led
 * here) stays; older ones belong to the page the person left.
 */
export function dismissStaleNotifications(now = Date.now()): void {
  for (const [id, at] of shownAt) {
    if (now - at > OUTLIVES_NAVIGATION_MS) {
      notifications.hide(id);
      shownAt.delete(id);
    }
  }
}
