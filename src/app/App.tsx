import { useEffect } from 'react';
import { useMessages } from './i18n/index.ts';
import { CatalogScreen } from './screens/CatalogScreen.tsx';
import { useAppStore } from './store/index.ts';
import type { Screen } from './store/ui-slice.ts';

export function App() {
  const m = useMessages();
  const lang = useAppStore((s) => s.lang);
  const setLang = useAppStore((s) => s.setLang);
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const loadBundledCatalog = useAppStore((s) => s.loadBundledCatalog);

  useEffect(() => {
    loadBundledCatalog();
  }, [loadBundledCatalog]);

  useEffect(() => {
    document.title = m.app.title;
  }, [m]);

  const tabs: { id: Screen; label: string }[] = [{ id: 'catalog', label: m.nav.catalog }];

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>{m.app.title}</h1>
          <span className="subtitle">{m.app.subtitle}</span>
        </div>
        <nav className="tabs" aria-label="main">
          {tabs.map((tab) => (
            <button key={tab.id} type="button" className={tab.id === screen ? 'active' : ''} aria-current={tab.id === screen ? 'page' : undefined} onClick={() => setScreen(tab.id)}>
              {tab.label}
            </button>
          ))}
        </nav>
        <button type="button" className="lang" data-testid="toggle-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {m.app.language}
        </button>
      </header>
      <main>{screen === 'catalog' && <CatalogScreen />}</main>
    </div>
  );
}
