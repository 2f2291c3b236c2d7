/**
 * What the person needs to know about this device's storage: that it cannot be used at all, that
 * it is full, or that a save failed for another reason. Errors are named where storage raises
 * them; this is the one place that turns them into a notice.
 */
import { StorageFullError } from '../storage/storage-errors';

export type StorageIssue = 'unavailable' | 'full' | 'problem';

class StorageHealth {
	issue = $state<StorageIssue | null>(null);

	report(issue: StorageIssue): void {
		this.issue = issue;
	}

	clear(): void {
		this.issue = null;
	}

	/** A save went through: a full device or a passing failure is over, so its notice goes. */
	saved(): void {
		if (this.issue === 'full' || this.issue === 'problem') this.issue = null;
	}
}

export const storageHealth = new StorageHealth();

export function reportStorageError(error: unknown): void {
	if (error instanceof StorageFullError) {
		storageHealth.report('full');
	} else {
		console.error('Storage error', error);
		if (storageHealth.issue !== 'unavailable') storageHealth.report('problem');
	}
}
