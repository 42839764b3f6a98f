/** Saves bytes or text as a file through the browser's download (a Blob URL on a temporary link). */
export function saveBlob(parts: readonly BlobPart[], fileName: string, type: string): Blob {
  const blob = new Blob(parts as BlobPart[], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; free the URL a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return blob;
}

/** The bytes of base64 text (the host's file chunks). */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
