/** English messages for identity: onboarding, the recovery code, display names, signing in, linking a device. */
import type { Message } from './message';

export const identityMessages = {} satisfies Record<string, Message>;
