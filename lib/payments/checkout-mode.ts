// Which checkout this deployment offers. The free local test checkout is for laptops (embedded
// mode) and, when asked for with ALLOW_TEST_CHECKOUT=true, staging; a deployment with a real
// database and no STRIPE_SECRET_KEY sells nothing rather than giving listings away.
import { env } from '@/lib/env';

export const LISTING_PRICE_CENTS = 1900;
/** Ids of the local test checkout's sessions (Stripe's own test-mode ids start cs_test_). */
export const LOCAL_CHECKOUT_PREFIX = 'cs_local_';

export type CheckoutMode = 'stripe' | 'test' | 'off';

export function checkoutMode(): CheckoutMode {
  const { STRIPE_SECRET_KEY, ALLOW_TEST_CHECKOUT, databaseMode } = env();
  if (STRIPE_SECRET_KEY) return 'stripe';
  return databaseMode === 'pglite' || ALLOW_TEST_CHECKOUT ? 'test' : 'off';
}
