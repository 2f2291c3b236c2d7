/**
 * axe-core in a real page, for the browser tests. The script is evaluated through the debugging
 * protocol, so the page's strict Content-Security-Policy need not be loosened to run it.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: { target: string[] }[];
}

let axeSource: Promise<string> | null = null;

/** axe's serious and critical findings on the page as it is now, one line each, led by `where`. */
export async function seriousViolations(page: Page, where: string): Promise<string[]> {
	axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
	await page.evaluate(await axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } })
			.axe;
		return (await axe.run()).violations;
	});
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${where}: ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
}
