import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import i18n from './index.ts';

/** A message kept as its i18n key, so that it follows a later change of language. */
export type MessageRef = { key: string; values?: Record<string, unknown> | undefined };

/** `t` for keys built at run time (problem and validation codes); the key must exist. */
export function translate(t: TFunction, key: string, values?: Record<string, unknown>): string {
  return (t as unknown as (k: string, o?: Record<string, unknown>) => string)(key, values);
}

export function hasMessage(key: string): boolean {
  return i18n.exists(key);
}

/** Renders a {@link MessageRef} in the current language. */
export function Msg({ message }: { message: MessageRef }) {
  const { t } = useTranslation();
  return <>{translate(t, message.key, message.values)}</>;
}

export function msg(key: string, values?: Record<string, unknown>) {
  return <Msg message={{ key, values }} />;
}
