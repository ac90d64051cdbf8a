// The public showcase of the sharing platform (职工创新共享平台): its own entry, React only,
// so that a phone loads a few kilobytes instead of the staff app. No sign-in.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PublicApp } from './public-app.tsx';
import './public.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PublicApp />
  </StrictMode>,
);
