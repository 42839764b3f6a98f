import { useState } from 'react';
import { toApiError, type ApiError } from '../../api/client';
import { useWrite } from '../../api/useCall';
import { BusyButton } from '../../ui/BusyButton';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { SecretField } from '../../ui/SecretField';
import { useToast } from '../../ui/useToast';
import { SECRET_HINT } from './secretHint';

/** 修改密码: the current password, the new one twice. */
export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const changePassword = useWrite('session:change-password');
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<{ current?: string; next?: string; repeat?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const save = async () => {
    const found: { current?: string; next?: string; repeat?: string } = {};
    if (!current) found.current = '请输入当前密码';
    if (!next) found.next = '请输入新密码';
    else if (next === current) found.next = '新密码与当前密码相同';
    else if (repeat !== next) found.repeat = '两次输入的新密码不一致';
    setProblems(found);
    if (found.current || found.next || found.repeat) return;
    setBusy(true);
    setFailure(null);
    try {
      await changePassword({ current, next });
      toast.show({ tone: 'success', text: '密码已修改', detail: '下次登录和解锁请使用新密码。' });
      onClose();
    } catch (e) {
      setFailure(toApiError(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="修改密码"
      size="small"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="gd-button" onClick={onClose}>
            取消
          </button>
          <BusyButton type="submit" form="gd-password-form" className="gd-button gd-button--accent" isBusy={isBusy}>
            保存新密码
          </BusyButton>
        </>
      }
    >
      <form
        id="gd-password-form"
        className="gd-authform"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <SecretField id="gd-password-current" label="当前密码" autoComplete="current-password" isRequired error={problems.current} value={current} onChange={setCurrent} />
        <SecretField id="gd-password-next" label="新密码" autoComplete="new-password" isRequired error={problems.next} hint={SECRET_HINT} value={next} onChange={setNext} />
        <SecretField id="gd-password-repeat" label="再次输入新密码" autoComplete="new-password" isRequired error={problems.repeat} value={repeat} onChange={setRepeat} />
        {failure && <ErrorNotice error={failure} action="修改密码" />}
      </form>
    </Dialog>
  );
}
