// The browser's calls for listings themselves: drafts, titles, checkout, delete.
import { callApi as call } from '@/components/api/call-api';

export interface DraftInfo {
  id: string;
  title: string;
  uploadSessionId: string;
  /** ISO date: when clean-up abandons the draft if nobody changes it. */
  abandonAt: string | null;
}

export const createDraft = (title: string) => call<DraftInfo>('/api/listings', 'POST', { title });

export const saveTitle = (listingId: string, title: string) => call<{ title: string }>(`/api/listings/${listingId}`, 'PATCH', { title });

export const deleteListing = (listingId: string) => call<void>(`/api/listings/${listingId}`, 'DELETE');

export const cancelCheckout = (listingId: string) => call<{ status: string }>(`/api/listings/${listingId}/cancel-checkout`, 'POST', {});
