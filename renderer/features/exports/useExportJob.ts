import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportFormat, ExportJobStatus, IncidentFilter } from '../../../electron/contract';
import { toApiError } from '../../api/client';
import { useApi } from '../../api/useApi';
import { useToast } from '../../ui/useToast';
import { EXPORT_FORMAT_INFO } from './formats';
import { bytesOfBase64, saveBlob } from './saveBlob';

export const EXPORT_POLL_MS = 300;

/** Where an export is: being written by the host, or being fetched by the page once written. */
export type ExportPhase = 'writing' | 'downloading';

export interface ExportJobView {
  readonly status: ExportJobStatus;
  readonly phase: ExportPhase;
  /** Bytes fetched so far while downloading, of the file's size. */
  readonly downloaded: number;
  readonly isCancelling: boolean;
}

/**
 * Runs one case export at a time: starts the host's job, follows its progress until it ends, then either
 * names where the host saved it (Electron) or fetches it in chunks and downloads it (browser mode).
 * Cancel stops the host's job, which removes its partial file.
 */
export function useExportJob() {
  const api = useApi();
  const toast = useToast();
  const [job, setJob] = useState<ExportJobView | null>(null);
  const [isStarting, setStarting] = useState(false);
  const isMounted = useRef(true);
  useEffect(() => {
    isMounted.current = true;
    return () => {
      isMounted.current = false;
    };
  }, []);

  const download = useCallback(
    async (status: ExportJobStatus) => {
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let offset = 0;
      for (;;) {
        const chunk = await api['exports:read']({ jobId: status.jobId, offset });
        parts.push(bytesOfBase64(chunk.dataBase64));
        offset += chunk.bytes;
        if (isMounted.current) setJob((j) => (j && j.status.jobId === status.jobId ? { ...j, downloaded: offset } : j));
        if (chunk.done) break;
      }
      saveBlob(parts, status.fileName, EXPORT_FORMAT_INFO[status.format].mime);
    },
    [api],
  );

  const finish = useCallback(
    async (status: ExportJobStatus) => {
      try {
        if (status.state === 'done') {
          const cases = `${status.cases.toLocaleString('zh-CN')} 件案件`;
          if (status.savedTo) {
            toast.show({ tone: 'success', text: `已导出 ${cases}`, detail: status.savedTo });
          } else {
            setJob({ status, phase: 'downloading', downloaded: 0, isCancelling: false });
            await download(status);
            toast.show({ tone: 'success', text: `已导出 ${cases}`, detail: status.fileName });
          }
        } else if (status.state === 'cancelled') {
          toast.show({ tone: 'info', text: '已取消导出', detail: '未保存任何文件' });
        } else if (status.state === 'failed') {
          toast.show({ tone: 'error', text: '导出失败', detail: status.error?.message ?? '' });
        }
      } catch (e) {
        const failure = toApiError(e);
        toast.show({ tone: 'error', text: '下载导出文件失败', detail: failure.message });
      } finally {
        if (isMounted.current) setJob(null);
      }
    },
    [download, toast],
  );

  // Follows the running job: each answer (a new object) schedules the next question.
  const polled = job?.phase === 'writing' ? job.status : null;
  useEffect(() => {
    if (!polled) return;
    const jobId = polled.jobId;
    const timer = window.setTimeout(() => {
      api['exports:progress']({ jobId }).then(
        (next) => {
          if (!isMounted.current) return;
          if (next.state === 'running') setJob((j) => (j && j.status.jobId === jobId ? { ...j, status: next } : j));
          else void finish(next);
        },
        (e: unknown) => {
          if (!isMounted.current) return;
          toast.show({ tone: 'error', text: '无法读取导出进度', detail: toApiError(e).message });
          setJob(null);
        },
      );
    }, EXPORT_POLL_MS);
    return () => window.clearTimeout(timer);
  }, [api, polled, finish, toast]);

  const start = useCallback(
    async (format: ExportFormat, filter: IncidentFilter) => {
      setStarting(true);
      try {
        const status = await api['exports:start']({ format, filter });
        // Electron: the save dialog was closed without a choice — nothing to say.
        if (status.state === 'running') setJob({ status, phase: 'writing', downloaded: 0, isCancelling: false });
        else if (status.state !== 'cancelled') await finish(status);
      } catch (e) {
        toast.show({ tone: 'error', text: '无法开始导出', detail: toApiError(e).message });
      } finally {
        setStarting(false);
      }
    },
    [api, finish, toast],
  );

  const cancel = useCallback(async () => {
    if (!job || job.phase !== 'writing') return;
    setJob({ ...job, isCancelling: true });
    try {
      await api['exports:cancel']({ jobId: job.status.jobId });
      // The next progress answer reports the job cancelled (or done, if it finished meanwhile).
    } catch (e) {
      toast.show({ tone: 'error', text: '无法取消导出', detail: toApiError(e).message });
    }
  }, [api, job, toast]);

  return { job, isBusy: isStarting || job !== null, start, cancel };
}
