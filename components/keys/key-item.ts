// An API key as the keys page shows it: what GET /api/keys answers (never the secret).
export interface KeyItem {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: string;
  lastUsedAt: string | null;
}

export const keyName = (key: Pick<KeyItem, 'name'>) => key.name || 'Unnamed key';
