import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Application,
  Person,
  attachmentSchema,
  benefitCategorySchema,
  documentItemSchema,
  historyItemSchema,
  WaitEstimateView,
} from '@kezek/contracts';
import { currentLanguage } from '../i18n/index.ts';
import { api, apiUrl, csrfTokenFor } from './client.ts';
import { ApiError, problemFrom } from './errors.ts';

export type { Application, Person };
export type BenefitCategory = z.infer<typeof benefitCategorySchema>;
export type HistoryItem = z.infer<typeof historyItemSchema>;
export type DocumentItem = z.infer<typeof documentItemSchema>;
export type Attachment = z.infer<typeof attachmentSchema>;
export type ApplicationStatus = Application['status'];

export const applicationKeys = {
  all: ['applications'] as const,
  journal: ['applications', 'journal'] as const,
  one: (id: string) => ['applications', 'one', id] as const,
  history: (id: string) => ['applications', 'one', id, 'history'] as const,
  documents: (id: string) => ['applications', 'one', id, 'documents'] as const,
  waitEstimate: (id: string) => ['applications', 'one', id, 'wait-estimate'] as const,
  benefitCategories: ['benefit-categories'] as const,
  person: (iin: string) => ['persons', iin] as const,
  children: ['persons', 'me', 'children'] as const,
};

/** The out-of-turn and first-priority categories with their kk/ru/en names. */
export function useBenefitCategories(enabled = true) {
  return useQuery({
    queryKey: applicationKeys.benefitCategories,
    queryFn: ({ signal }) =>
      api<{ items: BenefitCategory[] }>('/api/benefit-categories', { signal }),
    staleTime: Infinity,
    enabled,
  });
}

/**
 * A person from the registry: the applicant's own data or a child of theirs. `null` when the
 * registry answers 404 (unknown, or not the applicant's child: the server does not say which).
 */
export function usePerson(iin: string | null | undefined) {
  return useQuery({
    queryKey: applicationKeys.person(iin ?? ''),
    queryFn: async ({ signal }) => {
      try {
        return await api<Person>(`/api/persons/${iin}`, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    enabled: !!iin,
    staleTime: 5 * 60_000,
  });
}

/** The children the registry lists for the signed-in applicant. */
export function useMyChildren(enabled = true) {
  return useQuery({
    queryKey: applicationKeys.children,
    queryFn: ({ signal }) => api<{ items: Person[] }>('/api/persons/me/children', { signal }),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** The journal: applications the user filed or attached. */
export function useJournal(enabled = true) {
  return useQuery({
    queryKey: applicationKeys.journal,
    queryFn: ({ signal }) => api<{ items: Application[] }>('/api/applications', { signal }),
    enabled,
    staleTime: 10_000,
  });
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: applicationKeys.one(id),
    queryFn: ({ signal }) => api<Application>(`/api/applications/${id}`, { signal }),
    staleTime: 10_000,
  });
}

/** When the waiting child's turn is likely (docs/wait-estimates.md). */
export function useWaitEstimate(id: string, enabled: boolean) {
  return useQuery({
    queryKey: applicationKeys.waitEstimate(id),
    queryFn: ({ signal }) =>
      api<WaitEstimateView>(`/api/applications/${id}/wait-estimate`, { signal }),
    enabled,
  });
}

export function useApplicationHistory(id: string, enabled = true) {
  return useQuery({
    queryKey: applicationKeys.history(id),
    queryFn: ({ signal }) =>
      api<{ items: HistoryItem[] }>(`/api/applications/${id}/history`, { signal }),
    enabled,
    staleTime: 0,
  });
}

export function useApplicationDocuments(id: string, enabled = true) {
  return useQuery({
    queryKey: applicationKeys.documents(id),
    queryFn: ({ signal }) =>
      api<{ items: DocumentItem[] }>(`/api/applications/${id}/documents`, { signal }),
    enabled,
    staleTime: 0,
  });
}

/** Where a document (generated PDF or uploaded attachment) is downloaded from. */
export function documentUrl(id: string): string {
  return apiUrl(`/api/documents/${id}`);
}

/**
 * The applicant's instructions (docs/rules.md, "Documents and notifications"), in Kazakh or
 * Russian.
 */
export function instructionsUrl(language: 'kk' | 'ru'): string {
  return apiUrl(`/api/public/instructions/${language}.pdf`);
}

export const createApplication = (body: { cms: string }) =>
  api<Application>('/api/applications', { method: 'POST', body });

export const confirmInterest = (id: string) =>
  api<Application>(`/api/applications/${id}/confirm-interest`, { method: 'POST' });

export const changeBenefit = (id: string, body: { cms: string }) =>
  api<Application>(`/api/applications/${id}/benefit`, { method: 'POST', body });

export const changePreferences = (id: string, body: { cms: string }) =>
  api<Application>(`/api/applications/${id}/preferences`, { method: 'POST', body });

export const declineTurn = (id: string, body: { cms: string }) =>
  api<Application>(`/api/applications/${id}/turn/decline`, { method: 'POST', body });

export const withdrawApplication = (id: string, body: { cms: string }) =>
  api<Application>(`/api/applications/${id}/withdraw`, { method: 'POST', body });

export const attachApplication = (body: { cms: string }) =>
  api<Application>('/api/applications/attach', { method: 'POST', body });

/** The largest file `POST /api/attachments` takes (the server answers 413 above it). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many proofs per application (contracts: benefitClaimSchema). */
export const ATTACHMENT_MAX_COUNT = 10;

export interface UploadHandle {
  promise: Promise<Attachment>;
  abort: () => void;
}

/**
 * Uploads one proof document (`POST /api/attachments`, multipart field `file`) with progress
 * (fetch cannot report upload progress, XMLHttpRequest can). Rejects with an {@link ApiError}:
 * 413 `payload_too_large`, 415 `unsupported_media_type` or `file_type_mismatch`, 422
 * `image_too_large`, `network`, or `aborted`.
 */
export function uploadAttachment(file: File, onProgress: (fraction: number) => void): UploadHandle {
  return uploadFile<Attachment>('/api/attachments', file, onProgress);
}

/**
 * Uploads one file as the multipart field `file` with progress; the answer's body on a 2xx, else
 * rejects with an {@link ApiError} (`network` and `aborted` when no answer came).
 */
export function uploadFile<T>(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
): { promise: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = (async () => {
    const token = await csrfTokenFor('POST');
    return new Promise<T>((resolve, reject) => {
      xhr.open('POST', apiUrl(path));
      xhr.withCredentials = true;
      xhr.setRequestHeader('accept', 'application/json, application/problem+json');
      xhr.setRequestHeader('accept-language', currentLanguage());
      if (token) xhr.setRequestHeader('x-csrf-token', token);
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      xhr.onload = () => {
        let body: unknown;
        try {
          body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
        } catch {
          body = undefined;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
        else reject(problemFrom(xhr.status, body));
      };
      xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network' }));
      xhr.onabort = () => reject(new ApiError({ status: 0, code: 'aborted' }));
      const form = new FormData();
      form.append('file', file, file.name);
      xhr.send(form);
    });
  })();
  return { promise, abort: () => xhr.abort() };
}
