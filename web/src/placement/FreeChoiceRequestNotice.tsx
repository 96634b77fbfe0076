import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFreeChoiceRequest } from '../api/directions.ts';
import { formatDateTime, kindergartenName, useLanguage } from '../i18n/format.ts';

/**
 * The application's batched free-choice request (docs/rules.md, "Batched free choice"): while
 * open, that it is registered and when it is decided; then its outcome.
 */
export function FreeChoiceRequestNotice({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const query = useFreeChoiceRequest(applicationId);
  const request = query.data?.request;
  if (!request) return null;
  const params = {
    name: kindergartenName(request.kindergarten.name, lng),
    at: formatDateTime(request.decideAt),
    number: request.directionNumber ?? '',
  };
  if (request.outcome === null) {
    return (
      <Alert color="blue" variant="light" title={t('placement.freeChoiceRequest.openTitle')}>
        {t('placement.freeChoiceRequest.open', params)}
      </Alert>
    );
  }
  if (request.outcome === 'granted') {
    return (
      <Alert color="blue" variant="light" title={t('placement.freeChoiceRequest.grantedTitle')}>
        {t('placement.freeChoiceRequest.granted', params)}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" title={t('placement.freeChoiceRequest.notGrantedTitle')}>
      {t('placement.freeChoiceRequest.notGranted', params)}
    </Alert>
  );
}
