import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ApiClient } from '../../electron/contract';
import { ApiProvider } from '../../renderer/api/ApiProvider';

export function renderWithApi(ui: ReactElement, client: ApiClient) {
  return render(<ApiProvider client={client}>{ui}</ApiProvider>);
}
