/** What the post form hands back: a thread's fields, of which a reply uses body and content note. */
export interface PostFormValue {
	title: string;
	body: string;
	contentWarning: string | null;
	tags: string[];
}
