/**
 * Hands a file made on the device to the browser to save, as a download: no server is involved,
 * so what is in the file never leaves the phone except where the person puts it.
 */

export interface FileToSave {
	name: string;
	text: string;
}

/** Long enough for any browser to have read the file after the click. */
const REVOKE_AFTER_MS = 60_000;

export function saveFile({ name, text }: FileToSave, type: string): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	link.hidden = true;
	document.body.append(link);
	link.click();
	link.remove();
	// Revoking at once can cancel the download in some browsers; the text is freed later.
	setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
