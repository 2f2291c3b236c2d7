/** One catalogue entry: plain text with `{name}` placeholders, or Intl plural forms. */
export type PluralMessage = { other: string } & Partial<
	Record<'zero' | 'one' | 'two' | 'few' | 'many', string>
>;
export type Message = string | PluralMessage;
