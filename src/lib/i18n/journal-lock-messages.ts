/**
 * The journal lock's words (the unlock screen, the home page's "locked" card, the lock's part of
 * Settings), added to the catalogue as this module loads. Every module that passes one of their
 * keys to `t()` imports it (translate.spec.ts checks), so pages without the lock carry none.
 */
import { journalLockMessages } from './messages/en-journal-lock';
import { addMessages } from './translate';

addMessages(journalLockMessages);
