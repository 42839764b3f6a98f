import { saveBlob } from '../exports/saveBlob';

/** Characters Windows does not allow in file names. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/\s+/g, ' ').trim().slice(0, 150) || '周报';
}

/** Saves the report's HTML as a file through the browser's download. */
export function downloadHtml(html: string, fileName: string): Blob {
  return saveBlob([html], fileName.endsWith('.html') ? fileName : `${fileName}.html`, 'text/html;charset=utf-8');
}
