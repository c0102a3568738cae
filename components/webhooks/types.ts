// What the page shows, as the API answers it (GET /api/webhook-endpoints and …/deliveries).
export interface EndpointItem {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
  failingSince: string | null;
  lastFailure: string | null;
  previousSecretUntil: string | null;
}

export interface DeliveryItem {
  id: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

export const EVENT_LABELS: Record<string, string> = {
  'image.uploaded': 'An upload is confirmed',
  'image.deleted': 'An image is deleted',
  'listing.published': 'A listing is paid and published',
  'listing.checkout_cancelled': 'A checkout is cancelled or expires',
  'generated.created': 'A service stores a generated image',
  'generated.stage_changed': 'A generated image changes stage',
  'cleanup.completed': 'A clean-up run finishes (admins)',
};
