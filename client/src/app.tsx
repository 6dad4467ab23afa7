import { useEffect, useState } from 'react';
import { MapView } from './map/map-view.tsx';

interface Health {
  backend: 'embedded' | 'postgres';
  postgis: string;
}

export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch('/api/health')
      .then(async (response) => {
        if (!response.ok) throw new Error(`API answered ${response.status}`);
        setHealth((await response.json()) as Health);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  return (
    <div className="app">
      <MapView />
      <header className="topbar">
        <h1>riskmap</h1>
        {error ? (
          <span className="status error" role="alert">Không kết nối được máy chủ / Cannot reach the server: {error}</span>
        ) : (
          <span className="status" data-testid="backend">{health ? `${health.backend} · PostGIS ${health.postgis}` : '…'}</span>
        )}
      </header>
    </div>
  );
}
