/** Characters Windows does not allow in file names. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 150) || '周报';
}

/** Saves text as a file through the browser's download (a Blob URL on a temporary link). */
export function downloadHtml(html: string, fileName: string): Blob {
  const blob = new Blob([html], { type: 'text/html;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName.endsWith('.html') ? fileName : `${fileName}.html`;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; free the URL a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return blob;
}
