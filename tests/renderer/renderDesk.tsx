import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ApiClient } from '../../electron/contract';
import { ApiProvider } from '../../renderer/api/ApiProvider';
import { OperatorProvider } from '../../renderer/features/operators/OperatorProvider';
import { OPERATOR_STORAGE_KEY } from '../../renderer/features/operators/operatorStorage';
import { ToastProvider } from '../../renderer/ui/ToastProvider';

/** Renders a desk page as the shell does: API, toasts, and the given operator at the desk. */
export function renderDesk(ui: ReactElement, client: ApiClient, options: { operatorId?: number | null } = {}) {
  if (options.operatorId) window.localStorage.setItem(OPERATOR_STORAGE_KEY, String(options.operatorId));
  else window.localStorage.removeItem(OPERATOR_STORAGE_KEY);
  return render(
    <ApiProvider client={client}>
      <ToastProvider>
        <OperatorProvider>{ui}</OperatorProvider>
      </ToastProvider>
    </ApiProvider>,
  );
}
