/**
 * The words of backups and readable copies (the "Your data" part of Settings), added to the
 * catalogue as this module loads. Every module that passes one of their keys to `t()` imports it
 * (translate.spec.ts checks), so pages without that section carry none of them.
 */
import { backupMessages } from './messages/en-backup';
import { addMessages } from './translate';

addMessages(backupMessages);
