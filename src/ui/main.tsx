import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import * as actions from './store';
import { loadBuiltin, openLink, restorePrefs } from './store';
import './styles.css';

// A shared link (#s=…) opens its session; a broken one leaves the default scenario and says why.
restorePrefs();
loadBuiltin();
if (location.hash.length > 1) openLink(location.hash);
window.addEventListener('hashchange', () => {
  if (location.hash.length > 1) openLink(location.hash);
});
// For `npm run bench` and the curious: the store and its actions, from the browser's console.
(window as unknown as { __kafkascope: typeof actions }).__kafkascope = actions;
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
