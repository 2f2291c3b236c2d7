/**
 * A community room's guidelines on the server: the version the person accepted goes to the server
 * before the first write token (`PUT …/guidelines`, guidelines-acceptance.ts), once per version;
 * when the server wants them accepted (again), the current text is fetched and shown until the
 * person agrees, then every document asks for a fresh token.
 */
import type { CommunityInfo } from '../domain/community/community-info';
import type { JoinedCommunityRecord } from '../storage/community.repository';
import { fetchGuidelines, sendGuidelinesAcceptance } from './guidelines-acceptance';

export interface RoomGuidelinesDeps {
	info: CommunityInfo;
	sync: { origin: string; fetch?: typeof fetch } | null;
	sessionToken(): Promise<string>;
	getJoined(): Promise<JoinedCommunityRecord | null>;
	updateRecord(change: (record: JoinedCommunityRecord) => JoinedCommunityRecord): Promise<void>;
	/** Every document of the room asks for a fresh token. */
	renewAccess(): void;
}

export interface GuidelinesShown {
	lines: string[];
	/** The version they are, when the server said; null from a server that does not say. */
	version: string | null;
}

export class RoomGuidelines {
	/** The guidelines the server wants accepted (again), once asked for: null while not needed. */
	toAccept = $state<GuidelinesShown | null>(null);
	readonly #deps: RoomGuidelinesDeps;
	#sending: Promise<void> | null = null;

	constructor(deps: RoomGuidelinesDeps) {
		this.#deps = deps;
	}

	/** Before a token: sends the accepted version if the server has not recorded it yet. */
	async beforeToken(): Promise<void> {
		this.#sending ??= this.#sendAccepted().finally(() => {
			this.#sending = null;
		});
		await this.#sending;
	}

	/** The server wants them accepted: show the current ones (the device's copy when offline). */
	async ask(): Promise<void> {
		const { sync, info } = this.#deps;
		const fresh = sync === null ? null : await fetchGuidelines(sync.origin, info.id, sync.fetch);
		this.toAccept = fresh ?? { lines: info.guidelines, version: info.guidelinesVersion ?? null };
	}

	/** The person agreed to what is shown; 'changed' when it changed meanwhile (shown anew). */
	async accept(): Promise<'accepted' | 'changed'> {
		const shown = this.toAccept;
		const version = shown?.version ?? null;
		if (version === null) return 'changed';
		if ((await this.#send(version)) === 'changed') return 'changed';
		await this.#deps.updateRecord((record) => ({
			...record,
			guidelinesVersion: version,
			guidelinesSent: version
		}));
		this.toAccept = null;
		this.#deps.renewAccess();
		return 'accepted';
	}

	async #sendAccepted(): Promise<void> {
		const record = await this.#deps.getJoined();
		const version = record?.guidelinesVersion ?? null;
		if (version === null || record?.guidelinesSent === version) return;
		if ((await this.#send(version)) === 'changed') return;
		await this.#deps.updateRecord((r) => ({ ...r, guidelinesSent: version }));
	}

	async #send(version: string): Promise<'accepted' | 'changed'> {
		const sync = this.#deps.sync;
		if (sync === null) return 'changed';
		const outcome = await sendGuidelinesAcceptance({
			origin: sync.origin,
			session: await this.#deps.sessionToken(),
			communityId: this.#deps.info.id,
			version,
			...(sync.fetch ? { fetch: sync.fetch } : {})
		});
		if (outcome.kind === 'accepted') return 'accepted';
		await this.ask();
		return 'changed';
	}
}
