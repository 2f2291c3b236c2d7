/**
 * The one fold cache the community screens share, so a card re-rendered after every change in a
 * busy community does not read its words for sensitive topics again (see `fold-cache.ts`).
 */
import { FoldCache } from '$lib/domain/safety/fold-cache';

export const postFolds = new FoldCache();
