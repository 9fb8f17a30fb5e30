// Starts the web app: the query cache, the language, the session (resumed after a reload), then the pages.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/errors';
import { session } from './api/session';
import { router } from './app';
import { LocaleProvider } from './i18n/i18n';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Only a lost connection or a server failure is worth another try; a 4xx answer will not change.
      retry: (count, error) =>
        count < 2 && (error instanceof TypeError || (error instanceof ApiError && error.status >= 500)),
      staleTime: 15_000,
      refetchOnWindowFocus: false,
    },
  },
});

// A session that ends (signed out, or refused on refresh) takes every cached answer with it.
session.subscribe(() => {
  if (session.snapshot().status === 'signed-out') queryClient.clear();
});
void session.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <RouterProvider router={router} />
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
