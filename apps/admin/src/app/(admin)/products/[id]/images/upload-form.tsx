'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';

type Upload = {
  name: string;
  /** 0 to 1 while sending; null once answered. */
  progress: number | null;
  error: string | null;
  done: boolean;
};

/**
 * Picks one or more files and sends them one after another to the upload route, each with its
 * progress bar (XMLHttpRequest reports upload progress; fetch does not). A file over the limit
 * is refused here before it is sent; the route checks again and decides what is an image.
 */
export function UploadForm({
  productId,
  maxBytes,
  disabled,
}: {
  productId: number;
  maxBytes: number;
  disabled: boolean;
}) {
  const router = useRouter();
  const inputId = useId();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [busy, setBusy] = useState(false);

  const update = (index: number, change: Partial<Upload>) =>
    setUploads((all) => all.map((u, i) => (i === index ? { ...u, ...change } : u)));

  async function send(files: File[]) {
    setBusy(true);
    setUploads(files.map((f) => ({ name: f.name, progress: 0, error: null, done: false })));
    for (const [index, file] of files.entries()) {
      if (file.size > maxBytes) {
        update(index, {
          progress: null,
          error: `${file.name} is larger than ${Math.round(maxBytes / (1024 * 1024))} MB, the most an image may be.`,
        });
        continue;
      }
      const error = await post(file, (p) => update(index, { progress: p }));
      update(index, { progress: null, error, done: error === null });
    }
    setBusy(false);
    router.refresh();
  }

  function post(file: File, onProgress: (fraction: number) => void): Promise<string | null> {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/products/${productId}/images`);
      xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) return resolve(null);
        resolve(messageOf(xhr.responseText) ?? `The upload failed (${xhr.status}).`);
      };
      xhr.onerror = () => resolve('The upload did not reach the server: check the connection.');
      xhr.send(file);
    });
  }

  return (
    <div className="space-y-2">
      <label htmlFor={inputId} className="block font-medium">
        Add images
      </label>
      <input
        id={inputId}
        type="file"
        accept="image/jpeg,image/png,image/webp,image/avif,image/gif"
        multiple
        disabled={disabled || busy}
        className="block text-sm file:mr-3 file:rounded-sm file:border file:border-neutral-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-neutral-100"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = '';
          if (files.length > 0) void send(files);
        }}
      />
      <p className="text-xs text-neutral-600">
        JPEG, PNG, WebP, AVIF or GIF, up to {Math.round(maxBytes / (1024 * 1024))} MB each. Metadata
        such as camera details and location is removed.
      </p>
      {uploads.length > 0 ? (
        <ul className="space-y-1" aria-label="Uploads">
          {uploads.map((u, i) => (
            <li key={`${u.name}-${i}`} className="flex items-center gap-2">
              <span className="w-48 truncate">{u.name}</span>
              {u.progress !== null ? (
                <progress
                  max={1}
                  value={u.progress}
                  aria-label={`Uploading ${u.name}`}
                  className="h-2 w-40"
                />
              ) : null}
              {u.done ? (
                <span role="status" className="text-success">
                  Uploaded
                </span>
              ) : null}
              {u.error ? (
                <span role="alert" className="field-error mt-0">
                  {u.error}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The route's sentence from its JSON answer (`{ message }`), if it sent one. */
function messageOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      parsed &&
      typeof parsed === 'object' &&
      'message' in parsed &&
      typeof parsed.message === 'string'
    )
      return parsed.message;
  } catch {
    // Not JSON (a proxy's page): the caller says what failed.
  }
  return null;
}
