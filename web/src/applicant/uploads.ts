import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors.ts';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_COUNT,
  uploadAttachment,
} from '../api/applications.ts';
import type { Attachment } from '../api/applications.ts';

export type UploadState = 'uploading' | 'done' | 'failed';

/** One chosen file: uploaded at once, with its progress, result or problem. */
export interface UploadItem {
  key: string;
  name: string;
  size: number;
  state: UploadState;
  /** 0…1 while uploading. */
  progress: number;
  attachment?: Attachment;
  error?: unknown;
}

export interface Uploads {
  items: UploadItem[];
  add: (files: readonly File[]) => void;
  remove: (key: string) => void;
  clear: () => void;
  /** The uploaded files as the signed application names them: id and sha256. */
  refs: { id: string; sha256: string }[];
  /** A file is still being uploaded. */
  pending: boolean;
  /** More files were chosen than may be attached. */
  overLimit: boolean;
}

let counter = 0;

/**
 * The proof documents of a benefit: every chosen file is sent to `POST /api/attachments` at once
 * (the type is checked by the server from the content; the size is checked here first, so a
 * 30 MB scan is not sent only to be refused). Removing a file forgets it (and stops its upload);
 * an upload that was not used by an application stays unused on the server.
 */
export function useUploads(): Uploads {
  const [items, setItems] = useState<UploadItem[]>([]);
  const [overLimit, setOverLimit] = useState(false);
  // The list as last set: uploads finish at any time and must change the latest one.
  const latest = useRef<UploadItem[]>([]);
  const aborts = useRef(new Map<string, () => void>());

  useEffect(() => {
    const running = aborts.current;
    return () => {
      for (const abort of running.values()) abort();
      running.clear();
    };
  }, []);

  const commit = useCallback((next: UploadItem[]) => {
    latest.current = next;
    setItems(next);
  }, []);

  const update = useCallback(
    (key: string, change: Partial<UploadItem>) => {
      commit(latest.current.map((item) => (item.key === key ? { ...item, ...change } : item)));
    },
    [commit],
  );

  const add = useCallback(
    (files: readonly File[]) => {
      const kept = latest.current.filter((item) => item.state !== 'failed').length;
      const room = Math.max(0, ATTACHMENT_MAX_COUNT - kept);
      setOverLimit(files.length > room);
      const added: UploadItem[] = [];
      const started: { key: string; file: File }[] = [];
      for (const file of files.slice(0, room)) {
        counter += 1;
        const key = `upload-${counter}`;
        if (file.size > ATTACHMENT_MAX_BYTES) {
          added.push({
            key,
            name: file.name,
            size: file.size,
            state: 'failed',
            progress: 0,
            error: new ApiError({ status: 413, code: 'payload_too_large' }),
          });
        } else {
          added.push({ key, name: file.name, size: file.size, state: 'uploading', progress: 0 });
          started.push({ key, file });
        }
      }
      commit([...latest.current, ...added]);
      for (const { key, file } of started) {
        const upload = uploadAttachment(file, (progress) => update(key, { progress }));
        aborts.current.set(key, upload.abort);
        upload.promise.then(
          (attachment) => {
            aborts.current.delete(key);
            update(key, { state: 'done', progress: 1, attachment });
          },
          (error: unknown) => {
            aborts.current.delete(key);
            update(key, { state: 'failed', error });
          },
        );
      }
    },
    [commit, update],
  );

  const remove = useCallback(
    (key: string) => {
      aborts.current.get(key)?.();
      aborts.current.delete(key);
      setOverLimit(false);
      commit(latest.current.filter((item) => item.key !== key));
    },
    [commit],
  );

  const clear = useCallback(() => {
    for (const abort of aborts.current.values()) abort();
    aborts.current.clear();
    setOverLimit(false);
    commit([]);
  }, [commit]);

  const refs = items.flatMap((item) =>
    item.state === 'done' && item.attachment
      ? [{ id: item.attachment.id, sha256: item.attachment.sha256 }]
      : [],
  );
  return {
    items,
    add,
    remove,
    clear,
    refs,
    pending: items.some((item) => item.state === 'uploading'),
    overLimit,
  };
}
