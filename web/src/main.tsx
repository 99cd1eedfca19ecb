// The app's entry: translations first (they set lang and dir on <html>), the self-hosted Urdu font, then React.
import '@fontsource/noto-nastaliq-urdu/400.css';
import './i18n/index';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
