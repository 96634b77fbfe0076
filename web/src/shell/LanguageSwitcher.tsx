import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_ENDONYMS, UI_LANGUAGES, currentLanguage } from '../i18n/index.ts';

/** Three toggle buttons named in their own language; the group is named in the current one. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const active = currentLanguage();
  return (
    <Group gap={4} role="group" aria-label={t('language.switcher')} wrap="nowrap">
      {UI_LANGUAGES.map((lng) => (
        <Button
          key={lng}
          size="compact-sm"
          variant={lng === active ? 'filled' : 'subtle'}
          aria-pressed={lng === active}
          lang={lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {LANGUAGE_ENDONYMS[lng]}
        </Button>
      ))}
    </Group>
  );
}
