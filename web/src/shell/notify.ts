import { notifications } from '@mantine/notifications';
import i18n from '../i18n/index.ts';

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', title: i18n.t('common.doneTitle'), message });
}
