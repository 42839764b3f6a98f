import { useRef, useState } from 'react';
import type { Account, AttachmentStage, IncidentStatus } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useCall, useWrite } from '../../api/useCall';
import { STAGE_LABELS } from '../../../db/domain/labels';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { useToast } from '../../ui/useToast';
import { fileToBase64 } from './photoFile';
import { PhotoThumb } from './PhotoThumb';

const STAGES: readonly AttachmentStage[] = ['report', 'handling', 'after', 'verify'];

/** The stage a new photo most likely belongs to, from the case's state. */
function stageFor(status: IncidentStatus): AttachmentStage {
  if (status === 'reported' || status === 'registered') return 'report';
  if (status === 'handled') return 'verify';
  if (status === 'dispatched' || status === 'handling' || status === 'returned') return 'handling';
  return 'after';
}

interface CasePhotosProps {
  readonly incidentId: number;
  readonly status: IncidentStatus;
  readonly operator: Account | null;
}

/** A case's photos; one added here refreshes this list and the case's timeline through the cache. */
export function CasePhotos({ incidentId, status, operator }: CasePhotosProps) {
  const addPhoto = useWrite('attachments:add');
  const toast = useToast();
  const photos = useCall('attachments:list', { incidentId });
  const [stage, setStage] = useState<AttachmentStage>(() => stageFor(status));
  const [isBusy, setBusy] = useState(false);
  const [enlarged, setEnlarged] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0 || !operator) return;
    setBusy(true);
    let added = 0;
    for (const file of [...files]) {
      try {
        await addPhoto({
          incidentId,
          stage,
          fileName: file.name,
          dataBase64: await fileToBase64(file),
        });
        added += 1;
      } catch (e) {
        toast.show({ tone: 'error', text: `照片「${file.name}」未能添加`, detail: toApiError(e).message });
      }
    }
    setBusy(false);
    if (fileRef.current) fileRef.current.value = '';
    if (added > 0) {
      toast.show({ tone: 'success', text: `已添加 ${added} 张${STAGE_LABELS[stage]}照片` });
    }
  };

  return (
    <div className="gd-photos">
      {photos.error ? (
        <ErrorNotice error={photos.error} action="读取照片" onRetry={photos.reload} />
      ) : photos.data && photos.data.length > 0 ? (
        <div className="gd-photos__grid">
          {photos.data.map((p) => (
            <PhotoThumb key={`${p.id}-${p.stage}`} photo={p} onOpen={setEnlarged} />
          ))}
        </div>
      ) : (
        photos.data && <p className="gd-muted gd-photos__none">暂无照片。</p>
      )}
      <div className="gd-photos__add">
        <select className="gd-select gd-select--small" aria-label="照片阶段" value={stage} onChange={(e) => setStage(e.target.value as AttachmentStage)}>
          {STAGES.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}照片
            </option>
          ))}
        </select>
        <input
          ref={fileRef}
          type="file"
          multiple
          accept="image/jpeg,image/png,image/gif,image/webp"
          className="gd-visually-hidden"
          aria-label="选择照片文件"
          onChange={(e) => void add(e.target.files)}
        />
        <BusyButton
          className="gd-button gd-button--small"
          isBusy={isBusy}
          disabled={!operator}
          title={operator ? undefined : '请先登录'}
          onClick={() => fileRef.current?.click()}
        >
          添加照片…
        </BusyButton>
      </div>
      {enlarged && (
        <Dialog title="照片" onClose={() => setEnlarged(null)} size="large">
          <img className="gd-photos__large" src={enlarged} alt="放大的照片" />
        </Dialog>
      )}
    </div>
  );
}
