import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiProvider';
import { createClient, dropTokenFromAddress } from './api/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// The client has read the access token from the page; the address bar need not show it any more.
const client = createClient();
dropTokenFromAddress();

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <ApiProvider client={client}>
        <App />
      </ApiProvider>
    </ErrorBoundary>
  </StrictMode>,
);
