import {
  Alert,
  Button,
  FileButton,
  Group,
  NativeSelect,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_MAX_COUNT, useBenefitCategories } from '../api/applications.ts';
import { problemMessage } from '../api/messages.ts';
import { formatFileSize, localName, useLanguage } from '../i18n/format.ts';
import { Msg } from '../i18n/message.tsx';
import type { UploadItem, Uploads } from './uploads.ts';

/** The files a proof may be: the server checks the content, this only narrows the picker. */
const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

function UploadRow({ item, onRemove }: { item: UploadItem; onRemove: () => void }) {
  const { t } = useTranslation();
  const percent = Math.round(item.progress * 100);
  return (
    <li className="upload-row" data-state={item.state}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Text fw={500} className="upload-name">
            {item.name}
          </Text>
          {item.state === 'uploading' ? (
            <>
              <Text size="sm">{t('apply.fileUploading', { percent })}</Text>
              <Progress.Root size="sm">
                <Progress.Section value={percent} aria-label={item.name} />
              </Progress.Root>
            </>
          ) : null}
          {item.state === 'done' ? (
            <Text size="sm" c="teal.9">
              {t('apply.fileUploaded', {
                size: formatFileSize(item.attachment?.size ?? item.size),
              })}
            </Text>
          ) : null}
          {item.state === 'failed' ? (
            <Text size="sm" c="red.9">
              {t('apply.fileFailed')}: <Msg message={problemMessage(item.error)} />
            </Text>
          ) : null}
        </Stack>
        <Button
          size="compact-sm"
          variant="default"
          onClick={onRemove}
          aria-label={t('apply.removeFile', { name: item.name })}
        >
          {t('apply.remove')}
        </Button>
      </Group>
    </li>
  );
}

/** The proof documents: chosen files are uploaded at once and listed with their state. */
export function AttachmentsField({ uploads, error }: { uploads: Uploads; error?: ReactNode }) {
  const { t } = useTranslation();
  const resetRef = useRef<() => void>(null);
  const hintId = useId();
  const errorId = useId();
  const titleId = useId();
  const full =
    uploads.items.filter((item) => item.state !== 'failed').length >= ATTACHMENT_MAX_COUNT;
  return (
    <Stack gap="xs" role="group" aria-labelledby={titleId}>
      <Text size="sm" fw={600} id={titleId}>
        {t('apply.attachments')}
      </Text>
      <Text size="xs" c="dimmed" id={hintId} mt={-8}>
        {t('apply.attachmentsHint')}
      </Text>
      {uploads.items.length > 0 ? (
        <ul className="upload-list" aria-label={t('apply.attachedFiles')} aria-live="polite">
          {uploads.items.map((item) => (
            <UploadRow key={item.key} item={item} onRemove={() => uploads.remove(item.key)} />
          ))}
        </ul>
      ) : null}
      <Group>
        <FileButton
          multiple
          accept={ACCEPT}
          resetRef={resetRef}
          disabled={full}
          onChange={(files) => {
            uploads.add(files);
            resetRef.current?.();
          }}
        >
          {(props) => (
            <Button
              variant="outline"
              {...props}
              disabled={full}
              aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            >
              {t('apply.addFiles')}
            </Button>
          )}
        </FileButton>
      </Group>
      {uploads.overLimit ? (
        <Text size="sm" c="red.9" role="alert">
          {t('apply.tooManyFiles', { count: ATTACHMENT_MAX_COUNT })}
        </Text>
      ) : null}
      {error ? (
        <Text size="sm" c="red.9" id={errorId}>
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * The benefit part of the child step (docs/rules.md, "Registration and eligibility"): the warning
 * about unreadable copies, the category (out-of-turn and first-priority groups) and the proof
 * documents.
 */
export function BenefitFields({
  categoryCode,
  onCategoryChange,
  categoryError,
  uploads,
  attachmentsError,
}: {
  categoryCode: string;
  onCategoryChange: (code: string) => void;
  categoryError?: ReactNode;
  uploads: Uploads;
  attachmentsError?: ReactNode;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const categories = useBenefitCategories();
  const items = categories.data?.items ?? [];
  const groups = (['out_of_turn', 'first_priority'] as const).map((benefitClass) => ({
    group: t(`apply.benefitClass.${benefitClass}`),
    items: items
      .filter((item) => item.class === benefitClass)
      .map((item) => ({ value: item.code, label: localName(item.name, lng) })),
  }));
  return (
    <Stack gap="md">
      <Title order={3} size="h4">
        {t('apply.benefitTitle')}
      </Title>
      <Alert
        color="orange"
        variant="light"
        title={t('apply.attention')}
        styles={{ title: { color: 'var(--mantine-color-text)' } }}
      >
        {t('apply.benefitWarning')}
      </Alert>
      <NativeSelect
        label={t('apply.category')}
        required
        value={categoryCode}
        onChange={(event) => onCategoryChange(event.currentTarget.value)}
        data={[{ value: '', label: t('common.choose') }, ...groups]}
        error={categoryError}
      />
      <AttachmentsField uploads={uploads} error={attachmentsError} />
    </Stack>
  );
}
