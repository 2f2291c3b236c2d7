import { InvalidRoomNameError } from './store-errors';

/**
 * Room names are opaque to the store: compared exactly, never normalised, trimmed or case-folded,
 * and always bound as parameters, never spliced into SQL. The one thing refused is text that is
 * not well-formed Unicode, because its UTF-8 encoding would be lossy (see InvalidRoomNameError).
 */
export function assertRoomName(room: string): void {
	if (!room.isWellFormed()) throw new InvalidRoomNameError();
}
