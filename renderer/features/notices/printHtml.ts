/**
 * Prints a self-contained HTML document (the host's A4 notices) without leaving the page: the document goes
 * into a hidden, sandboxed iframe by `srcdoc` and that frame prints itself. No new window (Electron refuses
 * them), no URL to fetch: an `about:srcdoc` frame is not a request, so the CSP's `frame-src 'none'` does not
 * apply, and the frame inherits the page's CSP. The sandbox lets no script run in it; `allow-same-origin`
 * lets this page call its print(), `allow-modals` lets the print dialog open.
 */

const SANDBOX = 'allow-same-origin allow-modals';

let pending: HTMLIFrameElement | null = null;

/** Removes the frame of the last print (a print dialog may still hold it until the next one). */
export function discardPrintFrame(): void {
  pending?.remove();
  pending = null;
}

/** Opens the print dialog for `html`; resolves once the dialog was asked for. */
export function printHtml(html: string, title: string): Promise<void> {
  discardPrintFrame();
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', SANDBOX);
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = title;
  frame.className = 'gd-print-frame';
  // Out of sight but laid out: some engines print nothing from a frame that is display:none.
  Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '0', height: '0', border: '0', opacity: '0', pointerEvents: 'none' });
  pending = frame;
  return new Promise<void>((resolve, reject) => {
    frame.addEventListener(
      'load',
      () => {
        const view = frame.contentWindow;
        if (!view) {
          reject(new Error('打印框架未能载入'));
          return;
        }
        view.addEventListener('afterprint', () => {
          if (pending === frame) discardPrintFrame();
        });
        view.focus();
        view.print();
        resolve();
      },
      { once: true },
    );
    frame.srcdoc = html;
    document.body.append(frame);
  });
}
