import { useState } from 'react';
import type { Attachment } from '../../../electron/contract';
import { useCall } from '../../api/useCall';
import { STAGE_LABELS } from '../../../db/domain/labels';
import { formatDateTime } from '../../domain/time';
import { Spinner } from '../../ui/Spinner';

/** One photo, fetched as a data URL; a click enlarges it. */
export function PhotoThumb({ photo, onOpen }: { photo: Attachment; onOpen: (src: string) => void }) {
  const bytes = useCall('attachments:get', { id: photo.id });
  const [isBroken, setBroken] = useState(false);
  const src = bytes.data ? `data:${bytes.data.mime};base64,${bytes.data.dataBase64}` : null;
  const title = `${STAGE_LABELS[photo.stage]} · ${formatDateTime(photo.addedAt)}${photo.originalName ? `\n${photo.originalName}` : ''}`;
  return (
    <figure className="gd-photo">
      <button type="button" className="gd-photo__frame" title={title} disabled={!src || isBroken} onClick={() => src && onOpen(src)}>
        {isBroken ? (
          <span className="gd-photo__missing">图片已损坏，无法显示</span>
        ) : src ? (
          <img src={src} alt={`${STAGE_LABELS[photo.stage]}照片`} onError={() => setBroken(true)} />
        ) : bytes.error ? (
          <span className="gd-photo__missing">{bytes.error.message}</span>
        ) : (
          <Spinner />
        )}
      </button>
      <figcaption>
        <span className="gd-tag">{STAGE_LABELS[photo.stage]}</span>
        <span className="gd-muted">{formatDateTime(photo.addedAt).slice(5)}</span>
      </figcaption>
    </figure>
  );
}
