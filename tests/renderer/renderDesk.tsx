import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Account, ApiClient } from '../../electron/contract';
import { ApiProvider } from '../../renderer/api/ApiProvider';
import { OperatorContext } from '../../renderer/features/session/sessionContext';
import { ToastProvider } from '../../renderer/ui/ToastProvider';
import { accountOf } from './deskFixtures';

/** Renders a desk page as the shell does: API, toasts, and the given operator logged in (none: no session). */
export function renderDesk(ui: ReactElement, client: ApiClient, options: { operatorId?: number | null } = {}) {
  const operator: Account | null = options.operatorId ? accountOf(options.operatorId) : null;
  return render(
    <ApiProvider client={client}>
      <ToastProvider>
        <OperatorContext value={operator}>{ui}</OperatorContext>
      </ToastProvider>
    </ApiProvider>,
  );
}
