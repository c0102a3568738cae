import { z } from 'zod';

export const listingParams = z.object({ id: z.uuid() });
export const createListingBody = z.object({ title: z.string().trim().min(1).max(200) });
export const updateListingBody = createListingBody;
