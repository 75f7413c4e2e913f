import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { openProjectDb } from './persist/project-db.ts';
import { loadEngine } from './store/engine-loader.ts';
import { useAppStore } from './store/index.ts';
import './styles.css';

// The store is reachable from the page for the browser tests and `npm run bench` (measuring edits
// without driving every keystroke through the UI). It holds nothing the user cannot already see.
Object.assign(window, { __dcq: { store: useAppStore } });

// The project engine (validation, sizing, BOM, pricing) is its own chunk: start fetching it now, beside
// the catalog and rules index.html preloads, rather than after the first render.
void loadEngine();
openProjectDb();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
