// File transfers the typed client cannot do: uploads with progress (fetch reports none) and authenticated downloads.
import { authFetch } from './client';
import { ApiError, networkError } from './errors';
import { session } from './session';
import type { ErrorBody } from './types';

export interface UploadProgress {
  loaded: number;
  total: number;
}

function send<T>(
  url: string,
  file: File,
  onProgress: (p: UploadProgress) => void,
): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.responseType = 'json';
    const token = session.token();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress({ loaded: e.loaded, total: e.total });
    });
    xhr.addEventListener('load', () => resolve({ status: xhr.status, body: xhr.response as T }));
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.addEventListener('abort', () => reject(networkError()));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** POSTs one file as multipart field `file`; refreshes the session once on 401, like every other call. */
export async function uploadFile<T>(url: string, file: File, onProgress: (p: UploadProgress) => void): Promise<T> {
  let result = await send<T | ErrorBody>(url, file, onProgress);
  if (result.status === 401 && (await session.refresh())) result = await send<T | ErrorBody>(url, file, onProgress);
  if (result.status === 401) session.expire();
  if (result.status < 200 || result.status >= 300) {
    throw new ApiError(result.status, result.body ?? {});
  }
  return result.body as T;
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return match ? decodeURIComponent(match[1]) : fallback;
}

/** Fetches a file with the session's token and hands it to the browser as a download. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await authFetch(new Request(url));
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    throw new ApiError(response.status, body);
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileNameOf(response, fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file; give it a moment before the address is released.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
