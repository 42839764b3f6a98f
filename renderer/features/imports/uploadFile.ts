import type { ApiClient } from '../../../electron/contract';

/** Bytes per upload call: well under the host's request limit once Base64-encoded. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Sends a chosen file to the host in chunks; resolves to the upload id the import calls take. */
export async function uploadFile(api: ApiClient, file: File, onProgress?: (sent: number) => void): Promise<string> {
  let uploadId: string | undefined;
  let offset = 0;
  do {
    const chunk = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const r = await api['imports:upload']({ ...(uploadId ? { uploadId } : {}), fileName: file.name, offset, dataBase64: toBase64(chunk) });
    uploadId = r.uploadId;
    offset = r.bytes;
    onProgress?.(offset);
  } while (offset < file.size);
  return uploadId!;
}

/** Offers bytes (Base64) as a file download. */
export function downloadBase64(fileName: string, dataBase64: string, mime = 'text/csv;charset=utf-8'): void {
  const binary = atob(dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
