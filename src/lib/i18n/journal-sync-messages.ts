/**
 * The journal sync section's words, added to the catalogue as this module loads. Every module
 * that passes one of their keys to `t()` imports it (translate.spec.ts checks).
 */
import { journalSyncMessages } from './messages/en-journal-sync';
import { addMessages } from './translate';

addMessages(journalSyncMessages);
