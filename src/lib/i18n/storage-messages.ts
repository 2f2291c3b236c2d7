/**
 * The words of the storage part of Settings and the leave dialog's unsent warning, added to the
 * catalogue as this module loads. Every module that passes one of their keys to `t()` imports it
 * (translate.spec.ts checks), so pages without them carry none of them.
 */
import { storageMessages } from './messages/en-storage';
import { addMessages } from './translate';

addMessages(storageMessages);
