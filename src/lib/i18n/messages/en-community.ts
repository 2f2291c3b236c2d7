/** English messages for communities: browsing, joining, threads, replies, reactions, activity and sync status. */
import type { Message } from './message';

export const communityMessages = {} satisfies Record<string, Message>;
